package dev.burnrate.engine;

import dev.burnrate.usage.AnomalySettings;
import java.math.BigDecimal;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The answer of {@link CostEngine#weights}: the cost model in force, where it came from, and the
 * formula every {@code cost_units} figure follows.
 *
 * @param tools per tool, by name
 */
public record CostModelView(
    String source,
    String formula,
    Weight defaults,
    Map<String, Weight> tools,
    AnomalySettings anomaly) {
  public CostModelView {
    tools = Collections.unmodifiableMap(new LinkedHashMap<>(tools));
  }

  /** The weights of one tool (or the defaults); the category only when one is configured. */
  public record Weight(BigDecimal costPerCall, BigDecimal costPerMs, Optional<String> category) {}
}

package dev.burnrate.usage;

import java.math.BigDecimal;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The cost model in force: per-tool weights, the defaults for tools not listed, anomaly defaults,
 * and where the model came from (a file path, or "built-in").
 */
public record CostWeights(
    ToolWeight defaults, Map<String, ToolWeight> tools, AnomalySettings anomaly, String source) {

  public static final CostWeights BUILT_IN =
      new CostWeights(
          new ToolWeight(BigDecimal.ONE, new BigDecimal("0.001"), null),
          Map.of(),
          AnomalySettings.DEFAULTS,
          "built-in");

  public CostWeights {
    Objects.requireNonNull(defaults, "defaults");
    Objects.requireNonNull(anomaly, "anomaly");
    Objects.requireNonNull(source, "source");
    tools = Map.copyOf(tools);
  }

  public ToolWeight forTool(String tool) {
    ToolWeight w = tools.get(tool);
    return w == null ? defaults : w;
  }

  /** The category of a tool, or {@code "general"} when the config names none. */
  public String categoryOf(String tool) {
    ToolWeight w = tools.get(tool);
    return w == null || w.category() == null ? "general" : w.category();
  }

  /** Tools in name order, for stable output. */
  public Map<String, ToolWeight> toolsSorted() {
    return new TreeMap<>(tools);
  }
}

package dev.burnrate.usage;

import java.math.BigDecimal;
import java.util.Objects;

/**
 * The relative cost of one tool: {@code cost_per_call + duration_ms * cost_per_ms}.
 *
 * @param category a free label from the config ({@code media}, {@code release}, {@code web} ...),
 *     or null when none is configured
 */
public record ToolWeight(BigDecimal costPerCall, BigDecimal costPerMs, String category) {
  public ToolWeight {
    Objects.requireNonNull(costPerCall, "costPerCall");
    Objects.requireNonNull(costPerMs, "costPerMs");
    if (costPerCall.signum() < 0) {
      throw new IllegalArgumentException("cost_per_call " + costPerCall + " is negative");
    }
    if (costPerMs.signum() < 0) {
      throw new IllegalArgumentException("cost_per_ms " + costPerMs + " is negative");
    }
  }
}

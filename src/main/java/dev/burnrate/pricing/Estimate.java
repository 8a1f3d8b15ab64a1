package dev.burnrate.pricing;

import java.util.List;
import java.util.Objects;

/**
 * The answer to an {@link EstimateRequest}. An unknown model is a normal outcome, never $0:
 * {@code priced} is false, {@code cost} is null and {@code closestNames} offers what the caller
 * may have meant.
 *
 * @param cost the breakdown when priced, else null
 * @param closestNames known names near the requested one; empty when priced
 * @param message one sentence for a human or an agent
 */
public record Estimate(
    String model, boolean priced, CostBreakdown cost, List<String> closestNames, String message) {

  public Estimate {
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(message, "message");
    closestNames = List.copyOf(closestNames);
    if (priced != (cost != null)) {
      throw new IllegalArgumentException("a priced estimate has a cost, an unpriced one has none");
    }
  }
}

package dev.burnrate.pricing;

import java.math.BigDecimal;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The answer to an {@link EstimateRequest}, and of the {@code estimate_cost} tool. An unknown model
 * is a normal outcome, never $0: {@code priced} is false, {@code totalUsd} and {@code cost} are
 * null and {@code closestNames} offers what the caller may have meant.
 *
 * <p>On the wire the breakdown's fields stand beside the total (its {@code resolved_model} ...
 * {@code warnings}), and {@code closest_names} appears only on an unpriced answer.
 *
 * @param totalUsd exact; null when unpriced
 * @param cost the breakdown when priced, else null
 * @param closestNames known names near the requested one (possibly none) when unpriced; empty when
 *     priced
 * @param message one sentence for a human or an agent
 * @param compared when several models were asked, each of them, cheapest first and unpriced last
 * @param cheaper when asked, models of the same provider that cost less for the same tokens,
 *     nearest in price first
 */
public record Estimate(
    String model,
    boolean priced,
    BigDecimal totalUsd,
    CostBreakdown cost,
    Optional<List<String>> closestNames,
    String message,
    Optional<List<Quote>> compared,
    Optional<List<Quote>> cheaper) {

  public Estimate {
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(message, "message");
    closestNames = closestNames.map(List::copyOf);
    compared = compared.map(List::copyOf);
    cheaper = cheaper.map(List::copyOf);
    if (priced != (cost != null) || priced == closestNames.isPresent()) {
      throw new IllegalArgumentException(
          "a priced estimate has a cost and no suggestions, an unpriced one suggestions and no cost");
    }
    if (priced ? !cost.totalUsd().equals(totalUsd) : totalUsd != null) {
      throw new IllegalArgumentException("totalUsd " + totalUsd + " is not the cost's total");
    }
  }

  static Estimate priced(String model, CostBreakdown cost, String message) {
    return new Estimate(
        model,
        true,
        cost.totalUsd(),
        cost,
        Optional.empty(),
        message,
        Optional.empty(),
        Optional.empty());
  }

  static Estimate unpriced(String model, List<String> closestNames, String message) {
    return new Estimate(
        model,
        false,
        null,
        null,
        Optional.of(closestNames),
        message,
        Optional.empty(),
        Optional.empty());
  }

  /** This estimate with a comparison of models and the cheaper ones, either possibly absent. */
  Estimate with(Optional<List<Quote>> compared, Optional<List<Quote>> cheaper, String message) {
    return new Estimate(model, priced, totalUsd, cost, closestNames, message, compared, cheaper);
  }
}

package dev.burnrate.usage;

import java.math.BigDecimal;
import java.util.function.LongFunction;

/**
 * Dollars split by what priced them, in the order a call is priced: its own {@code cost_usd}
 * ({@code event}), else its model tokens at the price tables in force ({@code model_prices}: the
 * bundled catalog, pricing.yml's overrides, the AWS overlay), else the operator's rate for its tool
 * ({@code tool_rates}). Each part is rounded as the total beside it, so they add up to that total
 * within its rounding.
 *
 * @param priceTables the price tables in force (which catalog and its date, the operator's
 *     overrides and tool rates, the AWS overlay), named when they priced any of the dollars
 */
public record UsdByBasis(
    BigDecimal event,
    BigDecimal modelPrices,
    BigDecimal toolRates,
    java.util.Optional<String> priceTables) {

  /**
   * From exact sums in nano-dollars: model prices are what {@code total} leaves after the other
   * two, since every priced call is priced one of the three ways.
   */
  public static UsdByBasis ofNanos(
      long total,
      long event,
      long tool,
      LongFunction<BigDecimal> round,
      java.util.Optional<String> priceTables) {
    long model = Math.max(0, total - EventBounds.plus(event, tool));
    return new UsdByBasis(
        round.apply(event),
        round.apply(model),
        round.apply(tool),
        model > 0 || tool > 0 ? priceTables : java.util.Optional.empty());
  }
}

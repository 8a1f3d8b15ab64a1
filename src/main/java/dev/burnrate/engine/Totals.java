package dev.burnrate.engine;

import dev.burnrate.usage.UsdByBasis;
import java.math.BigDecimal;
import java.util.Optional;

/**
 * Sums over every event of a range.
 *
 * @param unpricedShare the share of calls with no dollar value, which {@code costUsd} leaves out
 * @param unpricedCostUnitsShare the share of cost units on those calls: how much of the activity,
 *     by weight, the dollars do not show (one video render unpriced outweighs many searches)
 * @param usdByBasis {@code costUsd} by what priced it; present when there are dollars
 * @param saturated present (and true) only when a sum reached the largest amount burnrate holds;
 *     the true figure is then at least the one shown
 */
public record Totals(
    long calls,
    BigDecimal costUnits,
    long failed,
    long denied,
    BigDecimal errorRate,
    BigDecimal costUsd,
    long unpricedCalls,
    BigDecimal unpricedShare,
    BigDecimal unpricedCostUnitsShare,
    Optional<UsdByBasis> usdByBasis,
    Optional<Boolean> saturated) {}

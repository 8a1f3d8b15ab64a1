package dev.burnrate.engine;

import java.math.BigDecimal;
import java.util.Optional;

/**
 * Sums over every event of a range.
 *
 * @param unpricedShare the share of calls with no dollar value, which {@code costUsd} leaves out
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
    Optional<Boolean> saturated) {}

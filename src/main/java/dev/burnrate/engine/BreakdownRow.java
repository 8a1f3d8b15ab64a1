package dev.burnrate.engine;

import dev.burnrate.usage.Dimension;
import java.math.BigDecimal;

/**
 * One value of a dimension and its sums. On the wire the value comes first under the dimension's
 * name ({@code "agent_id": "a"}), then the figures in this order.
 *
 * @param key the value, or null for events without one
 * @param unpricedShare the share of calls with no dollar value, which {@code costUsd} leaves out
 * @param unpricedCostUnitsShare the share of the row's cost units on those calls
 */
public record BreakdownRow(
    Dimension dimension,
    String key,
    long count,
    BigDecimal costUnits,
    long durationMsSum,
    long failedCount,
    long deniedCount,
    long inSizeSum,
    long outSizeSum,
    BigDecimal avgDurationMs,
    BigDecimal avgCostUnits,
    BigDecimal errorRate,
    BigDecimal costUsd,
    long unpricedCalls,
    BigDecimal unpricedShare,
    BigDecimal unpricedCostUnitsShare) {}

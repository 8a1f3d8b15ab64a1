package dev.burnrate.engine;

import java.math.BigDecimal;
import java.time.Instant;

/**
 * Calls and cost of one hour (the part of it inside the range).
 *
 * @param unpricedShare the share of the hour's calls with no dollar value, which {@code costUsd}
 *     leaves out
 */
public record HourlyPoint(
    Instant hour, long count, BigDecimal costUnits, BigDecimal costUsd, BigDecimal unpricedShare) {}

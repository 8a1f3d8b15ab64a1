package dev.burnrate.usage;

import java.math.BigDecimal;

/**
 * What one usage event may carry. Every bound is far above anything a real call reaches, so no
 * honest event meets it, and low enough that sums over a month of events stay exact in 64-bit
 * integers of the engine's fixed scales. An event beyond a bound is rejected ({@code record_usage},
 * {@code ingest}) or skipped as a malformed line (the audit log), never clamped: clamping would
 * lower recorded spend.
 */
public final class EventBounds {
  private EventBounds() {}

  /** Per token field (input, output, cache read, cache write): no model takes a billion. */
  public static final long MAX_TOKENS = 1_000_000_000L;

  /** Dollars one event may claim: a million dollars for one call. */
  public static final BigDecimal MAX_COST_USD = BigDecimal.valueOf(1_000_000);

  /** A call that runs longer than 31 days is not a call. */
  public static final long MAX_DURATION_MS = 31L * 24 * 3_600_000;

  /** Request and response sizes: one tebibyte. */
  public static final long MAX_SIZE_BYTES = 1L << 40;

  /** Adds two non-negative amounts; saturates at {@link Long#MAX_VALUE} instead of wrapping. */
  public static long plus(long a, long b) {
    long r = a + b;
    return r < 0 ? Long.MAX_VALUE : r;
  }

  /** Whether a sum reached the saturation point (its true value may be larger). */
  public static boolean saturated(long sum) {
    return sum == Long.MAX_VALUE;
  }
}

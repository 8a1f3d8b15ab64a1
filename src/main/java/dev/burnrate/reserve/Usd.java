package dev.burnrate.reserve;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * Dollars and the nano-dollars the ledger sums. Estimates round up (a reservation never holds less
 * than asked), actual spend rounds half-even like the event index, limits round down.
 */
public final class Usd {
  /** The most one reservation may hold: the largest {@code cost_usd} one event may claim. */
  public static final BigDecimal MAX = new BigDecimal("1000000");

  private Usd() {}

  public static long estimateNanos(BigDecimal usd) {
    return check(usd, "estimated_usd")
        .setScale(9, RoundingMode.CEILING)
        .unscaledValue()
        .longValueExact();
  }

  public static long actualNanos(BigDecimal usd) {
    return check(usd, "actual_usd")
        .setScale(9, RoundingMode.HALF_EVEN)
        .unscaledValue()
        .longValueExact();
  }

  static long limitNanos(BigDecimal usd) {
    return usd.setScale(9, RoundingMode.FLOOR).unscaledValue().longValueExact();
  }

  /**
   * {@code a + b} nano-dollars (both at or above 0), saturating at the largest long: never wraps.
   */
  public static long plus(long a, long b) {
    long sum = a + b;
    return sum < 0 ? Long.MAX_VALUE : sum;
  }

  /**
   * Nano-dollars as dollars, exact, with at least 2 decimals and no other trailing zeros. The zeros
   * are dropped from the long (with {@code stripTrailingZeros} and {@code setScale}, the four
   * amounts of each settle's answer took a tenth of its CPU).
   */
  public static BigDecimal show(long nanos) {
    long v = nanos;
    int scale = 9;
    while (scale > 2 && v % 10 == 0) {
      v /= 10;
      scale--;
    }
    return BigDecimal.valueOf(v, scale);
  }

  private static BigDecimal check(BigDecimal usd, String what) {
    if (usd.signum() < 0 || usd.compareTo(MAX) > 0) {
      throw new IllegalArgumentException(
          what
              + " "
              + usd.toPlainString()
              + " is out of range; use 0 to "
              + MAX.toPlainString()
              + " dollars");
    }
    return usd;
  }
}

package dev.burnrate.pricing;

import java.math.BigDecimal;

/**
 * USD per token for each kind of token. A null rate means the source has no price for it, which is
 * not the same as a price of zero.
 *
 * @param cacheWrite the 5-minute cache write rate
 * @param cacheWrite1h the 1-hour cache write rate
 */
public record Rates(
    BigDecimal input,
    BigDecimal output,
    BigDecimal cacheRead,
    BigDecimal cacheWrite,
    BigDecimal cacheWrite1h) {

  public static final Rates NONE = new Rates(null, null, null, null, null);

  public Rates {
    requireNonNegative("input", input);
    requireNonNegative("output", output);
    requireNonNegative("cacheRead", cacheRead);
    requireNonNegative("cacheWrite", cacheWrite);
    requireNonNegative("cacheWrite1h", cacheWrite1h);
  }

  /** True when both input and output are priced, the minimum to price a request. */
  public boolean priced() {
    return input != null && output != null;
  }

  public boolean isEmpty() {
    return input == null
        && output == null
        && cacheRead == null
        && cacheWrite == null
        && cacheWrite1h == null;
  }

  /** These rates, each missing one taken from {@code fallback}. */
  public Rates orElse(Rates fallback) {
    return new Rates(
        input != null ? input : fallback.input,
        output != null ? output : fallback.output,
        cacheRead != null ? cacheRead : fallback.cacheRead,
        cacheWrite != null ? cacheWrite : fallback.cacheWrite,
        cacheWrite1h != null ? cacheWrite1h : fallback.cacheWrite1h);
  }

  private static void requireNonNegative(String name, BigDecimal rate) {
    if (rate != null && rate.signum() < 0) {
      throw new IllegalArgumentException(name + " rate " + rate + " is negative");
    }
  }
}

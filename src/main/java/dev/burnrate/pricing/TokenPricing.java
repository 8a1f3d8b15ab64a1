package dev.burnrate.pricing;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;

/**
 * The one rule for tokens times rates, used by the engine (every event), by estimates and by the
 * advisor's savings.
 *
 * <p>The rule: {@code input} counts all input tokens, cached ones included (the OpenTelemetry GenAI
 * convention), so the uncached part is {@code input - cacheRead - cacheWrite}, floored at 0; a
 * cache rate the price source lacks is charged at the input rate; a request whose input exceeds a
 * model's long-context threshold pays the long-context rates on all of its tokens. The dollars are
 * the sum of the four products.
 *
 * <p>Two precisions of that one rule: {@link #parts} is exact in {@link BigDecimal} (nothing
 * rounded), and {@link #nanos} is the engine's hot path over integer pico-dollar rates: no
 * allocation unless a product leaves 64 bits, and the request's pico-dollar total rounded half-even
 * to nano-dollars, the scale the engine sums in. {@link #picos} turns a rate into the integer form,
 * so both precisions price the same rates.
 */
public final class TokenPricing {
  private TokenPricing() {}

  /**
   * Input tokens billed at the plain input rate: all input less the cached parts, never below 0.
   */
  public static long uncachedInput(long input, long cacheRead, long cacheWrite) {
    long rest = input - Math.max(cacheRead, 0);
    return rest <= 0 ? 0 : Math.max(rest - Math.max(cacheWrite, 0), 0);
  }

  /**
   * Whether a request with {@code input} tokens pays long-context rates (0: the model has none).
   */
  public static boolean longContext(long threshold, long input) {
    return threshold > 0 && input > threshold;
  }

  /** The cache read rate charged: the source's, or the input rate when it has none. */
  public static BigDecimal cacheReadRate(Rates r) {
    return r.cacheRead() != null ? r.cacheRead() : r.input();
  }

  /** The cache write rate charged: the source's, or the input rate when it has none. */
  public static BigDecimal cacheWriteRate(Rates r) {
    return r.cacheWrite() != null ? r.cacheWrite() : r.input();
  }

  /** The four parts of a request's cost at {@code r}, exact. */
  public static CostParts parts(Rates r, long input, long output, long cacheRead, long cacheWrite) {
    long uncached = uncachedInput(input, cacheRead, cacheWrite);
    return new CostParts(
        uncached,
        times(r.input(), uncached),
        times(r.output(), output),
        times(cacheReadRate(r), cacheRead),
        times(cacheWriteRate(r), cacheWrite));
  }

  /** Dollars for a request (or summed volumes) at {@code r}, exact. */
  public static BigDecimal usd(Rates r, long input, long output, long cacheRead, long cacheWrite) {
    return parts(r, input, output, cacheRead, cacheWrite).totalUsd();
  }

  private static BigDecimal times(BigDecimal rate, long tokens) {
    return plain(rate.multiply(BigDecimal.valueOf(tokens)));
  }

  /** Trailing zeros dropped, and never an exponent: the same value at its smallest scale >= 0. */
  static BigDecimal plain(BigDecimal amount) {
    BigDecimal stripped = amount.stripTrailingZeros();
    return stripped.scale() < 0 ? stripped.setScale(0) : stripped;
  }

  /**
   * Pico-dollars (1e-12 USD) per token for a rate in USD per token, half-even; 0 for no rate. An
   * absurd operator rate saturates at {@link Long#MAX_VALUE} rather than failing every event.
   */
  public static long picos(BigDecimal usdPerToken) {
    if (usdPerToken == null) {
      return 0;
    }
    BigInteger pico =
        usdPerToken.movePointRight(12).setScale(0, RoundingMode.HALF_EVEN).toBigInteger();
    return pico.bitLength() < 64 ? pico.longValue() : Long.MAX_VALUE;
  }

  /**
   * Nano-dollars for one request at pico-dollar rates (cache rates already defaulted, see {@link
   * #cacheReadRate}), the pico-dollar total rounded half-even. Negative counts are taken as 0.
   * Exact for any counts and rates: products that leave 64 bits are summed as big integers, and a
   * total beyond {@link Long#MAX_VALUE} nano-dollars saturates there (never wraps, never throws:
   * one event must not stop indexing).
   */
  public static long nanos(
      long input,
      long output,
      long cacheRead,
      long cacheWrite,
      long inputPico,
      long outputPico,
      long cacheReadPico,
      long cacheWritePico) {
    long cr = Math.max(cacheRead, 0);
    long cw = Math.max(cacheWrite, 0);
    long uncached = uncachedInput(Math.max(input, 0), cr, cw);
    long out = Math.max(output, 0);
    long a = uncached * inputPico;
    long b = out * outputPico;
    long c = cr * cacheReadPico;
    long d = cw * cacheWritePico;
    long pico = a + b + c + d;
    if ((Math.multiplyHigh(uncached, inputPico)
                | Math.multiplyHigh(out, outputPico)
                | Math.multiplyHigh(cr, cacheReadPico)
                | Math.multiplyHigh(cw, cacheWritePico))
            != 0
        || a < 0
        || b < 0
        || c < 0
        || d < 0
        || a + b < 0
        || a + b + c < 0
        || pico < 0) {
      return exactNanos(
          uncached, inputPico, out, outputPico, cr, cacheReadPico, cw, cacheWritePico);
    }
    return picosToNanos(pico);
  }

  private static long exactNanos(long... countRatePairs) {
    BigInteger pico = BigInteger.ZERO;
    for (int k = 0; k < countRatePairs.length; k += 2) {
      pico =
          pico.add(
              BigInteger.valueOf(countRatePairs[k])
                  .multiply(BigInteger.valueOf(countRatePairs[k + 1])));
    }
    BigInteger nanos =
        new BigDecimal(pico).movePointLeft(3).setScale(0, RoundingMode.HALF_EVEN).toBigInteger();
    if (nanos.signum() < 0) {
      return 0;
    }
    return nanos.bitLength() < 64 ? nanos.longValue() : Long.MAX_VALUE;
  }

  /** Pico-dollars to nano-dollars, half-even. */
  public static long picosToNanos(long pico) {
    long q = pico / 1000;
    long rem = pico % 1000;
    if (rem > 500 || (rem == 500 && (q & 1) == 1)) {
      q++;
    }
    return q;
  }
}

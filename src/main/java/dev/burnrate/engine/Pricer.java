package dev.burnrate.engine;

import java.time.LocalDate;

/**
 * Turns token counts into dollars. The engine asks once per (model, day) and then prices each
 * event with integer arithmetic in pico-dollars, rounding each event's total half-even to
 * nano-dollars (the scale sums are kept in).
 */
@FunctionalInterface
public interface Pricer {
  /** Prices nothing: every event without its own cost_usd is unpriced. */
  Pricer NONE = (model, day) -> null;

  /** What prices come from; part of the fingerprint that keys persisted rollups. */
  default String identity() {
    return "none";
  }

  /** Per-token rates for a model on a day, or null when the model is unknown. */
  Rates rates(String model, LocalDate day);

  /**
   * Per-token prices in pico-dollars (1e-12 USD). When {@code longContextAbove > 0} and a request's
   * input tokens exceed it, the whole request pays {@code longContext}'s rates.
   */
  record Rates(
      long inputPico,
      long outputPico,
      long cacheReadPico,
      long cacheWritePico,
      long longContextAbove,
      Rates longContext) {

    public Rates {
      if (inputPico < 0 || outputPico < 0 || cacheReadPico < 0 || cacheWritePico < 0) {
        throw new IllegalArgumentException("token rates must not be negative");
      }
    }

    /**
     * Nano-dollars for one request, the pico-dollar total rounded half-even. {@code input} counts
     * all input tokens including cached ones; the uncached part is {@code input - cacheRead -
     * cacheWrite}, floored at 0. Exact for any counts and rates: products that leave 64 bits are
     * summed as big integers, and a total beyond {@link Long#MAX_VALUE} nano-dollars saturates there
     * (never wraps, never throws: one event must not stop indexing).
     */
    public long nanos(long input, long output, long cacheRead, long cacheWrite) {
      Rates r = this;
      if (longContext != null && longContextAbove > 0 && input > longContextAbove) {
        r = longContext;
      }
      long cr = Math.max(cacheRead, 0);
      long cw = Math.max(cacheWrite, 0);
      long uncached = Math.max(Math.max(input, 0) - cr - cw, 0);
      long out = Math.max(output, 0);
      long a = uncached * r.inputPico;
      long b = out * r.outputPico;
      long c = cr * r.cacheReadPico;
      long d = cw * r.cacheWritePico;
      long pico = a + b + c + d;
      if ((Math.multiplyHigh(uncached, r.inputPico) | Math.multiplyHigh(out, r.outputPico)
              | Math.multiplyHigh(cr, r.cacheReadPico) | Math.multiplyHigh(cw, r.cacheWritePico)) != 0
          || a < 0 || b < 0 || c < 0 || d < 0 || a + b < 0 || a + b + c < 0 || pico < 0) {
        return exactNanos(uncached, r.inputPico, out, r.outputPico, cr, r.cacheReadPico, cw,
            r.cacheWritePico);
      }
      return roundPicoToNano(pico);
    }

    private static long exactNanos(long... countRatePairs) {
      java.math.BigInteger pico = java.math.BigInteger.ZERO;
      for (int k = 0; k < countRatePairs.length; k += 2) {
        pico = pico.add(java.math.BigInteger.valueOf(countRatePairs[k])
            .multiply(java.math.BigInteger.valueOf(countRatePairs[k + 1])));
      }
      java.math.BigInteger nanos = new java.math.BigDecimal(pico)
          .movePointLeft(3).setScale(0, java.math.RoundingMode.HALF_EVEN).toBigInteger();
      if (nanos.signum() < 0) {
        return 0;
      }
      return nanos.bitLength() < 64 ? nanos.longValue() : Long.MAX_VALUE;
    }

    /** Pico-dollars to nano-dollars, half-even. */
    static long roundPicoToNano(long pico) {
      long q = pico / 1000;
      long rem = pico % 1000;
      if (rem > 500 || (rem == 500 && (q & 1) == 1)) {
        q++;
      }
      return q;
    }
  }
}

package dev.burnrate.engine;

import dev.burnrate.usage.CostWeights;
import dev.burnrate.usage.ToolWeight;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;

/**
 * {@link CostWeights} compiled for the per-event formula {@code cost_units = cost_per_call +
 * duration_ms * cost_per_ms}, rounded half-even to 4 decimal places.
 *
 * <p>Method: both weights are scaled to a common integer scale {@code s >= 4}, the formula is
 * evaluated exactly in {@code long} (falling back to {@code BigInteger} on overflow), and the
 * result is rounded half-even once to scale 4. Results are integers of 1e-4 units, summed exactly.
 */
final class CostModel {
  static final int SCALE = 4;

  private final CostWeights weights;
  private final Compiled defaults;

  CostModel(CostWeights weights) {
    this.weights = weights;
    this.defaults = compile(weights.defaults());
  }

  CostWeights weights() {
    return weights;
  }

  Compiled forTool(String tool) {
    ToolWeight w = weights.tools().get(tool);
    return w == null ? defaults : compile(w);
  }

  private static Compiled compile(ToolWeight w) {
    int s = Math.max(SCALE, Math.max(w.costPerCall().scale(), w.costPerMs().scale()));
    BigDecimal perCall = w.costPerCall().setScale(s, RoundingMode.UNNECESSARY);
    BigDecimal perMs = w.costPerMs().setScale(s, RoundingMode.UNNECESSARY);
    return new Compiled(s, perCall.unscaledValue(), perMs.unscaledValue());
  }

  /** One tool's weights at a common scale. */
  static final class Compiled {
    private final int scale;
    private final long perCall;
    private final long perMs;
    private final boolean fitsLong;
    private final BigInteger perCallBig;
    private final BigInteger perMsBig;
    private final long divisor;

    Compiled(int scale, BigInteger perCall, BigInteger perMs) {
      this.scale = scale;
      this.perCallBig = perCall;
      this.perMsBig = perMs;
      this.fitsLong = perCall.bitLength() < 63 && perMs.bitLength() < 63 && scale - SCALE <= 18;
      this.perCall = fitsLong ? perCall.longValue() : 0;
      this.perMs = fitsLong ? perMs.longValue() : 0;
      this.divisor = fitsLong ? pow10(scale - SCALE) : 0;
    }

    /** Cost units of one call, in 1e-4 units. */
    long units4(long durationMs) {
      if (fitsLong) {
        long hi = Math.multiplyHigh(durationMs, perMs);
        long prod = durationMs * perMs;
        if (hi == 0 && prod >= 0) {
          long exact = prod + perCall;
          if (exact >= 0) {
            return divisor == 1 ? exact : roundHalfEven(exact, divisor);
          }
        }
      }
      BigInteger exact = BigInteger.valueOf(durationMs).multiply(perMsBig).add(perCallBig);
      BigInteger units =
          new BigDecimal(exact, scale).setScale(SCALE, RoundingMode.HALF_EVEN).unscaledValue();
      // Weights too large for 64 bits saturate: the sum stays an upper bound, never wraps.
      return units.bitLength() < 64 ? units.longValue() : Long.MAX_VALUE;
    }

    private static long roundHalfEven(long v, long d) {
      long q = v / d;
      long r = v % d;
      long twice = r * 2;
      if (twice > d || (twice == d && (q & 1) == 1)) {
        q++;
      }
      return q;
    }

    private static long pow10(int e) {
      long v = 1;
      for (int i = 0; i < e; i++) {
        v *= 10;
      }
      return v;
    }
  }
}

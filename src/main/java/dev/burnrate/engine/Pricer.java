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

    /**
     * Pico-dollars for one request. {@code input} counts all input tokens including cached ones;
     * the uncached part is {@code input - cacheRead - cacheWrite}, floored at 0.
     */
    public long pico(long input, long output, long cacheRead, long cacheWrite) {
      Rates r = this;
      if (longContext != null && longContextAbove > 0 && input > longContextAbove) {
        r = longContext;
      }
      long cr = Math.max(cacheRead, 0);
      long cw = Math.max(cacheWrite, 0);
      long uncached = Math.max(Math.max(input, 0) - cr - cw, 0);
      return Math.addExact(
          Math.addExact(
              Math.multiplyExact(uncached, r.inputPico),
              Math.multiplyExact(Math.max(output, 0), r.outputPico)),
          Math.addExact(
              Math.multiplyExact(cr, r.cacheReadPico), Math.multiplyExact(cw, r.cacheWritePico)));
    }
  }
}

package dev.burnrate.engine;

import dev.burnrate.pricing.TokenPricing;
import java.time.LocalDate;

/**
 * Turns token counts into dollars. The engine asks once per (model, day) and then prices each event
 * with {@link TokenPricing#nanos}: integer arithmetic in pico-dollars, each event's total rounded
 * half-even to nano-dollars (the scale sums are kept in).
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
   * The price tables in force, named for the answers whose dollars they priced (which catalog and
   * its date, the operator's overrides and tool rates, the AWS overlay); empty when none.
   */
  default java.util.Optional<String> tables() {
    return java.util.Optional.empty();
  }

  /**
   * The operator's rate for a tool on a day, as pico-dollars {@code {per call, per second}} ({@link
   * dev.burnrate.pricing.ToolRate#NONE} where unset), or null when the tool has none: what prices a
   * call that carries neither {@code cost_usd} nor priced model tokens.
   */
  default long[] toolRate(String tool, LocalDate day) {
    return null;
  }

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
     * {@code r} in pico-dollars, each cache rate it lacks charged at the input rate ({@link
     * TokenPricing#cacheReadRate}), with the long-context tier above {@code longContextAbove}.
     */
    public static Rates of(dev.burnrate.pricing.Rates r, long longContextAbove, Rates longContext) {
      return new Rates(
          TokenPricing.picos(r.input()),
          TokenPricing.picos(r.output()),
          TokenPricing.picos(TokenPricing.cacheReadRate(r)),
          TokenPricing.picos(TokenPricing.cacheWriteRate(r)),
          longContextAbove,
          longContext);
    }

    /**
     * Nano-dollars for one request, priced by {@link TokenPricing#nanos} (the one tokens x rates
     * rule) at the long-context rates when {@code input} passes {@code longContextAbove}.
     */
    public long nanos(long input, long output, long cacheRead, long cacheWrite) {
      Rates r =
          longContext != null && TokenPricing.longContext(longContextAbove, input)
              ? longContext
              : this;
      return TokenPricing.nanos(
          input,
          output,
          cacheRead,
          cacheWrite,
          r.inputPico,
          r.outputPico,
          r.cacheReadPico,
          r.cacheWritePico);
    }

    /** Pico-dollars to nano-dollars, half-even. */
    static long roundPicoToNano(long pico) {
      return TokenPricing.picosToNanos(pico);
    }
  }
}

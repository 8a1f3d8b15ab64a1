package dev.burnrate.pricing;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.util.Objects;

/**
 * An operator's dollar rate for a tool that is not a model call (a GPU render, a test runner, a
 * paid search), from {@code config/pricing.yml}, in force from {@code effectiveFrom} (inclusive):
 * USD per call, per second of the call's duration, or both. A call is priced from its own {@code
 * cost_usd} if it carries one, else from its model tokens, else from its tool's rate.
 *
 * @param perCallUsd USD per call, or null
 * @param perSecondUsd USD per second of {@code duration_ms}, or null
 * @param location {@code file:line:col} of the entry, for messages
 */
public record ToolRate(
    String tool,
    LocalDate effectiveFrom,
    BigDecimal perCallUsd,
    BigDecimal perSecondUsd,
    String location) {

  /** The largest rate per call or per second an entry may set. */
  public static final BigDecimal MAX_USD = BigDecimal.valueOf(10_000);

  public ToolRate {
    Objects.requireNonNull(tool, "tool");
    Objects.requireNonNull(effectiveFrom, "effectiveFrom");
    if (perCallUsd == null && perSecondUsd == null) {
      throw new IllegalArgumentException(
          tool + ": a tool rate needs per_call_usd or per_second_usd");
    }
  }

  /** Marks a rate the entry does not set. */
  public static final long NONE = -1;

  /** The most one call can cost, as for a recorded {@code cost_usd} (see EventBounds). */
  static final long MAX_NANOS = 1_000_000_000_000_000L;

  /**
   * Nano-dollars for one call lasting {@code durationMs} (negative = unknown) at pico-dollar rates
   * ({@link #NONE} when not set), rounded half-even once from the exact figure and capped at USD
   * 1,000,000 like a recorded cost; or -1 when the rate has a per-second part and the duration is
   * unknown, so the call stays unpriced rather than being priced too low.
   */
  public static long nanos(long perCallPico, long perSecondPico, long durationMs) {
    if (perSecondPico != NONE && durationMs < 0) {
      return -1;
    }
    long call = perCallPico == NONE ? 0 : perCallPico;
    long perSecond = perSecondPico == NONE ? 0 : perSecondPico;
    long ms = Math.max(0, durationMs);
    // femto-dollars (1e-15): per call x 1000 plus per second x ms, exact, then one rounding.
    long hi = Math.multiplyHigh(perSecond, ms);
    long lo = perSecond * ms;
    long callFemto = call * 1000;
    if (hi != 0 || lo < 0 || call > Long.MAX_VALUE / 1000 || lo > Long.MAX_VALUE - callFemto) {
      BigInteger femto =
          BigInteger.valueOf(call)
              .multiply(BigInteger.valueOf(1000))
              .add(BigInteger.valueOf(perSecond).multiply(BigInteger.valueOf(ms)));
      BigInteger n =
          new BigDecimal(femto).movePointLeft(6).setScale(0, RoundingMode.HALF_EVEN).toBigInteger();
      return n.compareTo(BigInteger.valueOf(MAX_NANOS)) > 0 ? MAX_NANOS : n.longValue();
    }
    long femto = callFemto + lo;
    long q = femto / 1_000_000;
    long rem = femto % 1_000_000;
    if (rem > 500_000 || (rem == 500_000 && (q & 1) == 1)) {
      q++;
    }
    return Math.min(q, MAX_NANOS);
  }

  /** Pico-dollars for a rate in USD, or {@link #NONE} for null. */
  public static long picos(BigDecimal usd) {
    return usd == null ? NONE : TokenPricing.picos(usd);
  }
}

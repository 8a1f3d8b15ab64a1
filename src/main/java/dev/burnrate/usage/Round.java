package dev.burnrate.usage;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * Every rounding rule of burnrate's answers, in one place. Amounts are kept exact (nano-dollars,
 * 1e-4 cost units, exact decimals) until an answer shows them; then they are rounded half-even to
 * the scale their kind is shown at. Comparisons (thresholds, vetoes) always use the exact figures.
 */
public final class Round {
  private Round() {}

  /** Dollars in reports and rankings: 6 decimals, from nano-dollars. */
  public static BigDecimal usd6(long nanos) {
    return BigDecimal.valueOf(nanos, 9).setScale(6, RoundingMode.HALF_EVEN);
  }

  /** Dollars in budgets, alerts and advice: to the cent. */
  public static BigDecimal cents(BigDecimal usd) {
    return usd.setScale(2, RoundingMode.HALF_EVEN);
  }

  /**
   * A limit in dollars, to the cent, rounded down: the amount shown must itself stay within the
   * limit (a deploy gate's headroom).
   */
  public static BigDecimal centsDown(BigDecimal usd) {
    return usd.setScale(2, RoundingMode.FLOOR);
  }

  /** Percentages of a ceiling: one decimal. */
  public static BigDecimal pct1(BigDecimal pct) {
    return pct == null ? null : pct.setScale(1, RoundingMode.HALF_EVEN);
  }

  /** Cost units of one row: 4 decimals (they are summed at that scale, so this is exact). */
  public static BigDecimal units4(long units4) {
    return BigDecimal.valueOf(units4, 4);
  }

  /** Cost units of a total: 2 decimals. */
  public static BigDecimal units2(long units4) {
    return BigDecimal.valueOf(units4, 4).setScale(2, RoundingMode.HALF_EVEN);
  }

  /** A ratio {@code num / den} at {@code scale} decimals; 0 at that scale when {@code den} is 0. */
  public static BigDecimal ratio(long num, long den, int scale) {
    if (den == 0) {
      return BigDecimal.ZERO.setScale(scale);
    }
    return BigDecimal.valueOf(num).divide(BigDecimal.valueOf(den), scale, RoundingMode.HALF_EVEN);
  }

  /**
   * A ratio of decimals {@code num / den} at {@code scale} decimals, half-even; {@code den} is not
   * 0.
   */
  public static BigDecimal ratio(BigDecimal num, BigDecimal den, int scale) {
    return num.divide(den, scale, RoundingMode.HALF_EVEN);
  }

  /** Any decimal at {@code scale} decimals, half-even. */
  public static BigDecimal to(BigDecimal value, int scale) {
    return value == null ? null : value.setScale(scale, RoundingMode.HALF_EVEN);
  }

  /**
   * {@code amount / count} at {@code scale} decimals, half-even (an average per call or minute).
   */
  public static BigDecimal per(BigDecimal amount, long count, int scale) {
    return amount.divide(BigDecimal.valueOf(count), scale, RoundingMode.HALF_EVEN);
  }

  /** {@code num / den} at {@code scale} decimals, half-even; {@code den} must not be 0. */
  public static BigDecimal quotient(BigDecimal num, BigDecimal den, int scale) {
    return num.divide(den, scale, RoundingMode.HALF_EVEN);
  }

  /** A rate (0.0449) as a percentage with one decimal (4.5). */
  public static BigDecimal percent1(BigDecimal rate) {
    return rate.movePointRight(2).setScale(1, RoundingMode.HALF_EVEN);
  }
}

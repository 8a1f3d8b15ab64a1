package dev.burnrate.budget;

import java.math.BigDecimal;
import java.util.Objects;

/**
 * An action taken once spend reaches {@code atPercent} of a ceiling. Percentages above 100 are
 * allowed (an operator may only want to freeze at 120 %), up to 1000.
 */
public record AlertThreshold(BigDecimal atPercent, AlertAction action)
    implements Comparable<AlertThreshold> {

  public static final BigDecimal MAX_PERCENT = BigDecimal.valueOf(1000);
  private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);

  public AlertThreshold {
    Objects.requireNonNull(atPercent, "atPercent");
    Objects.requireNonNull(action, "action");
    if (atPercent.signum() <= 0 || atPercent.compareTo(MAX_PERCENT) > 0) {
      throw new IllegalArgumentException(
          "at_percent " + atPercent.toPlainString() + " must be more than 0 and at most 1000");
    }
  }

  /**
   * Whether {@code usd} spent against {@code ceilingUsd} has reached this threshold. The one
   * threshold test: dollars are compared with dollars ({@code usd x 100 >= pct x ceiling}),
   * exactly, so no rounded percentage can make a threshold fire early or late.
   */
  public boolean reachedBy(BigDecimal usd, BigDecimal ceilingUsd) {
    return usd.multiply(HUNDRED).compareTo(atPercent.multiply(ceilingUsd)) >= 0;
  }

  @Override
  public int compareTo(AlertThreshold other) {
    return atPercent.compareTo(other.atPercent);
  }
}

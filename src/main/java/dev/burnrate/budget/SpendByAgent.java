package dev.burnrate.budget;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;

/**
 * Dollars per agent per calendar day (in the budget's zone), in nano-dollars, with calls and
 * unpriced calls, over {@code days} days (there may be no rows at all). Row {@code i} is {@code
 * names.get(i)} (null = events without an agent); column {@code j} is {@code firstDay + j}. Per day
 * over all agents: cost units (ten-thousandths) and those of unpriced calls, empty when unknown.
 */
public record SpendByAgent(
    LocalDate firstDay,
    int days,
    List<String> names,
    long[][] usdNanos,
    long[][] calls,
    long[][] unpriced,
    long[] cost4,
    long[] unpricedCost4) {

  public SpendByAgent {
    names = java.util.Collections.unmodifiableList(new java.util.ArrayList<>(names));
  }

  /** No usage spend over {@code days} days (a budget that counts only the cloud bill). */
  public static SpendByAgent none(LocalDate firstDay, int days) {
    return new SpendByAgent(
        firstDay,
        days,
        List.of(),
        new long[0][],
        new long[0][],
        new long[0][],
        new long[0],
        new long[0]);
  }

  public int indexOf(String name) {
    return names.indexOf(name);
  }

  /** Dollars of row {@code i} on day {@code j}, exact. */
  public BigDecimal usd(int i, int j) {
    return BigDecimal.valueOf(usdNanos[i][j], 9);
  }
}

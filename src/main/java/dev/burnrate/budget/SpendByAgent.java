package dev.burnrate.budget;

import dev.burnrate.usage.EventBounds;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;

/**
 * Dollars per agent per calendar day (in the budget's zone), in nano-dollars, with calls, unpriced
 * calls, and cost units (ten-thousandths: all of them and those of unpriced calls), over {@code
 * days} days (there may be no rows at all). Row {@code i} is {@code names.get(i)} (null = events
 * without an agent); column {@code j} is {@code firstDay + j}. Of the dollars, {@code eventNanos}
 * are the events' own {@code cost_usd}, {@code toolNanos} the operator's tool rates', and the rest
 * model tokens priced at {@code priceTables} (named for the answer).
 */
public record SpendByAgent(
    LocalDate firstDay,
    int days,
    List<String> names,
    long[][] usdNanos,
    long[][] calls,
    long[][] unpriced,
    long[][] cost4,
    long[][] unpricedCost4,
    long[][] eventNanos,
    long[][] toolNanos,
    Optional<String> priceTables) {

  public SpendByAgent {
    names = java.util.Collections.unmodifiableList(new java.util.ArrayList<>(names));
  }

  /** No usage spend over {@code days} days (a budget that counts only the cloud bill). */
  public static SpendByAgent none(LocalDate firstDay, int days) {
    long[][] no = new long[0][];
    return new SpendByAgent(
        firstDay, days, List.of(), no, no, no, no, no, no, no, Optional.empty());
  }

  public int indexOf(String name) {
    return names.indexOf(name);
  }

  /** Dollars of row {@code i} on day {@code j}, exact. */
  public BigDecimal usd(int i, int j) {
    return BigDecimal.valueOf(usdNanos[i][j], 9);
  }

  /** Row {@code i}'s sums per day; zeros when {@code i} is negative (a name without usage). */
  Days row(int i) {
    return i < 0
        ? Days.zero(days)
        : new Days(
            usdNanos[i],
            calls[i],
            unpriced[i],
            cost4[i],
            unpricedCost4[i],
            eventNanos[i],
            toolNanos[i]);
  }

  /** One agent's sums per day, or several agents' added up: what one budget line is made of. */
  record Days(
      long[] usdNanos,
      long[] calls,
      long[] unpriced,
      long[] cost4,
      long[] unpricedCost4,
      long[] eventNanos,
      long[] toolNanos) {

    static Days zero(int days) {
      long[][] z = new long[7][days];
      return new Days(z[0], z[1], z[2], z[3], z[4], z[5], z[6]);
    }

    /** Both added day by day, saturating. */
    Days plus(Days o) {
      return new Days(
          sum(usdNanos, o.usdNanos),
          sum(calls, o.calls),
          sum(unpriced, o.unpriced),
          sum(cost4, o.cost4),
          sum(unpricedCost4, o.unpricedCost4),
          sum(eventNanos, o.eventNanos),
          sum(toolNanos, o.toolNanos));
    }

    private static long[] sum(long[] a, long[] b) {
      long[] r = new long[a.length];
      for (int j = 0; j < a.length; j++) {
        r[j] = EventBounds.plus(a[j], b[j]);
      }
      return r;
    }
  }
}

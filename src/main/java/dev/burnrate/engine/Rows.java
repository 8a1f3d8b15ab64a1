package dev.burnrate.engine;

import dev.burnrate.usage.Dimension;
import dev.burnrate.usage.EventBounds;
import dev.burnrate.usage.Round;
import dev.burnrate.usage.UsdByBasis;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Turns accumulated sums into breakdown rows and totals. Rounding follows {@link Round}: cost units
 * keep 4 decimals (totals 2), dollars 6, averages and rates are rounded half-even.
 */
final class Rows {
  private Rows() {}

  static Instant instant(long micros) {
    return Instant.ofEpochSecond(
        Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1000L);
  }

  /** One breakdown row of value {@code id} of {@code dim}. */
  static BreakdownRow row(Dimension dim, String key, Acc a, int id) {
    long count = a.get(id, Acc.COUNT);
    long cost4 = a.get(id, Acc.COST4);
    long dur = a.get(id, Acc.DUR);
    long failed = a.get(id, Acc.FAILED);
    return new BreakdownRow(
        dim,
        key,
        count,
        Round.units4(cost4),
        dur,
        failed,
        a.get(id, Acc.DENIED),
        a.get(id, Acc.IN),
        a.get(id, Acc.OUT),
        Round.ratio(dur, count, 1),
        Round.per(Round.units4(cost4), Math.max(count, 1), 4),
        Round.ratio(failed, count, 4),
        Round.usd6(a.get(id, Acc.USD_NANO)),
        a.get(id, Acc.UNPRICED),
        Round.ratio(a.get(id, Acc.UNPRICED), count, 4),
        Round.ratio(a.get(id, Acc.UNPRICED_COST4), cost4, 4));
  }

  /**
   * The rows of one dimension, cost units descending (then calls descending, then name), cut to
   * {@code topN}.
   */
  static List<BreakdownRow> top(EventIndex index, Dimension dim, Acc a, int topN) {
    return top(index, dim, a, topN, Ranking.COST_UNITS);
  }

  /**
   * The rows of one dimension by {@code by} descending (then the other measure, then calls
   * descending, then name), cut to {@code topN}.
   */
  static List<BreakdownRow> top(EventIndex index, Dimension dim, Acc a, int topN, Ranking by) {
    int d = dim.ordinal();
    int first = by == Ranking.USD ? Acc.USD_NANO : Acc.COST4;
    int second = by == Ranking.USD ? Acc.COST4 : Acc.USD_NANO;
    // The best topN so far, best first: each value is placed by binary search, so a dimension of n
    // values costs n log(topN) comparisons of sums (names only on a full tie), not a sort of all n.
    int[] best = new int[Math.min(topN, Math.max(a.slots() + 1, 0))];
    int size = 0;
    for (int id = -1; id < a.slots(); id++) {
      if (a.get(id, Acc.COUNT) == 0) {
        continue;
      }
      if (size == best.length && compare(index, d, a, first, second, id, best[size - 1]) >= 0) {
        continue;
      }
      int lo = 0;
      int hi = size;
      while (lo < hi) {
        int mid = (lo + hi) >>> 1;
        if (compare(index, d, a, first, second, best[mid], id) <= 0) {
          lo = mid + 1;
        } else {
          hi = mid;
        }
      }
      int moved = Math.min(size, best.length - 1) - lo;
      System.arraycopy(best, lo, best, lo + 1, moved);
      best[lo] = id;
      size = Math.min(size + 1, best.length);
    }
    List<BreakdownRow> rows = new ArrayList<>(size);
    for (int k = 0; k < size; k++) {
      rows.add(row(dim, index.name(d, best[k]), a, best[k]));
    }
    return rows;
  }

  /**
   * The order of rows: {@code first} descending, then {@code second} descending, then calls
   * descending, then name (no value sorts as "null").
   */
  private static int compare(EventIndex index, int d, Acc a, int first, int second, int x, int y) {
    int c = Long.compare(a.get(y, first), a.get(x, first));
    if (c == 0) {
      c = Long.compare(a.get(y, second), a.get(x, second));
    }
    if (c == 0) {
      c = Long.compare(a.get(y, Acc.COUNT), a.get(x, Acc.COUNT));
    }
    if (c == 0) {
      c = String.valueOf(index.name(d, x)).compareTo(String.valueOf(index.name(d, y)));
    }
    return c;
  }

  /** Totals over every value of one accumulator, for their counts: no price tables named. */
  static Totals totals(Acc a) {
    return totals(a, Optional.empty());
  }

  /**
   * Totals over every value of one accumulator (any dimension sees every event once), naming the
   * price tables in force ({@link Pricer#tables}) beside the dollars they priced.
   */
  static Totals totals(Acc a, Optional<String> priceTables) {
    long calls = 0;
    long cost4 = 0;
    long failed = 0;
    long denied = 0;
    long usd = 0;
    long unpriced = 0;
    long unpricedCost4 = 0;
    long eventUsd = 0;
    long toolUsd = 0;
    for (int id = -1; id < a.slots(); id++) {
      eventUsd = Cells.plus(eventUsd, a.get(id, Acc.USD_EVENT_NANO));
      toolUsd = Cells.plus(toolUsd, a.get(id, Acc.USD_TOOL_NANO));
      calls = Cells.plus(calls, a.get(id, Acc.COUNT));
      unpricedCost4 = Cells.plus(unpricedCost4, a.get(id, Acc.UNPRICED_COST4));
      cost4 = Cells.plus(cost4, a.get(id, Acc.COST4));
      failed = Cells.plus(failed, a.get(id, Acc.FAILED));
      denied = Cells.plus(denied, a.get(id, Acc.DENIED));
      usd = Cells.plus(usd, a.get(id, Acc.USD_NANO));
      unpriced = Cells.plus(unpriced, a.get(id, Acc.UNPRICED));
    }
    boolean saturated = EventBounds.saturated(cost4) || EventBounds.saturated(usd);
    return new Totals(
        calls,
        Round.units2(cost4),
        failed,
        denied,
        Round.ratio(failed, calls, 4),
        Round.usd6(usd),
        unpriced,
        Round.ratio(unpriced, calls, 4),
        Round.ratio(unpricedCost4, cost4, 4),
        usd > 0
            ? Optional.of(UsdByBasis.ofNanos(usd, eventUsd, toolUsd, Round::usd6, priceTables))
            : Optional.empty(),
        saturated ? Optional.of(true) : Optional.empty());
  }
}

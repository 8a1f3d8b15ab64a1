package dev.burnrate.engine;

import dev.burnrate.usage.EventBounds;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns accumulated sums into the output rows and totals, with every rounding rule of the output
 * in one place: cost units keep 4 decimals (totals 2), averages and rates are rounded half-even.
 */
final class Rows {
  private Rows() {}

  static BigDecimal units(long cost4) {
    return BigDecimal.valueOf(cost4, 4);
  }

  static BigDecimal usd(long nanos) {
    return BigDecimal.valueOf(nanos, 9).setScale(6, RoundingMode.HALF_EVEN);
  }

  static BigDecimal ratio(long num, long den, int scale) {
    if (den == 0) {
      return BigDecimal.ZERO.setScale(scale);
    }
    return BigDecimal.valueOf(num).divide(BigDecimal.valueOf(den), scale, RoundingMode.HALF_EVEN);
  }

  static String iso(long micros) {
    return Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1000L)
        .toString();
  }

  /** One breakdown row: {@code {<key>, count, cost_units, ...}}. */
  static Map<String, Object> row(String keyName, String key, Acc a, int id) {
    long count = a.get(id, Acc.COUNT);
    long cost4 = a.get(id, Acc.COST4);
    long dur = a.get(id, Acc.DUR);
    long failed = a.get(id, Acc.FAILED);
    Map<String, Object> m = new LinkedHashMap<>();
    m.put(keyName, key);
    m.put("count", count);
    m.put("cost_units", units(cost4));
    m.put("duration_ms_sum", dur);
    m.put("failed_count", failed);
    m.put("denied_count", a.get(id, Acc.DENIED));
    m.put("in_size_sum", a.get(id, Acc.IN));
    m.put("out_size_sum", a.get(id, Acc.OUT));
    m.put("avg_duration_ms", ratio(dur, count, 1));
    m.put("avg_cost_units", units(cost4).divide(BigDecimal.valueOf(Math.max(count, 1)), 4, RoundingMode.HALF_EVEN));
    m.put("error_rate", ratio(failed, count, 4));
    m.put("cost_usd", usd(a.get(id, Acc.USD_NANO)));
    m.put("unpriced_calls", a.get(id, Acc.UNPRICED));
    return m;
  }

  /**
   * The rows of one dimension, cost units descending (then calls descending, then name), cut to
   * {@code topN}.
   */
  static List<Map<String, Object>> top(
      EventIndex index, int dim, String keyName, Acc a, int topN) {
    List<Integer> ids = new ArrayList<>();
    for (int id = -1; id < a.slots(); id++) {
      if (a.get(id, Acc.COUNT) > 0) {
        ids.add(id);
      }
    }
    Comparator<Integer> order =
        Comparator.<Integer>comparingLong(id -> -a.get(id, Acc.COST4))
            .thenComparingLong(id -> -a.get(id, Acc.COUNT))
            .thenComparing(id -> String.valueOf(index.name(dim, id)));
    ids.sort(order);
    List<Map<String, Object>> rows = new ArrayList<>();
    for (int k = 0; k < ids.size() && k < topN; k++) {
      int id = ids.get(k);
      rows.add(row(keyName, index.name(dim, id), a, id));
    }
    return rows;
  }

  /** Totals over every value of one accumulator (any dimension sees every event once). */
  static Map<String, Object> totals(Acc a) {
    long calls = 0;
    long cost4 = 0;
    long failed = 0;
    long denied = 0;
    long usd = 0;
    long unpriced = 0;
    for (int id = -1; id < a.slots(); id++) {
      calls = Cells.plus(calls, a.get(id, Acc.COUNT));
      cost4 = Cells.plus(cost4, a.get(id, Acc.COST4));
      failed = Cells.plus(failed, a.get(id, Acc.FAILED));
      denied = Cells.plus(denied, a.get(id, Acc.DENIED));
      usd = Cells.plus(usd, a.get(id, Acc.USD_NANO));
      unpriced = Cells.plus(unpriced, a.get(id, Acc.UNPRICED));
    }
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("calls", calls);
    m.put("cost_units", units(cost4).setScale(2, RoundingMode.HALF_EVEN));
    m.put("failed", failed);
    m.put("denied", denied);
    m.put("error_rate", ratio(failed, calls, 4));
    m.put("cost_usd", usd(usd));
    m.put("unpriced_calls", unpriced);
    if (EventBounds.saturated(cost4) || EventBounds.saturated(usd)) {
      m.put("saturated", true);
    }
    return m;
  }
}

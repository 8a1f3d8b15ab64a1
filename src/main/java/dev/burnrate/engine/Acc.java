package dev.burnrate.engine;

import java.util.Arrays;

/** Sums per value of one dimension while a query runs; index 0 holds events without a value. */
final class Acc {
  static final int COUNT = 0;
  static final int COST4 = 1;
  static final int DUR = 2;
  static final int IN = 3;
  static final int OUT = 4;
  static final int USD_NANO = 5;
  static final int UNPRICED = 6;
  static final int FAILED = 7;
  static final int DENIED = 8;
  static final int UNPRICED_COST4 = 9;
  static final int USD_EVENT_NANO = 10;
  static final int USD_TOOL_NANO = 11;
  static final int FIELDS = 12;

  long[] v;

  /**
   * At least every sum here: the (saturating) total of every amount added, in any field. While it
   * is below {@link Long#MAX_VALUE}, no sum can have wrapped.
   */
  private long bound;

  Acc(int values) {
    v = new long[(values + 1) * FIELDS];
  }

  /** Empties this accumulator for reuse, with room for {@code values} values. */
  void clear(int values) {
    int need = (values + 1) * FIELDS;
    if (v.length < need) {
      v = new long[need];
    } else {
      Arrays.fill(v, 0); // all of it: slots() reads the length
    }
    bound = 0;
  }

  void ensure(int values) {
    int need = (values + 1) * FIELDS;
    if (v.length < need) {
      v = Arrays.copyOf(v, need);
    }
  }

  long get(int valueId, int field) {
    return v[(valueId + 1) * FIELDS + field];
  }

  /**
   * Adds every row of {@code c} (skipping failed and error calls unless {@code includeFailed}): the
   * loop of every query over hours and days. When this accumulator's bound plus the cell's cannot
   * leave 64 bits, no sum can, and the rows are added with plain adds; otherwise each sum saturates
   * ({@link #addCell}). Saturating every add costs the hot loop about 40 %.
   */
  void addRows(Cells c, boolean includeFailed) {
    long b = Cells.plus(bound, c.bound());
    if (b == Long.MAX_VALUE) {
      for (int row = 0, n = c.size(); row < n; row++) {
        int key = c.keyAt(row);
        int status = Cells.statusOf(key);
        if (includeFailed || (status != 1 && status != 2)) {
          addCell(Cells.valueOf(key), status, c, row);
        }
      }
      return;
    }
    bound = b;
    for (int row = 0, n = c.size(); row < n; row++) {
      int key = c.keyAt(row);
      int status = Cells.statusOf(key);
      if (!includeFailed && (status == 1 || status == 2)) {
        continue;
      }
      int valueId = Cells.valueOf(key);
      ensure(valueId + 1);
      int base = (valueId + 1) * FIELDS;
      long count = c.get(row, Cells.COUNT);
      v[base + COUNT] += count;
      v[base + COST4] += c.get(row, Cells.COST4);
      v[base + DUR] += c.get(row, Cells.DUR);
      v[base + IN] += c.get(row, Cells.IN);
      v[base + OUT] += c.get(row, Cells.OUT);
      v[base + USD_NANO] += c.get(row, Cells.USD_NANO);
      v[base + UNPRICED] += c.get(row, Cells.UNPRICED);
      v[base + UNPRICED_COST4] += c.get(row, Cells.UNPRICED_COST4);
      v[base + USD_EVENT_NANO] += c.get(row, Cells.USD_EVENT_NANO);
      v[base + USD_TOOL_NANO] += c.get(row, Cells.USD_TOOL_NANO);
      if (status == 1 || status == 2) {
        v[base + FAILED] += count;
      } else if (status == 3) {
        v[base + DENIED] += count;
      }
    }
  }

  /** Adds every sum of {@code o} (which is not changed), saturating only when it could wrap. */
  void addAll(Acc o) {
    ensure(o.slots());
    long b = Cells.plus(bound, o.bound);
    long[] w = o.v;
    if (b == Long.MAX_VALUE) {
      for (int i = 0; i < w.length; i++) {
        v[i] = Cells.plus(v[i], w[i]);
      }
    } else {
      for (int i = 0; i < w.length; i++) {
        v[i] += w[i];
      }
    }
    bound = b;
  }

  /** Adds one row of {@code c}, every field saturating. */
  void addCell(int valueId, int status, Cells c, int row) {
    ensure(valueId + 1);
    int base = (valueId + 1) * FIELDS;
    long count = c.get(row, Cells.COUNT);
    long failed = status == 1 || status == 2 ? count : 0;
    long denied = status == 3 ? count : 0;
    for (int f = 0; f < Cells.FIELDS; f++) {
      bound = Cells.plus(bound, c.get(row, f));
    }
    v[base + COUNT] = Cells.plus(v[base + COUNT], count);
    v[base + COST4] = Cells.plus(v[base + COST4], c.get(row, Cells.COST4));
    v[base + DUR] = Cells.plus(v[base + DUR], c.get(row, Cells.DUR));
    v[base + IN] = Cells.plus(v[base + IN], c.get(row, Cells.IN));
    v[base + OUT] = Cells.plus(v[base + OUT], c.get(row, Cells.OUT));
    v[base + USD_NANO] = Cells.plus(v[base + USD_NANO], c.get(row, Cells.USD_NANO));
    v[base + UNPRICED] = Cells.plus(v[base + UNPRICED], c.get(row, Cells.UNPRICED));
    v[base + UNPRICED_COST4] =
        Cells.plus(v[base + UNPRICED_COST4], c.get(row, Cells.UNPRICED_COST4));
    v[base + USD_EVENT_NANO] =
        Cells.plus(v[base + USD_EVENT_NANO], c.get(row, Cells.USD_EVENT_NANO));
    v[base + USD_TOOL_NANO] = Cells.plus(v[base + USD_TOOL_NANO], c.get(row, Cells.USD_TOOL_NANO));
    v[base + FAILED] = Cells.plus(v[base + FAILED], failed);
    v[base + DENIED] = Cells.plus(v[base + DENIED], denied);
  }

  void addEvent(
      int valueId, int status, long cost4, long dur, long in, long out, long usd, int basis) {
    bound = Cells.plus(bound, Cells.plus(Cells.plus(cost4, dur), Cells.plus(in, out)));
    bound = Cells.plus(bound, Cells.plus(usd, 2)); // the call, and its unpriced count
    bound = Cells.plus(bound, cost4); // and its unpriced cost units
    bound = Cells.plus(bound, usd); // and its dollars again, under how they were found
    ensure(valueId + 1);
    int base = (valueId + 1) * FIELDS;
    v[base + COUNT] = Cells.plus(v[base + COUNT], 1);
    v[base + COST4] = Cells.plus(v[base + COST4], cost4);
    v[base + DUR] = Cells.plus(v[base + DUR], dur);
    v[base + IN] = Cells.plus(v[base + IN], in);
    v[base + OUT] = Cells.plus(v[base + OUT], out);
    v[base + USD_NANO] = Cells.plus(v[base + USD_NANO], usd);
    switch (basis) {
      case Entry.UNPRICED -> {
        v[base + UNPRICED] = Cells.plus(v[base + UNPRICED], 1);
        v[base + UNPRICED_COST4] = Cells.plus(v[base + UNPRICED_COST4], cost4);
      }
      case Entry.BY_EVENT -> v[base + USD_EVENT_NANO] = Cells.plus(v[base + USD_EVENT_NANO], usd);
      case Entry.BY_TOOL -> v[base + USD_TOOL_NANO] = Cells.plus(v[base + USD_TOOL_NANO], usd);
      default -> {}
    }
    if (status == 1 || status == 2) {
      v[base + FAILED] = Cells.plus(v[base + FAILED], 1);
    } else if (status == 3) {
      v[base + DENIED] = Cells.plus(v[base + DENIED], 1);
    }
  }

  /** Number of value slots (including the "no value" slot at index -1). */
  int slots() {
    return v.length / FIELDS - 1;
  }
}

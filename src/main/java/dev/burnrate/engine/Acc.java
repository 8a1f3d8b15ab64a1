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
  static final int FIELDS = 9;

  long[] v;

  Acc(int values) {
    v = new long[(values + 1) * FIELDS];
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

  void addCell(int valueId, int status, Cells c, int row) {
    ensure(valueId + 1);
    int base = (valueId + 1) * FIELDS;
    long count = c.get(row, Cells.COUNT);
    long failed = status == 1 || status == 2 ? count : 0;
    long denied = status == 3 ? count : 0;
    // Plain adds, and one test of them all: every amount is non-negative, so a sum that left 64
    // bits is negative. Only then are the sums made again, saturating (Cells#plus).
    long n0 = v[base + COUNT] + count;
    long n1 = v[base + COST4] + c.get(row, Cells.COST4);
    long n2 = v[base + DUR] + c.get(row, Cells.DUR);
    long n3 = v[base + IN] + c.get(row, Cells.IN);
    long n4 = v[base + OUT] + c.get(row, Cells.OUT);
    long n5 = v[base + USD_NANO] + c.get(row, Cells.USD_NANO);
    long n6 = v[base + UNPRICED] + c.get(row, Cells.UNPRICED);
    long n7 = v[base + FAILED] + failed;
    long n8 = v[base + DENIED] + denied;
    if ((n0 | n1 | n2 | n3 | n4 | n5 | n6 | n7 | n8) < 0) {
      addCellSaturating(base, count, failed, denied, c, row);
      return;
    }
    v[base + COUNT] = n0;
    v[base + COST4] = n1;
    v[base + DUR] = n2;
    v[base + IN] = n3;
    v[base + OUT] = n4;
    v[base + USD_NANO] = n5;
    v[base + UNPRICED] = n6;
    v[base + FAILED] = n7;
    v[base + DENIED] = n8;
  }

  private void addCellSaturating(int base, long count, long failed, long denied, Cells c, int row) {
    v[base + COUNT] = Cells.plus(v[base + COUNT], count);
    v[base + COST4] = Cells.plus(v[base + COST4], c.get(row, Cells.COST4));
    v[base + DUR] = Cells.plus(v[base + DUR], c.get(row, Cells.DUR));
    v[base + IN] = Cells.plus(v[base + IN], c.get(row, Cells.IN));
    v[base + OUT] = Cells.plus(v[base + OUT], c.get(row, Cells.OUT));
    v[base + USD_NANO] = Cells.plus(v[base + USD_NANO], c.get(row, Cells.USD_NANO));
    v[base + UNPRICED] = Cells.plus(v[base + UNPRICED], c.get(row, Cells.UNPRICED));
    v[base + FAILED] = Cells.plus(v[base + FAILED], failed);
    v[base + DENIED] = Cells.plus(v[base + DENIED], denied);
  }

  void addEvent(
      int valueId,
      int status,
      long cost4,
      long dur,
      long in,
      long out,
      long usd,
      boolean unpriced) {
    ensure(valueId + 1);
    int base = (valueId + 1) * FIELDS;
    v[base + COUNT] = Cells.plus(v[base + COUNT], 1);
    v[base + COST4] = Cells.plus(v[base + COST4], cost4);
    v[base + DUR] = Cells.plus(v[base + DUR], dur);
    v[base + IN] = Cells.plus(v[base + IN], in);
    v[base + OUT] = Cells.plus(v[base + OUT], out);
    v[base + USD_NANO] = Cells.plus(v[base + USD_NANO], usd);
    if (unpriced) {
      v[base + UNPRICED] = Cells.plus(v[base + UNPRICED], 1);
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

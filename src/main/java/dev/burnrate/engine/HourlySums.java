package dev.burnrate.engine;

import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;

/**
 * Sums one segment's events into hourly {@link Cells}, the loop behind {@link EventIndex#rollUp}.
 *
 * <p>Design: a segment is sorted by time, so each hour's events are contiguous, and a segment's
 * dictionary ids are dense, so the cell key {@code (id + 1) * 4 + status} indexes a table directly.
 * Per dimension a table from key to the current hour's row replaces the cells' hash probe (eight
 * per event) with one array read; the keys seen are cleared when the hour ends. A key the table
 * does not cover (an id past a damaged segment's dictionary) takes the cells' own probe, and so
 * does a key of an hour met again, so the sums never depend on the order. Rows are made in the
 * order of first sight, as one probe per event made them, so the rollup is the same, byte for byte.
 *
 * <p>Kept apart from the lookups that prepare a segment (dictionaries, cost models): compiled
 * together, a first-time path there threw the whole loop's compiled code away, and at first ingest
 * the loop was compiled four times.
 */
final class HourlySums {
  private static final int DIMS = Segment.DIMS;
  private static final int NONE = -1;

  private HourlySums() {}

  static Rollup of(Entry e, Segment s) {
    int[][] rowOfKey = new int[DIMS][];
    for (int d = 0; d < DIMS; d++) {
      rowOfKey[d] = new int[(s.dictSize(d) + 1) << 2];
      Arrays.fill(rowOfKey[d], NONE);
    }
    Map<Long, Cells[]> local = new TreeMap<>();
    int n = s.size();
    long currentHour = Long.MIN_VALUE;
    Cells[] cells = null;
    long cacheOverInput = 0;
    for (int i = 0; i < n; i++) {
      long h = Math.floorDiv(s.ts(i), EventIndex.HOUR);
      if (h != currentHour) {
        if (cells != null) {
          forget(cells, rowOfKey);
        }
        currentHour = h;
        cells = local.get(h);
        if (cells == null) {
          cells = newHour();
          local.put(h, cells);
        }
      }
      int status = e.status(i);
      long cost4 = e.cost4(i);
      long usd = e.usdNanos(i);
      int basis = e.basis(i, usd);
      long usdAdd = basis == Entry.UNPRICED ? 0 : usd;
      long dur = s.col(Segment.C_DUR, i);
      long in = s.col(Segment.C_IN, i);
      long out = s.col(Segment.C_OUT, i);
      for (int d = 0; d < DIMS; d++) {
        int key = Cells.key(s.dim(d, i), status);
        int[] rows = rowOfKey[d];
        int row;
        if (key >= 0 && key < rows.length) {
          row = rows[key];
          if (row == NONE) {
            row = cells[d].rowFor(key);
            rows[key] = row;
          }
        } else {
          row = cells[d].rowFor(key);
        }
        cells[d].addAt(row, cost4, dur, in, out, usdAdd, basis);
      }
      if (Entry.cacheOverInput(s, i)) {
        cacheOverInput++;
      }
    }
    return new Rollup(local, cacheOverInput);
  }

  /** Clears the table entries of an hour that is done. */
  private static void forget(Cells[] cells, int[][] rowOfKey) {
    for (int d = 0; d < DIMS; d++) {
      int[] rows = rowOfKey[d];
      for (int r = 0; r < cells[d].size(); r++) {
        int key = cells[d].keyAt(r);
        if (key >= 0 && key < rows.length) {
          rows[key] = NONE;
        }
      }
    }
  }

  static Cells[] newHour() {
    Cells[] c = new Cells[DIMS];
    for (int d = 0; d < DIMS; d++) {
      c[d] = new Cells();
    }
    return c;
  }
}

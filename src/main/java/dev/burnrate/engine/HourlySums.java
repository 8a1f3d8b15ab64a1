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
 * <p>Events are taken in runs of one hour: their amounts are worked out once, then added into one
 * dimension's cells after another, each a tight loop over one column.
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
    Run run = new Run(Math.max(1, Math.min(n, RUN)));
    long currentHour = Long.MIN_VALUE;
    Cells[] cells = null;
    int i = 0;
    while (i < n) {
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
      int to = run.fill(e, s, i, h);
      for (int d = 0; d < DIMS; d++) {
        run.addTo(cells[d], rowOfKey[d], s, d, i, to);
      }
      i = to;
    }
    return new Rollup(local, run.cacheOverInput);
  }

  /** Events summed per pass: a run of one hour's events, one dimension at a time. */
  private static final int RUN = 2048;

  /**
   * The amounts of a run of events, worked out once (pricing, cost units) and then added into each
   * dimension's cells in turn: a tight loop per dimension over one column, rather than every
   * dimension for every event.
   */
  private static final class Run {
    final int size;
    final int[] status;
    final int[] basis;
    final long[] cost4;
    final long[] usd;
    final long[] dur;
    final long[] in;
    final long[] out;

    Run(int size) {
      this.size = size;
      status = new int[size];
      basis = new int[size];
      cost4 = new long[size];
      usd = new long[size];
      dur = new long[size];
      in = new long[size];
      out = new long[size];
    }

    /** Events so far whose cache tokens exceed their input tokens. */
    long cacheOverInput;

    /**
     * Works out the events from {@code from} on that fall in {@code hour}, at most {@link #size} of
     * them, and returns the index past the last. The loops over events are here and in {@link
     * #addTo}, each call a short one, so the compiled code is made once per method rather than once
     * for a long-running call of the caller and again for the caller itself.
     */
    int fill(Entry e, Segment s, int from, long hour) {
      int to = Math.min(s.size(), from + size);
      for (int i = from; i < to; i++) {
        if (i > from && Math.floorDiv(s.ts(i), EventIndex.HOUR) != hour) {
          return i;
        }
        int k = i - from;
        status[k] = e.status(i);
        cost4[k] = e.cost4(i);
        long u = e.usdNanos(i);
        int b = e.basis(i, u);
        basis[k] = b;
        usd[k] = b == Entry.UNPRICED ? 0 : u;
        dur[k] = s.col(Segment.C_DUR, i);
        in[k] = s.col(Segment.C_IN, i);
        out[k] = s.col(Segment.C_OUT, i);
        if (Entry.cacheOverInput(s, i)) {
          cacheOverInput++;
        }
      }
      return to;
    }

    /** Adds events {@code [from, to)}, worked out by {@link #fill}, into dimension {@code d}. */
    void addTo(Cells c, int[] rows, Segment s, int d, int from, int to) {
      for (int i = from; i < to; i++) {
        int k = i - from;
        int key = Cells.key(s.dim(d, i), status[k]);
        int row;
        if (key >= 0 && key < rows.length) {
          row = rows[key];
          if (row == NONE) {
            row = c.rowFor(key);
            rows[key] = row;
          }
        } else {
          row = c.rowFor(key);
        }
        c.addAt(row, cost4[k], dur[k], in[k], out[k], usd[k], basis[k]);
      }
    }
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

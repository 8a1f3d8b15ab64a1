package dev.burnrate.engine;

import dev.burnrate.usage.EventBounds;
import java.util.Arrays;

/**
 * The aggregates of one hour for one dimension: a small open-addressing map from (value id, status)
 * to a row of sums. A month of events becomes a few hundred thousand of these rows, so a 30-day
 * report adds up rows instead of re-reading events.
 */
final class Cells {
  static final int COUNT = 0;
  static final int COST4 = 1;
  static final int DUR = 2;
  static final int IN = 3;
  static final int OUT = 4;
  static final int USD_NANO = 5;
  static final int UNPRICED = 6;

  /** The cost units of the calls with no dollar value: what the dollar figures leave out. */
  static final int UNPRICED_COST4 = 7;

  /**
   * Of {@link #USD_NANO}, the dollars events carried as their own {@code cost_usd}, and those the
   * operator's tool rates gave; the rest came from model tokens at the price tables.
   */
  static final int USD_EVENT_NANO = 8;

  static final int USD_TOOL_NANO = 9;

  static final int FIELDS = 10;

  /** A free slot of {@link #table}. */
  private static final int FREE = -1;

  /**
   * Open addressing over the rows: each slot holds a row number (its key is {@code keyOfRow[row]}),
   * or {@link #FREE}. One array instead of keys beside row numbers: at 50M events the cells' tables
   * were a quarter of the index's heap.
   */
  private int[] table;

  private int[] keyOfRow;
  private long[] rows;
  private int size;

  /**
   * At least every sum in this cell: the (saturating) total of all amounts merged into it row by
   * row, or {@link Long#MAX_VALUE} once an event was added one at a time. A query adds the rows
   * with plain adds when its own bound plus this one cannot leave 64 bits ({@link Acc#addRows}).
   */
  private long bound;

  /**
   * Room for two rows to start with: the hour of a few appended lines (a settle's, a tool call's)
   * makes one cell per dimension, and at thousands of appends a second larger ones were most of the
   * garbage. Rows and table grow by doubling.
   */
  Cells() {
    table = new int[4];
    Arrays.fill(table, FREE);
    keyOfRow = new int[2];
    rows = new long[2 * FIELDS];
  }

  static int key(int valueId, int status) {
    return ((valueId + 1) << 2) | status;
  }

  static int valueOf(int key) {
    return (key >>> 2) - 1;
  }

  static int statusOf(int key) {
    return key & 3;
  }

  int size() {
    return size;
  }

  int keyAt(int row) {
    return keyOfRow[row];
  }

  long bound() {
    return bound;
  }

  long get(int row, int field) {
    return rows[row * FIELDS + field];
  }

  /** Adds one event; {@code basis} is how its dollars were found ({@link Entry#basis}). */
  void add(int key, long cost4, long dur, long in, long out, long usdNano, int basis) {
    addAt(rowFor(key), cost4, dur, in, out, usdNano, basis);
  }

  /** As {@link #add} into a row {@link #rowFor} gave (a caller that keeps its own key table). */
  void addAt(int row, long cost4, long dur, long in, long out, long usdNano, int basis) {
    bound = Long.MAX_VALUE;
    int base = row * FIELDS;
    rows[base + COUNT]++;
    rows[base + COST4] = plus(rows[base + COST4], cost4);
    rows[base + DUR] = plus(rows[base + DUR], dur);
    rows[base + IN] = plus(rows[base + IN], in);
    rows[base + OUT] = plus(rows[base + OUT], out);
    rows[base + USD_NANO] = plus(rows[base + USD_NANO], usdNano);
    switch (basis) {
      case Entry.UNPRICED -> {
        rows[base + UNPRICED]++;
        rows[base + UNPRICED_COST4] = plus(rows[base + UNPRICED_COST4], cost4);
      }
      case Entry.BY_EVENT ->
          rows[base + USD_EVENT_NANO] = plus(rows[base + USD_EVENT_NANO], usdNano);
      case Entry.BY_TOOL -> rows[base + USD_TOOL_NANO] = plus(rows[base + USD_TOOL_NANO], usdNano);
      default -> {}
    }
  }

  /**
   * Every sum in the engine: amounts are non-negative, so a sum that leaves 64 bits saturates at
   * {@link Long#MAX_VALUE} (shown as such and flagged) rather than wrapping to a smaller figure.
   */
  static long plus(long a, long b) {
    return EventBounds.plus(a, b);
  }

  /** Adds another cell's row of sums under {@code key}. */
  void addRow(int key, Cells from, int fromRow) {
    int base = rowFor(key) * FIELDS;
    int src = fromRow * FIELDS;
    for (int f = 0; f < FIELDS; f++) {
      rows[base + f] = plus(rows[base + f], from.rows[src + f]);
      bound = plus(bound, from.rows[src + f]);
    }
  }

  void addRaw(int key, long[] values, int offset) {
    int base = rowFor(key) * FIELDS;
    for (int f = 0; f < FIELDS; f++) {
      rows[base + f] = plus(rows[base + f], values[offset + f]);
      bound = plus(bound, values[offset + f]);
    }
  }

  /**
   * Gives back the room kept for rows to come: rows grow by doubling, so a full cell holds on
   * average a quarter more than its rows, which over 50M events is a hundred megabytes of heap. A
   * row added later grows it again.
   */
  void trim() {
    if (keyOfRow.length > size) {
      keyOfRow = Arrays.copyOf(keyOfRow, Math.max(size, 1));
      rows = Arrays.copyOf(rows, Math.max(size, 1) * FIELDS);
    }
  }

  /** The row of {@code key}, added (all sums 0) when it has none. */
  int rowFor(int key) {
    int mask = table.length - 1;
    int slot = ((key * 0x9E3779B9) >>> 7) & mask;
    while (true) {
      int row = table[slot];
      if (row == FREE) {
        break;
      }
      if (keyOfRow[row] == key) {
        return row;
      }
      slot = (slot + 1) & mask;
    }
    if (size == keyOfRow.length) {
      keyOfRow = Arrays.copyOf(keyOfRow, size * 2);
      rows = Arrays.copyOf(rows, size * 2 * FIELDS);
    }
    int row = size++;
    table[slot] = row;
    keyOfRow[row] = key;
    if (size * 2 > table.length) {
      rehash();
    }
    return row;
  }

  private void rehash() {
    int[] grown = new int[table.length * 2];
    Arrays.fill(grown, FREE);
    int mask = grown.length - 1;
    for (int row = 0; row < size; row++) {
      int slot = ((keyOfRow[row] * 0x9E3779B9) >>> 7) & mask;
      while (grown[slot] != FREE) {
        slot = (slot + 1) & mask;
      }
      grown[slot] = row;
    }
    table = grown;
  }
}

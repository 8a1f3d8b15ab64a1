package dev.burnrate.engine;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Map;

/**
 * One segment's hourly sums per dimension, keyed by the segment's own dictionary ids. Derived from
 * the segment's columns under one cost model and price list; persisted beside the segment under
 * that model's {@link EventIndex#fingerprint() fingerprint}, so a restart merges a few thousand
 * rows per day instead of re-reading every event.
 */
public final class Rollup {
  /**
   * "BROLLUP4" little-endian: the magic, the number of hours, the segment's count of events whose
   * cache tokens exceed their input tokens, then per hour its rows of {@link Cells#FIELDS} sums. A
   * rollup of an older layout is computed again from its segment, quietly ({@link #olderLayout}).
   */
  private static final long MAGIC = 0x3450554c4c4f5242L;

  /**
   * "BROLLUP1" (rows of 7 sums), "BROLLUP2" (no cache-token count) and "BROLLUP3" (rows of 8 sums:
   * dollars not split by how they were priced).
   */
  private static final java.util.Set<Long> OLDER_MAGICS =
      java.util.Set.of(0x3150554c4c4f5242L, 0x3250554c4c4f5242L, 0x3350554c4c4f5242L);

  private static final int HEADER = 8 + 4 + 8;

  /** Whether {@code in} is a rollup of an older layout (expected once after an upgrade). */
  public static boolean olderLayout(ByteBuffer in) {
    ByteBuffer b = in.duplicate().order(ByteOrder.LITTLE_ENDIAN);
    return b.remaining() >= 8 && OLDER_MAGICS.contains(b.getLong());
  }

  final Map<Long, Cells[]> hours;

  /** When read back from disk: the serialized rows, merged straight into the index. */
  final ByteBuffer raw;

  /**
   * Events whose cache read plus write tokens exceed their input tokens (the data-quality count,
   * made once here rather than by scanning the segment on the first answer after a start).
   */
  final long cacheOverInput;

  Rollup(Map<Long, Cells[]> hours, long cacheOverInput) {
    this.hours = hours;
    this.raw = null;
    this.cacheOverInput = cacheOverInput;
  }

  private Rollup(ByteBuffer raw) {
    this.hours = null;
    this.raw = raw;
    this.cacheOverInput = raw.duplicate().order(ByteOrder.LITTLE_ENDIAN).getLong(12);
  }

  /** Visits every row: hour, dimension, key and the FIELDS sums starting at {@code vals[0]}. */
  void forEachRow(RowVisitor v) {
    if (raw == null) {
      for (Map.Entry<Long, Cells[]> h : hours.entrySet()) {
        Cells[] cs = h.getValue();
        for (int d = 0; d < cs.length; d++) {
          for (int row = 0; row < cs[d].size(); row++) {
            v.row(h.getKey(), d, cs[d].keyAt(row), cs[d], row, null);
          }
        }
      }
      return;
    }
    ByteBuffer b = raw.duplicate().order(ByteOrder.LITTLE_ENDIAN);
    b.position(HEADER);
    int n = raw.duplicate().order(ByteOrder.LITTLE_ENDIAN).getInt(8);
    long[] vals = new long[Cells.FIELDS];
    for (int i = 0; i < n; i++) {
      long hour = b.getLong();
      for (int d = 0; d < Segment.DIMS; d++) {
        int rows = b.getInt();
        for (int r = 0; r < rows; r++) {
          int key = b.getInt();
          for (int f = 0; f < Cells.FIELDS; f++) {
            vals[f] = b.getLong();
          }
          v.row(hour, d, key, null, 0, vals);
        }
      }
    }
  }

  interface RowVisitor {
    /** Either {@code cells/row} or {@code vals} carries the sums. */
    void row(long hour, int dim, int key, Cells cells, int row, long[] vals);
  }

  public ByteBuffer serialized() {
    if (raw != null) {
      ByteBuffer dup = raw.duplicate();
      dup.position(0);
      return dup;
    }
    int size = HEADER;
    for (Cells[] cs : hours.values()) {
      size += 8;
      for (Cells c : cs) {
        size += 4 + c.size() * (4 + 8 * Cells.FIELDS);
      }
    }
    ByteBuffer b = ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
    b.putLong(MAGIC).putInt(hours.size()).putLong(cacheOverInput);
    for (Map.Entry<Long, Cells[]> h : hours.entrySet()) {
      b.putLong(h.getKey());
      for (Cells c : h.getValue()) {
        b.putInt(c.size());
        for (int row = 0; row < c.size(); row++) {
          b.putInt(c.keyAt(row));
          for (int f = 0; f < Cells.FIELDS; f++) {
            b.putLong(c.get(row, f));
          }
        }
      }
    }
    b.flip();
    return b;
  }

  /**
   * @throws IllegalArgumentException when the bytes are not a rollup (the caller recomputes)
   */
  public static Rollup read(ByteBuffer in) {
    ByteBuffer b = in.duplicate().order(ByteOrder.LITTLE_ENDIAN);
    try {
      if (b.getLong() != MAGIC) {
        throw new IllegalArgumentException("not a rollup file");
      }
      int n = b.getInt();
      if (b.getLong() < 0) {
        throw new IllegalArgumentException("negative count");
      }
      for (int i = 0; i < n; i++) {
        b.getLong();
        for (int d = 0; d < Segment.DIMS; d++) {
          int rows = b.getInt();
          b.position(b.position() + rows * (4 + 8 * Cells.FIELDS));
        }
      }
      return new Rollup(in.duplicate().order(ByteOrder.LITTLE_ENDIAN));
    } catch (java.nio.BufferUnderflowException | IllegalArgumentException e) {
      throw new IllegalArgumentException("rollup file is truncated or corrupt");
    }
  }
}

package dev.burnrate.engine;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Frame-of-reference packing of a segment's columns: each column stores {@code value - min} in the
 * fewest whole bytes that hold its largest difference, from none (every value the same) to eight.
 * Most columns hold small numbers (tokens, bytes, durations, dictionary indexes, timestamps within
 * a few hours), so a segment is about half the size of eight bytes a value, and the index costs
 * half the disk writes to build.
 *
 * <p>A packed value is read as one unaligned little-endian long masked to the column's width, so
 * the last column is followed by {@link #PAD} bytes of padding. {@link Segment#NO_USD} (an absent
 * cost) gets a code of its own one past the largest difference, so it does not widen a column.
 */
final class Packing {
  /** Bytes after the last column, so that its last value can be read as a whole long. */
  static final int PAD = 8;

  /** The null code of a column without one: no masked value of fewer than 8 bytes equals it. */
  private static final long NONE = Segment.NO_USD;

  private static final VarHandle LONG_LE =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

  private Packing() {}

  /**
   * How one column is packed: {@code width} bytes a value ({@code 0..8}), the value subtracted
   * before packing and the packed code standing for {@link Segment#NO_USD}.
   */
  record Frame(int width, long min, long nullCode) {
    Frame {
      if (width < 0 || width > 8) {
        throw new IllegalArgumentException("column width " + width + " is not 0..8 bytes");
      }
    }

    long mask() {
      return width == 8 ? -1L : (1L << (8 * width)) - 1;
    }

    /** The value a packed (masked) code stands for. */
    long decode(long code) {
      return code == nullCode ? Segment.NO_USD : code + min;
    }
  }

  /** The frame of the first {@code n} values of {@code col}. */
  static Frame frame(long[] col, int n) {
    long lo = Long.MAX_VALUE;
    long hi = Long.MIN_VALUE;
    boolean nulls = false;
    for (int i = 0; i < n; i++) {
      long v = col[i];
      if (v == Segment.NO_USD) {
        nulls = true;
      } else {
        lo = Math.min(lo, v);
        hi = Math.max(hi, v);
      }
    }
    return frame(lo, hi, nulls);
  }

  /** The frame of the first {@code n} values of {@code col}. */
  static Frame frame(int[] col, int n) {
    long lo = Long.MAX_VALUE;
    long hi = Long.MIN_VALUE;
    for (int i = 0; i < n; i++) {
      int v = col[i];
      lo = Math.min(lo, v);
      hi = Math.max(hi, v);
    }
    return frame(lo, hi, false);
  }

  private static Frame frame(long lo, long hi, boolean nulls) {
    if (lo > hi) { // no value but NO_USD, or no value at all
      return new Frame(0, 0, nulls ? 0 : NONE);
    }
    long range = hi - lo; // negative when the difference does not fit in 63 bits
    long top = nulls ? range + 1 : range;
    if (range < 0 || top < 0) {
      return raw();
    }
    int width = (64 - Long.numberOfLeadingZeros(top) + 7) / 8;
    return width >= 8 ? raw() : new Frame(width, lo, nulls ? range + 1 : NONE);
  }

  /** Eight bytes a value, as they are: {@code NO_USD} stays itself. */
  private static Frame raw() {
    return new Frame(8, 0, NONE);
  }

  /**
   * Packs {@code col[order[i]]} (or {@code col[i]} when {@code order} is null) for {@code i < n}
   * into {@code out} from {@code at}; returns where the column ends. Needs {@link #PAD} bytes of
   * room past that end: each value is written as a whole long over the next one's bytes.
   */
  static int pack(byte[] out, int at, long[] col, int[] order, int n, Frame f) {
    int w = f.width();
    if (w == 0) {
      return at;
    }
    long min = f.min();
    long nullCode = f.nullCode();
    int p = at;
    for (int i = 0; i < n; i++) {
      long v = col[order == null ? i : order[i]];
      LONG_LE.set(out, p, v == Segment.NO_USD && nullCode != NONE ? nullCode : v - min);
      p += w;
    }
    return p;
  }

  /** As {@link #pack(byte[], int, long[], int[], int, Frame)}, for an int column. */
  static int pack(byte[] out, int at, int[] col, int[] order, int n, Frame f) {
    int w = f.width();
    if (w == 0) {
      return at;
    }
    long min = f.min();
    int p = at;
    for (int i = 0; i < n; i++) {
      LONG_LE.set(out, p, col[order == null ? i : order[i]] - min);
      p += w;
    }
    return p;
  }
}

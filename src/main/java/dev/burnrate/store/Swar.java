package dev.burnrate.store;

import dev.burnrate.engine.Bytes;

/**
 * Byte searches eight bytes at a time ("SIMD within a register"): the parser's inner loops look for
 * a line's end and for the end of a string, over 1.4 GB a month, and a byte-at-a-time loop was a
 * fifth of the first ingest. Each mask has the high bit set in exactly the bytes that match (no
 * borrow crosses bytes), so the lowest set bit names the first match.
 */
final class Swar {
  private Swar() {}

  private static final long ONES = 0x0101010101010101L;
  private static final long LOWS = 0x7f7f7f7f7f7f7f7fL;

  /** The eight bytes at {@code i}, the first in the lowest bits. */
  static long word(byte[] b, int i) {
    return Bytes.word(b, i);
  }

  /** High bit set in each byte of {@code word} equal to {@code c}. */
  static long equal(long word, byte c) {
    long x = word ^ ((c & 0xffL) * ONES);
    return ~(((x & LOWS) + LOWS) | x | LOWS);
  }

  /** High bit set in each byte of {@code word} below 0x20 (a JSON control character). */
  static long control(long word) {
    // bytes below 0x20 are those whose top three bits are clear
    long top3 = word & 0xe0e0e0e0e0e0e0e0L;
    return ~(((top3 & LOWS) + LOWS) | top3 | LOWS);
  }

  /** The index of the first byte with its mask bit set. */
  static int first(long mask) {
    return Long.numberOfTrailingZeros(mask) >>> 3;
  }

  /** The first {@code c} in {@code b[from, to)}, or -1. */
  static int indexOf(byte[] b, byte c, int from, int to) {
    int i = from;
    for (; i + 8 <= to; i += 8) {
      long m = equal(word(b, i), c);
      if (m != 0) {
        return i + first(m);
      }
    }
    for (; i < to; i++) {
      if (b[i] == c) {
        return i;
      }
    }
    return -1;
  }

  /**
   * The first byte in {@code b[from, to)} that ends or interrupts a JSON string's plain run: a
   * quote, a backslash or a control character; {@code to} when there is none.
   */
  static int stringStop(byte[] b, int from, int to) {
    int i = from;
    for (; i + 8 <= to; i += 8) {
      long w = word(b, i);
      long m = equal(w, (byte) '"') | equal(w, (byte) '\\') | control(w);
      if (m != 0) {
        return i + first(m);
      }
    }
    for (; i < to; i++) {
      byte c = b[i];
      if (c == '"' || c == '\\' || (c & 0xff) < 0x20) {
        return i;
      }
    }
    return to;
  }
}

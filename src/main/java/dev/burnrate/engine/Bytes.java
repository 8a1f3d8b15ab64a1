package dev.burnrate.engine;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Comparing and hashing the short byte strings of an audit line (names, ids, field names) eight
 * bytes at a time. The library's range compare sets up a vectorised loop whose cost dominates for
 * strings of a few bytes, and a byte-at-a-time hash was a twentieth of the first ingest.
 */
public final class Bytes {
  private Bytes() {}

  private static final VarHandle LONGS =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

  /** The eight bytes at {@code i}, the first in the lowest bits. */
  public static long word(byte[] b, int i) {
    return (long) LONGS.get(b, i);
  }

  /** Whether {@code a[aOff, aOff + len)} and {@code b[bOff, bOff + len)} hold the same bytes. */
  public static boolean same(byte[] a, int aOff, byte[] b, int bOff, int len) {
    if (len < 8) {
      if (aOff + 8 <= a.length && bOff + 8 <= b.length) {
        // one masked compare when both arrays hold a whole word there (most names are short)
        return ((word(a, aOff) ^ word(b, bOff)) & low(len)) == 0;
      }
      for (int i = 0; i < len; i++) {
        if (a[aOff + i] != b[bOff + i]) {
          return false;
        }
      }
      return true;
    }
    int i = 0;
    for (; i + 8 < len; i += 8) {
      if (word(a, aOff + i) != word(b, bOff + i)) {
        return false;
      }
    }
    // the last eight bytes, overlapping the words before when len is not a multiple of 8
    return word(a, aOff + len - 8) == word(b, bOff + len - 8);
  }

  /** A hash of {@code b[off, off + len)} for in-memory tables (not stable across releases). */
  public static int hash(byte[] b, int off, int len) {
    long h = len * 0x9E3779B97F4A7C15L;
    int i = 0;
    for (; i + 8 <= len; i += 8) {
      h = Long.rotateLeft((h ^ word(b, off + i)) * 0x9E3779B97F4A7C15L, 29);
    }
    int rest = len - i;
    if (rest > 0) {
      // the last bytes as one word, zero above them: read whole when the array reaches that far
      long tail;
      if (off + i + 8 <= b.length) {
        tail = word(b, off + i) & low(rest);
      } else {
        tail = 0;
        for (int j = rest - 1; j >= 0; j--) {
          tail = (tail << 8) | (b[off + i + j] & 0xff);
        }
      }
      h = Long.rotateLeft((h ^ tail) * 0x9E3779B97F4A7C15L, 29);
    }
    h ^= h >>> 32;
    return (int) (h ^ (h >>> 16));
  }

  /** The mask of the low {@code bytes} bytes of a word, for 0 to 7 bytes. */
  private static long low(int bytes) {
    return (1L << (bytes << 3)) - 1;
  }
}

package dev.burnrate.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Segment columns are packed to the fewest bytes their values need: every value must read back
 * exactly as written, whatever the column holds (one value, small numbers, negatives, the whole
 * long range, absent costs among them), in time order or through a sort order, from the bytes as a
 * file holds them.
 */
class PackedColumnsTest {
  private static final int N = 1_000;

  private interface Gen {
    long next(Random rnd, int i);
  }

  private static final List<Gen> KINDS =
      List.of(
          (r, i) -> 42, // one value: no bytes at all
          (r, i) -> r.nextInt(200), // one byte
          (r, i) -> 1_771_000_000_000_000L + r.nextInt(1 << 30), // time stamps of a few hours
          (r, i) -> -5 + r.nextInt(11), // negatives
          (r, i) -> r.nextLong(), // the whole range: eight bytes
          (r, i) -> r.nextBoolean() ? Long.MAX_VALUE : Long.MIN_VALUE + 1, // the widest gap
          (r, i) -> r.nextInt(3) == 0 ? Segment.NO_USD : r.nextInt(1 << 20), // absent costs
          (r, i) -> Segment.NO_USD, // every cost absent
          (r, i) -> r.nextInt(3) == 0 ? Segment.NO_USD : r.nextLong(), // absent, and wide
          (r, i) -> r.nextInt(2) == 0 ? Segment.NO_USD : (1L << 56) - 2, // the code past 7 bytes
          (r, i) -> Double.doubleToLongBits(r.nextInt(4) * 0.25)); // complexity

  private static Segment roundTrip(long[][] longs, int[][] dims, int[] order) {
    String[][] dicts = new String[Segment.DIMS][];
    for (int d = 0; d < Segment.DIMS; d++) {
      dicts[d] = new String[] {"v0", "v1", "v2"};
    }
    Segment built = Segment.build("f.jsonl", 0, 10, 1, N, N, dicts, List.of(), longs, dims, order);
    ByteBuffer file = ByteBuffer.allocateDirect(built.serialized().remaining());
    file.put(built.serialized()).flip();
    return Segment.read(file);
  }

  private static int[] inOrder() {
    int[] order = new int[N];
    for (int i = 0; i < N; i++) {
      order[i] = i;
    }
    return order;
  }

  /** The bytes of a segment of N events whose every value is 0. */
  private static ByteBuffer zeros() {
    return roundTrip(new long[Segment.LONG_COLS][N], new int[Segment.DIMS][N], inOrder())
        .serialized();
  }

  private static void check(long seed, boolean shuffled) {
    Random rnd = new Random(seed);
    long[][] longs = new long[Segment.LONG_COLS][N];
    for (int c = 0; c < Segment.LONG_COLS; c++) {
      Gen g = KINDS.get(rnd.nextInt(KINDS.size()));
      for (int i = 0; i < N; i++) {
        longs[c][i] = g.next(rnd, i);
      }
    }
    int[][] dims = new int[Segment.DIMS][N];
    for (int d = 0; d < Segment.DIMS; d++) {
      int k = rnd.nextInt(4); // -1 (absent) .. 2; sometimes every value absent
      for (int i = 0; i < N; i++) {
        dims[d][i] = d % 3 == 0 ? -1 : rnd.nextInt(k + 1) - 1;
      }
    }
    int[] order = inOrder();
    if (shuffled) {
      for (int i = N - 1; i > 0; i--) {
        int j = rnd.nextInt(i + 1);
        int t = order[i];
        order[i] = order[j];
        order[j] = t;
      }
    }
    Segment s = roundTrip(longs, dims, order);
    assertEquals(N, s.size());
    for (int i = 0; i < N; i++) {
      for (int c = 0; c < Segment.LONG_COLS; c++) {
        assertEquals(longs[c][order[i]], s.col(c, i), "seed " + seed + " column " + c + " at " + i);
      }
      for (int d = 0; d < Segment.DIMS; d++) {
        assertEquals(dims[d][order[i]], s.dim(d, i), "seed " + seed + " dimension " + d);
      }
    }
  }

  @Test
  void everyKindOfColumnReadsBackExactlyInOrderAndThroughASortOrder() {
    for (long seed = 0; seed < 60; seed++) {
      check(seed, false);
      check(seed, true);
    }
  }

  @Test
  void columnsTakeTheBytesTheirValuesNeed() {
    assertEquals(0, Packing.frame(new long[] {7, 7, 7}, 3).width());
    assertEquals(1, Packing.frame(new long[] {1000, 1255}, 2).width());
    assertEquals(2, Packing.frame(new long[] {1000, 1256}, 2).width());
    assertEquals(1, Packing.frame(new long[] {5, Segment.NO_USD, 259}, 3).width());
    assertEquals(2, Packing.frame(new long[] {5, Segment.NO_USD, 260}, 3).width());
    assertEquals(8, Packing.frame(new long[] {Long.MIN_VALUE + 1, Long.MAX_VALUE}, 2).width());
    assertEquals(1, Packing.frame(new int[] {-1, 3, 200}, 3).width());
    assertEquals(0, Packing.frame(new long[0], 0).width());
  }

  @Test
  void aSegmentOfTypicalEventsIsAboutAThirdOfEightBytesAValue() {
    Random rnd = new Random(3);
    long[][] longs = new long[Segment.LONG_COLS][N];
    for (int i = 0; i < N; i++) {
      longs[Segment.C_TS][i] = 1_771_000_000_000_000L + i * 3_600_000_000L; // 1,000 hours
      longs[Segment.C_DUR][i] = rnd.nextInt(60_000);
      longs[Segment.C_TOK_IN][i] = rnd.nextInt(100_000);
      longs[Segment.C_USD][i] = rnd.nextInt(10) == 0 ? Segment.NO_USD : rnd.nextInt(50_000_000);
      longs[Segment.C_REQ][i] = rnd.nextLong();
    }
    int bytes = roundTrip(longs, new int[Segment.DIMS][N], inOrder()).serialized().remaining();
    int unpacked = N * 8 * Segment.LONG_COLS + N * 4 * Segment.DIMS;
    // ts 6, duration 2, tokens 3, cost 4, request hash 8 bytes; the rest none
    assertTrue(bytes < unpacked / 3, bytes + " bytes against " + unpacked + " unpacked");
    assertTrue(bytes > N * (6 + 2 + 3 + 4 + 8), bytes + " bytes is less than the values need");
  }

  @Test
  void aSegmentOfAnotherFormatIsRefusedAsSuch() {
    ByteBuffer b = zeros();
    ByteBuffer old = ByteBuffer.allocate(b.remaining()).put(b).flip();
    old.order(java.nio.ByteOrder.LITTLE_ENDIAN).putInt(8, 1);
    assertThrows(Segment.OtherVersion.class, () -> Segment.read(old));
  }

  @Test
  void aDamagedHeaderIsRefusedNotRead() {
    ByteBuffer b = zeros();
    ByteBuffer negative = ByteBuffer.allocate(b.remaining()).put(b.duplicate()).flip();
    negative.order(java.nio.ByteOrder.LITTLE_ENDIAN).putInt(12, -5);
    assertThrows(IllegalArgumentException.class, () -> Segment.read(negative));
    ByteBuffer cut =
        ByteBuffer.allocate(b.remaining() - 9).put(b.duplicate().limit(b.remaining() - 9)).flip();
    assertThrows(IllegalArgumentException.class, () -> Segment.read(cut));
  }
}

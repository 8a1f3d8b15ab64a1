package dev.burnrate.engine;

import dev.burnrate.usage.Dimension;
import dev.burnrate.usage.UsageEvent;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Collects events into growable primitive columns and seals them into a {@link Segment} sorted by
 * timestamp. Strings are interned per dimension straight from the bytes they were parsed from, so a
 * repeated agent name costs a hash probe, not an allocation.
 *
 * <p>Each dimension's dictionary holds at most {@link EventIndex#valueCap()} values; further new
 * values intern as {@link EventIndex#OTHER} without their bytes being copied, so a flood of unique
 * names costs a hash probe per event and nothing per name (status, a closed set, is not capped).
 */
public final class SegmentBuilder {
  private static final int DIMS = Segment.DIMS;

  private final String source;
  private final long startOffset;
  private long firstLine;
  private final ByteDict[] dicts = new ByteDict[DIMS];
  private final int cap;
  private final List<Segment.Malformed> malformed = new ArrayList<>();
  private long[][] longs = new long[Segment.LONG_COLS][];
  private int[][] dims = new int[DIMS][];
  private int n;

  public SegmentBuilder(String source, long startOffset, long firstLine) {
    this(source, startOffset, firstLine, 1024);
  }

  /**
   * @param expectedEvents a capacity hint, to avoid regrowing the columns
   */
  public SegmentBuilder(String source, long startOffset, long firstLine, int expectedEvents) {
    this(source, startOffset, firstLine, expectedEvents, EventIndex.valueCap());
  }

  /**
   * @param cap distinct values kept per dimension before the rest intern as {@code (other)}
   */
  public SegmentBuilder(
      String source, long startOffset, long firstLine, int expectedEvents, int cap) {
    if (cap < 1) {
      throw new IllegalArgumentException("cap " + cap + " must be at least 1");
    }
    this.source = source;
    this.startOffset = startOffset;
    this.firstLine = firstLine;
    this.cap = cap;
    // Dictionary tables sized for the lines expected (they grow as values come): a few appended
    // lines need a few slots, not the 64 a day's block starts with.
    int slots = Math.min(64, Integer.highestOneBit(Math.max(8, expectedEvents) - 1) << 1);
    for (int d = 0; d < DIMS; d++) {
      dicts[d] = new ByteDict(d == Dimension.STATUS.ordinal() ? Integer.MAX_VALUE : cap, slots);
    }
    grow(Math.max(16, expectedEvents));
  }

  public int size() {
    return n;
  }

  public int intern(int dim, byte[] b, int off, int len) {
    return dicts[dim].intern(b, off, len);
  }

  public int intern(int dim, String s) {
    if (s == null) {
      return -1;
    }
    byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
    return dicts[dim].intern(bytes, 0, bytes.length);
  }

  public void malformed(long line, String reason) {
    malformed.add(new Segment.Malformed(source, line, reason));
  }

  /**
   * Moves the range to start at line {@code firstLine}, shifting the malformed lines recorded so
   * far with it: a range can be parsed before the lines ahead of it are counted.
   */
  public void renumber(long firstLine) {
    long by = firstLine - this.firstLine;
    if (by != 0) {
      malformed.replaceAll(m -> new Segment.Malformed(m.file(), m.line() + by, m.reason()));
      this.firstLine = firstLine;
    }
  }

  /** Appends one event; {@code dimIds} holds interned ids per {@link Dimension} (-1 = absent). */
  public void add(
      long tsMicros,
      int[] dimIds,
      long durationMs,
      long inSize,
      long outSize,
      long inputTokens,
      long outputTokens,
      long cacheReadTokens,
      long cacheWriteTokens,
      long costUsdNanos,
      double complexity,
      long reqHash) {
    if (n == longs[0].length) {
      grow(n * 2);
    }
    longs[Segment.C_TS][n] = tsMicros;
    longs[Segment.C_DUR][n] = durationMs;
    longs[Segment.C_IN][n] = inSize;
    longs[Segment.C_OUT][n] = outSize;
    longs[Segment.C_TOK_IN][n] = inputTokens;
    longs[Segment.C_TOK_OUT][n] = outputTokens;
    longs[Segment.C_TOK_CR][n] = cacheReadTokens;
    longs[Segment.C_TOK_CW][n] = cacheWriteTokens;
    longs[Segment.C_USD][n] = costUsdNanos;
    longs[Segment.C_CPLX][n] = Double.doubleToRawLongBits(complexity);
    longs[Segment.C_REQ][n] = reqHash;
    for (int d = 0; d < DIMS; d++) {
      dims[d][n] = dimIds[d];
    }
    n++;
  }

  /** Appends a validated event (from {@code record_usage} or the serving layer's audit). */
  public void add(UsageEvent e) {
    int[] ids = new int[DIMS];
    ids[Dimension.TOOL.ordinal()] = intern(Dimension.TOOL.ordinal(), e.tool());
    ids[Dimension.AGENT.ordinal()] = intern(Dimension.AGENT.ordinal(), e.agentId());
    ids[Dimension.USER.ordinal()] = intern(Dimension.USER.ordinal(), e.userId());
    ids[Dimension.WORKSPACE.ordinal()] = intern(Dimension.WORKSPACE.ordinal(), e.workspaceId());
    ids[Dimension.MODEL.ordinal()] = intern(Dimension.MODEL.ordinal(), e.model());
    ids[Dimension.STATUS.ordinal()] = intern(Dimension.STATUS.ordinal(), e.status().wire());
    ids[Dimension.TEAM.ordinal()] = intern(Dimension.TEAM.ordinal(), e.team());
    ids[Dimension.ENV.ordinal()] = intern(Dimension.ENV.ordinal(), e.env());
    add(
        e.tsMicros(),
        ids,
        e.durationMs(),
        e.inSize(),
        e.outSize(),
        e.inputTokens(),
        e.outputTokens(),
        e.cacheReadTokens(),
        e.cacheWriteTokens(),
        usdNanos(e.costUsd()),
        e.complexityScore(),
        reqHash(e.reqId()));
  }

  /** Dollars to the nano-dollars the columns hold, rounded half-even: the one place USD rounds. */
  public static long usdNanos(BigDecimal usd) {
    if (usd == null) {
      return Segment.NO_USD;
    }
    return usd.setScale(9, RoundingMode.HALF_EVEN).unscaledValue().longValueExact();
  }

  /** 64-bit FNV-1a of a request id; 0 is reserved for "none". */
  public static long reqHash(String reqId) {
    if (reqId == null || reqId.isEmpty()) {
      return 0;
    }
    byte[] b = reqId.getBytes(StandardCharsets.UTF_8);
    return reqHash(b, 0, b.length);
  }

  public static long reqHash(byte[] b, int off, int len) {
    long h = 0xcbf29ce484222325L;
    for (int i = off; i < off + len; i++) {
      h ^= b[i] & 0xff;
      h *= 0x100000001b3L;
    }
    return h == 0 ? 1 : h;
  }

  /**
   * Seals the segment for the byte range ending at {@code endOffset}, holding {@code lines} lines.
   */
  public Segment build(long endOffset, long lines) {
    int[] order = sortedOrder();
    String[][] d = new String[DIMS][];
    for (int i = 0; i < DIMS; i++) {
      d[i] = dicts[i].strings();
    }
    return Segment.build(
        source, startOffset, endOffset, firstLine, lines, n, d, malformed, longs, dims, order);
  }

  private int[] sortedOrder() {
    long[] ts = longs[Segment.C_TS];
    int[] order = new int[n];
    boolean sorted = true;
    for (int i = 0; i < n; i++) {
      order[i] = i;
      if (i > 0 && ts[i] < ts[i - 1]) {
        sorted = false;
      }
    }
    if (!sorted) {
      int[] tmp = new int[n];
      mergeSort(order, tmp, 0, n, ts);
    }
    return order;
  }

  /** Stable merge sort of indexes by timestamp (primitive, no boxing). */
  private static void mergeSort(int[] a, int[] tmp, int lo, int hi, long[] key) {
    if (hi - lo < 32) {
      for (int i = lo + 1; i < hi; i++) {
        int v = a[i];
        int j = i - 1;
        while (j >= lo && key[a[j]] > key[v]) {
          a[j + 1] = a[j];
          j--;
        }
        a[j + 1] = v;
      }
      return;
    }
    int mid = (lo + hi) >>> 1;
    mergeSort(a, tmp, lo, mid, key);
    mergeSort(a, tmp, mid, hi, key);
    if (key[a[mid - 1]] <= key[a[mid]]) {
      return;
    }
    System.arraycopy(a, lo, tmp, lo, hi - lo);
    int i = lo;
    int j = mid;
    for (int k = lo; k < hi; k++) {
      if (j >= hi || (i < mid && key[tmp[i]] <= key[tmp[j]])) {
        a[k] = tmp[i++];
      } else {
        a[k] = tmp[j++];
      }
    }
  }

  private void grow(int cap) {
    for (int c = 0; c < Segment.LONG_COLS; c++) {
      longs[c] = longs[c] == null ? new long[cap] : Arrays.copyOf(longs[c], cap);
    }
    for (int d = 0; d < DIMS; d++) {
      dims[d] = dims[d] == null ? new int[cap] : Arrays.copyOf(dims[d], cap);
    }
  }

  /** Distinct values kept per dimension by this builder. */
  public int cap() {
    return cap;
  }

  /**
   * Open-addressing map from UTF-8 byte strings to dense ids, holding at most {@code cap} of them
   * plus {@code (other)}, which every value past the cap interns as.
   */
  private static final class ByteDict {
    private static final byte[] OTHER = EventIndex.OTHER.getBytes(StandardCharsets.UTF_8);
    private final int cap;

    /**
     * Each key padded to at least eight bytes, its length in {@link #lens}: a short name is then
     * compared as one masked word.
     */
    private byte[][] keys;

    private int[] lens;
    private int[] ids;
    private final List<byte[]> byId = new ArrayList<>();
    private int named;
    private int other = -1;

    /**
     * @param slots the table's first size, a power of two
     */
    ByteDict(int cap, int slots) {
      this.cap = cap;
      keys = new byte[slots][];
      lens = new int[slots];
      ids = new int[slots];
    }

    int intern(byte[] b, int off, int len) {
      int h = hash(b, off, len);
      int mask = keys.length - 1;
      int slot = h & mask;
      while (true) {
        byte[] k = keys[slot];
        if (k == null) {
          break;
        }
        if (lens[slot] == len && Bytes.same(k, 0, b, off, len)) {
          return ids[slot];
        }
        slot = (slot + 1) & mask;
      }
      boolean isOther = len == OTHER.length && Arrays.equals(OTHER, 0, len, b, off, off + len);
      if (!isOther) {
        if (named >= cap) {
          return other >= 0 ? other : intern(OTHER, 0, OTHER.length);
        }
        named++;
      }
      byte[] copy = Arrays.copyOfRange(b, off, off + len);
      int id = byId.size();
      byId.add(copy);
      if (isOther) {
        other = id;
      }
      keys[slot] = len >= 8 ? copy : Arrays.copyOf(copy, 8);
      lens[slot] = len;
      ids[slot] = id;
      if (byId.size() * 2 > keys.length) {
        rehash();
      }
      return id;
    }

    private void rehash() {
      byte[][] oldKeys = keys;
      int[] oldLens = lens;
      int[] oldIds = ids;
      keys = new byte[oldKeys.length * 2][];
      lens = new int[oldKeys.length * 2];
      ids = new int[oldKeys.length * 2];
      int mask = keys.length - 1;
      for (int i = 0; i < oldKeys.length; i++) {
        byte[] k = oldKeys[i];
        if (k != null) {
          int slot = hash(k, 0, oldLens[i]) & mask;
          while (keys[slot] != null) {
            slot = (slot + 1) & mask;
          }
          keys[slot] = k;
          lens[slot] = oldLens[i];
          ids[slot] = oldIds[i];
        }
      }
    }

    private static int hash(byte[] b, int off, int len) {
      return Bytes.hash(b, off, len);
    }

    String[] strings() {
      String[] out = new String[byId.size()];
      for (int i = 0; i < out.length; i++) {
        out[i] = new String(byId.get(i), StandardCharsets.UTF_8);
      }
      return out;
    }
  }
}

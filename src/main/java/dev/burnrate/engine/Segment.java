package dev.burnrate.engine;

import dev.burnrate.usage.Dimension;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * An immutable column-major block of events from one byte range of one log file, sorted by
 * timestamp. The same layout lives in a heap buffer (freshly parsed lines) or a memory-mapped file
 * (history), so a month of events costs page cache, not heap, and a restart reads no JSON.
 *
 * <p>Layout (little-endian): a header with the source range, the per-dimension dictionaries of the
 * strings this segment uses and each column's {@link Packing.Frame}, then one column per field,
 * each {@code n} values packed to the column's width, then {@link Packing#PAD} bytes. Dimension
 * columns hold indexes into the segment's own dictionaries ({@code -1} = absent); the index maps
 * them to global ids when the segment is added.
 */
public final class Segment {
  static final long MAGIC = 0x314B4E4843524255L; // "BURCHNK1" little-endian
  static final int VERSION = 2;
  static final int DIMS = Dimension.values().length;

  // Column order: the long columns, then one per dimension (see COLS).
  static final int C_TS = 0;
  static final int C_DUR = 1;
  static final int C_IN = 2;
  static final int C_OUT = 3;
  static final int C_TOK_IN = 4;
  static final int C_TOK_OUT = 5;
  static final int C_TOK_CR = 6;
  static final int C_TOK_CW = 7;
  static final int C_USD = 8;
  static final int C_CPLX = 9;
  static final int C_REQ = 10;
  static final int LONG_COLS = 11;

  /** Every column: the long ones, then one per dimension. */
  static final int COLS = LONG_COLS + DIMS;

  /** Marks an absent cost_usd in the {@code C_USD} column. */
  public static final long NO_USD = Long.MIN_VALUE;

  private final String source;
  private final long startOffset;
  private final long endOffset;
  private final long firstLine;
  private final long lines;
  private final int n;

  /** Where each dimension's dictionary starts in {@code buf}: strings are decoded on demand. */
  private final int[] dictStart;

  private final int[] dictSize;

  /** Offsets of the model dictionary's strings, built on the first {@link #name} (pricing). */
  /** Per dimension, where each dictionary value starts in the buffer; made on first use. */
  private final java.util.concurrent.atomic.AtomicReferenceArray<int[]> valueOffsets =
      new java.util.concurrent.atomic.AtomicReferenceArray<>(DIMS);

  private final List<Malformed> malformed;
  private final ByteBuffer buf;

  /**
   * Where each column starts, with its frame: fields of an object rather than arrays, so a loop
   * that stores into long or int arrays (sums) can keep them in registers; an array element it
   * could not, as such a store might have changed it.
   */
  private record Column(int base, int width, long mask, long min, long nullCode) {}

  private final Column[] cols = new Column[COLS];

  private Segment(
      String source,
      long startOffset,
      long endOffset,
      long firstLine,
      long lines,
      int n,
      int[] dictStart,
      int[] dictSize,
      List<Malformed> malformed,
      ByteBuffer buf,
      Packing.Frame[] frames,
      int columnsStart) {
    this.lines = lines;
    this.source = source;
    this.startOffset = startOffset;
    this.endOffset = endOffset;
    this.firstLine = firstLine;
    this.n = n;
    this.dictStart = dictStart;
    this.dictSize = dictSize;
    this.malformed = List.copyOf(malformed);
    this.buf = buf.order(ByteOrder.LITTLE_ENDIAN);
    int p = columnsStart;
    for (int c = 0; c < COLS; c++) {
      Packing.Frame f = frames[c];
      cols[c] = new Column(p, f.width(), f.mask(), f.min(), f.nullCode());
      p += n * f.width();
    }
  }

  /**
   * A segment written in another format (by an older or newer burnrate): rebuilt from the log,
   * which is the only source of truth.
   */
  public static final class OtherVersion extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    OtherVersion(int version) {
      super("segment format " + version + " is not " + VERSION);
    }
  }

  /** A line of the log that could not be read as an event, located for the operator. */
  public record Malformed(String file, long line, String reason) {
    public Malformed {
      Objects.requireNonNull(file, "file");
      Objects.requireNonNull(reason, "reason");
    }
  }

  public String source() {
    return source;
  }

  public long startOffset() {
    return startOffset;
  }

  public long endOffset() {
    return endOffset;
  }

  /** 1-based line number of the first line of this byte range. */
  public long firstLine() {
    return firstLine;
  }

  /** Lines in the range: events, malformed and blank ones alike. */
  public long lineCount() {
    return lines;
  }

  public int size() {
    return n;
  }

  public List<Malformed> malformed() {
    return malformed;
  }

  /** Distinct values of a dimension in this segment (at most the cap plus {@code (other)}). */
  int dictSize(int dim) {
    return dictSize[dim];
  }

  /**
   * Decodes a dimension's dictionary from the buffer. The strings are not kept: a mapped segment
   * costs page cache, not heap, however many distinct values it holds.
   */
  String[] dict(int dim) {
    String[] out = new String[dictSize[dim]];
    ByteBuffer b = buf.duplicate().order(ByteOrder.LITTLE_ENDIAN);
    b.position(dictStart[dim]);
    for (int j = 0; j < out.length; j++) {
      out[j] = str(b);
    }
    return out;
  }

  /** Value {@code j} of the model dimension, decoded from the buffer. */
  String modelName(int j) {
    return dimName(Dimension.MODEL.ordinal(), j);
  }

  /** Value {@code j} of dimension {@code dim}, decoded from the buffer. */
  String dimName(int dim, int j) {
    int[] offs = valueOffsets.get(dim);
    if (offs == null) {
      offs = new int[dictSize[dim]];
      int p = dictStart[dim];
      for (int k = 0; k < offs.length; k++) {
        offs[k] = p;
        p += 4 + buf.getInt(p);
      }
      valueOffsets.set(dim, offs);
    }
    ByteBuffer b = buf.duplicate().order(ByteOrder.LITTLE_ENDIAN);
    b.position(offs[j]);
    return str(b);
  }

  public long ts(int i) {
    return col(C_TS, i);
  }

  long col(int c, int i) {
    Column k = cols[c];
    long code = buf.getLong(k.base + i * k.width) & k.mask;
    return code == k.nullCode ? NO_USD : code + k.min;
  }

  double complexity(int i) {
    return Double.longBitsToDouble(col(C_CPLX, i));
  }

  int dim(int d, int i) {
    return (int) col(LONG_COLS + d, i);
  }

  public long minTs() {
    return n == 0 ? Long.MAX_VALUE : ts(0);
  }

  public long maxTs() {
    return n == 0 ? Long.MIN_VALUE : ts(n - 1);
  }

  /** Index of the first event with {@code ts >= t}. */
  int lowerBound(long t) {
    int lo = 0;
    int hi = n;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (ts(mid) < t) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }

  /** The request-id hash of event i (0 when the event had none). */
  public long reqHash(int i) {
    return col(C_REQ, i);
  }

  /** The whole segment as bytes, ready to be written to a file. */
  public ByteBuffer serialized() {
    ByteBuffer dup = buf.duplicate();
    dup.clear();
    return dup;
  }

  /** Reads a segment from its serialized form (a heap or mapped buffer). */
  public static Segment read(ByteBuffer in) {
    ByteBuffer b = in.duplicate().order(ByteOrder.LITTLE_ENDIAN);
    b.position(0);
    if (b.remaining() < 16 || b.getLong() != MAGIC) {
      throw new IllegalArgumentException("not a segment file (bad magic)");
    }
    int version = b.getInt();
    if (version != VERSION) {
      throw new OtherVersion(version);
    }
    int n = b.getInt();
    if (n < 0) {
      throw new IllegalArgumentException("segment holds " + n + " events");
    }
    long first = b.getLong();
    long lines = b.getLong();
    long start = b.getLong();
    long end = b.getLong();
    String source = str(b);
    int[] dictStart = new int[DIMS];
    int[] dictSize = new int[DIMS];
    for (int d = 0; d < DIMS; d++) {
      int k = b.getInt();
      if (k < 0) {
        throw new IllegalArgumentException("segment dictionary " + d + " has size " + k);
      }
      dictSize[d] = k;
      dictStart[d] = b.position();
      for (int j = 0; j < k; j++) {
        int len = b.getInt();
        b.position(b.position() + len);
      }
    }
    int m = b.getInt();
    List<Malformed> bad = new ArrayList<>(m);
    for (int j = 0; j < m; j++) {
      long line = b.getLong();
      bad.add(new Malformed(source, line, str(b)));
    }
    Packing.Frame[] frames = new Packing.Frame[COLS];
    long expected = Packing.PAD;
    for (int c = 0; c < COLS; c++) {
      frames[c] = new Packing.Frame(b.get(), b.getLong(), b.getLong());
      expected += (long) n * frames[c].width();
    }
    int columns = align8(b.position());
    expected += columns;
    if (b.limit() < expected) {
      throw new IllegalArgumentException(
          "segment is truncated: " + b.limit() + " bytes, expected " + expected);
    }
    return new Segment(
        source, start, end, first, lines, n, dictStart, dictSize, bad, b, frames, columns);
  }

  private static String str(ByteBuffer b) {
    int len = b.getInt();
    byte[] bytes = new byte[len];
    b.get(bytes);
    return new String(bytes, StandardCharsets.UTF_8);
  }

  private static boolean isIdentity(int[] order, int n) {
    for (int i = 0; i < n; i++) {
      if (order[i] != i) {
        return false;
      }
    }
    return true;
  }

  static int align8(int x) {
    return (x + 7) & ~7;
  }

  static Segment build(
      String source,
      long startOffset,
      long endOffset,
      long firstLine,
      long lines,
      int n,
      String[][] dicts,
      List<Malformed> malformed,
      long[][] longCols,
      int[][] dimCols,
      int[] order) {
    List<byte[]> strings = new ArrayList<>();
    int headerSize = 8 + 4 + 4 + 8 + 8 + 8 + 8;
    byte[] src = source.getBytes(StandardCharsets.UTF_8);
    headerSize += 4 + src.length;
    for (String[] dict : dicts) {
      headerSize += 4;
      for (String s : dict) {
        byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
        strings.add(bytes);
        headerSize += 4 + bytes.length;
      }
    }
    headerSize += 4;
    Packing.Frame[] frames = new Packing.Frame[COLS];
    long packed = Packing.PAD;
    for (int c = 0; c < COLS; c++) {
      frames[c] =
          c < LONG_COLS ? Packing.frame(longCols[c], n) : Packing.frame(dimCols[c - LONG_COLS], n);
      packed += (long) n * frames[c].width();
    }
    headerSize += COLS * (1 + 8 + 8);
    List<byte[]> reasons = new ArrayList<>();
    for (Malformed mf : malformed) {
      byte[] r = mf.reason().getBytes(StandardCharsets.UTF_8);
      reasons.add(r);
      headerSize += 8 + 4 + r.length;
    }
    int columns = align8(headerSize);
    long total = columns + packed;
    if (total > Integer.MAX_VALUE) {
      throw new IllegalArgumentException("segment of " + n + " events is too large; split it");
    }
    ByteBuffer b = ByteBuffer.allocate((int) total).order(ByteOrder.LITTLE_ENDIAN);
    b.putLong(MAGIC)
        .putInt(VERSION)
        .putInt(n)
        .putLong(firstLine)
        .putLong(lines)
        .putLong(startOffset)
        .putLong(endOffset);
    b.putInt(src.length).put(src);
    int si = 0;
    int[] dictStart = new int[DIMS];
    int[] dictSize = new int[DIMS];
    for (int d = 0; d < DIMS; d++) {
      String[] dict = dicts[d];
      b.putInt(dict.length);
      dictStart[d] = b.position();
      dictSize[d] = dict.length;
      for (int j = 0; j < dict.length; j++) {
        byte[] bytes = strings.get(si++);
        b.putInt(bytes.length).put(bytes);
      }
    }
    b.putInt(malformed.size());
    for (int j = 0; j < malformed.size(); j++) {
      byte[] r = reasons.get(j);
      b.putLong(malformed.get(j).line()).putInt(r.length).put(r);
    }
    for (Packing.Frame f : frames) {
      b.put((byte) f.width()).putLong(f.min()).putLong(f.nullCode());
    }
    // Columns in time order: as lines mostly are already, else through the builder's order.
    int[] by = isIdentity(order, n) ? null : order;
    byte[] out = b.array();
    int p = columns;
    for (int c = 0; c < LONG_COLS; c++) {
      p = Packing.pack(out, p, longCols[c], by, n, frames[c]);
    }
    for (int d = 0; d < DIMS; d++) {
      p = Packing.pack(out, p, dimCols[d], by, n, frames[LONG_COLS + d]);
    }
    p += Packing.PAD;
    b.position(p);
    b.flip();
    return new Segment(
        source,
        startOffset,
        endOffset,
        firstLine,
        lines,
        n,
        dictStart,
        dictSize,
        malformed,
        b,
        frames,
        columns);
  }
}

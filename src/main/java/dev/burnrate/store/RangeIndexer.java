package dev.burnrate.store;

import dev.burnrate.engine.EventIndex;
import dev.burnrate.engine.Rollup;
import dev.burnrate.engine.Segment;
import dev.burnrate.engine.SegmentBuilder;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns the complete lines of one byte range of an audit file into a segment with its rollup,
 * persisted into the {@link SegmentCache} when it extends the file's chain. Safe to call from
 * several threads at once (each thread reuses its own read buffer); it does not touch the index, so
 * callers add the result in whatever order their bookkeeping needs.
 */
final class RangeIndexer {
  private static final Logger LOG = LoggerFactory.getLogger(RangeIndexer.class);

  /**
   * Parse at most this many bytes at once, so memory stays bounded for any file size: 64 MB, less
   * when the heap is small. A worker holds its block, the columns parsed from it and the sealed
   * segment (each about half the block for audit lines), and blocks this large are humongous
   * objects the collector must place contiguously, so a sixteenth of the heap per worker keeps
   * every worker's peak within an eighth of it, leaving the rest to the index being built ({@code
   * -Xmx512m} on two cores: 16 MB blocks; a quarter per worker ran out of memory now and then on
   * the reference month, and an eighth on the 50M-event month, whose hourly sums alone take 350
   * MB).
   */
  static final int BLOCK =
      block(Runtime.getRuntime().maxMemory(), Runtime.getRuntime().availableProcessors());

  /**
   * A run of unindexed bytes this large is persisted as a segment rather than re-parsed. So is a
   * whole file of any size (its first link): a small file left to be parsed at every start costs
   * the first call after start more than its one small segment costs the cache (a day with little
   * traffic was re-parsed on every start, JIT-cold, while the first call waited).
   */
  static final long PERSIST_AT = 1 << 20;

  private static final ThreadLocal<byte[]> READ_BUFFER = new ThreadLocal<>();
  private static final ThreadLocal<byte[]> SMALL_BUFFER = new ThreadLocal<>();

  private final SegmentCache cache;
  private final EventIndex index;

  RangeIndexer(SegmentCache cache, EventIndex index) {
    this.cache = cache;
    this.index = index;
  }

  static int block(long maxHeap, int workers) {
    long share = maxHeap / (16L * Math.max(1, workers));
    return (int) Math.max(4 << 20, Math.min(64 << 20, share));
  }

  /** One parsed range: its segment and rollup, where it ended, and whether it joins the chain. */
  record Parsed(Segment segment, Rollup rollup, long end, long lines, boolean chained) {}

  /**
   * A buffer of at least {@code want} bytes, kept for the thread's next range: for the pool that
   * opens the log (an ingest worker's blocks, a small file's few lines), whose threads end with the
   * opening. Large ones and small ones are kept apart; the small one grows in powers of two up to
   * {@link #PERSIST_AT}. After opening, reads go through the file's buffer ({@code
   * FileState#buffer}), so no server thread keeps one of these.
   */
  static byte[] buffer(int want) {
    byte[] big = READ_BUFFER.get();
    if (big != null && big.length >= want) {
      return big;
    }
    if (want >= PERSIST_AT) {
      big = new byte[want];
      READ_BUFFER.set(big);
      return big;
    }
    byte[] small = SMALL_BUFFER.get();
    if (small == null || small.length < want) {
      small = new byte[grown(want)];
      SMALL_BUFFER.set(small);
    }
    return small;
  }

  /**
   * The size a reused small buffer grows to for {@code want} bytes: a power of two, 16 KB or more.
   */
  static int grown(int want) {
    return Math.max(16 << 10, Integer.highestOneBit(Math.max(1, want - 1)) << 1);
  }

  /** Reads up to {@code want} bytes at {@code pos}; fewer only at the end of the file. */
  static int read(FileChannel ch, byte[] buf, long pos, int want) throws IOException {
    ByteBuffer bb = ByteBuffer.wrap(buf, 0, want);
    while (bb.hasRemaining()) {
      int n = ch.read(bb, pos + bb.position());
      if (n < 0) {
        break;
      }
    }
    return bb.position();
  }

  /**
   * Parses the complete lines of {@code buf[0, got)}, the bytes at offset {@code pos} of {@code
   * st}'s file whose first line is number {@code firstLine}.
   *
   * @param mayChain whether {@code pos} is the end of the file's chain, so a large enough range is
   *     persisted as its next link
   * @param wholeFile whether {@code buf[0, got)} is the whole file as it is now, so the range is
   *     persisted whatever its size when it ends with a complete line
   * @return the parsed range, or null when {@code buf} holds no complete line
   */
  Parsed parse(
      FileState st,
      byte[] buf,
      int got,
      long pos,
      long firstLine,
      boolean mayChain,
      boolean wholeFile) {
    return seal(parseLines(st, buf, got, pos, firstLine), firstLine, mayChain, wholeFile);
  }

  /** The lines of a range parsed into a builder, not yet sealed into a segment. */
  static final class Lines {
    private final FileState st;
    private final byte[] buf;
    private final int got;
    private final long pos;
    private final SegmentBuilder builder;
    private final int consumed;
    private final long count;

    private Lines(
        FileState st,
        byte[] buf,
        int got,
        long pos,
        SegmentBuilder builder,
        int consumed,
        long count) {
      this.st = st;
      this.buf = buf;
      this.got = got;
      this.pos = pos;
      this.builder = builder;
      this.consumed = consumed;
      this.count = count;
    }

    /** Complete lines parsed, blank ones included. */
    long count() {
      return count;
    }
  }

  /**
   * The first half of {@link #parse}: parses the complete lines of {@code buf[0, got)}, numbering
   * them from {@code firstLine}, which {@link #seal} may still move.
   */
  Lines parseLines(FileState st, byte[] buf, int got, long pos, long firstLine) {
    SegmentBuilder b = new SegmentBuilder(st.name, pos, firstLine, got / 220);
    JsonlParser parser = new JsonlParser(b);
    int consumed = parser.parse(buf, 0, got, firstLine);
    return new Lines(st, buf, got, pos, b, consumed, parser.lines());
  }

  /**
   * The second half of {@link #parse}: seals parsed lines into a segment whose first line is {@code
   * firstLine}, rolls it up and persists it when it extends the file's chain.
   *
   * @return the parsed range, or null when it holds no complete line
   */
  Parsed seal(Lines l, long firstLine, boolean mayChain, boolean wholeFile) {
    if (l.consumed == 0) {
      return null;
    }
    l.builder.renumber(firstLine);
    long end = l.pos + l.consumed;
    Segment seg = l.builder.build(end, l.count);
    warnMalformed(l.st.path, seg);
    boolean chained =
        mayChain && (l.consumed >= PERSIST_AT || (wholeFile && l.pos == 0 && l.consumed == l.got));
    // Roll up while the freshly built columns are still in cache, then swap in the mapped copy.
    Rollup rollup = index.rollUp(seg);
    if (chained) {
      Segment mapped =
          cache.persist(l.st.name, seg, SegmentCache.crcOf(l.buf, 0, l.consumed), rollup, false);
      if (mapped != null) {
        seg = mapped;
      }
    }
    return new Parsed(seg, rollup, end, l.count, chained);
  }

  private static void warnMalformed(Path path, Segment seg) {
    if (!seg.malformed().isEmpty()) {
      Segment.Malformed first = seg.malformed().get(0);
      LOG.warn(
          "{}: skipped {} malformed line(s); first at line {}: {}",
          path,
          seg.malformed().size(),
          first.line(),
          first.reason());
    }
  }
}

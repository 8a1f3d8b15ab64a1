package dev.burnrate.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.function.BiConsumer;

/**
 * The first ingest of what lies past the files' chains, on every worker: files are cut at line
 * boundaries into byte ranges of about equal size, and the ranges (of all files) are parsed in
 * parallel, each into its own segment, so one big file keeps both cores busy as well as a month of
 * daily files does.
 *
 * <p>Design: a range's first line number depends on the lines before it, so each range is parsed
 * with its lines numbered from 1, then waits for the range before it to be parsed, hands the next
 * range of its file its first line number and moves its own lines' numbers into place before
 * sealing its segment; ranges are queued in file order, so the range a worker waits on is always
 * already running (and, started earlier, mostly parsed already). Parsed ranges are applied in order
 * on the calling thread while the workers go on parsing. A range whose bytes changed under us (it
 * does not start where the previous one ended, or not at the expected line) ends its file's run:
 * the rest of that file is left to the ordinary sequential catch-up, which follows this.
 */
final class ParallelIngest {
  /** Files with less than this left to parse are not cut. */
  static final long MIN_RANGE = 4 * RangeIndexer.PERSIST_AT;

  /** How far past a planned cut we look for the end of a line. */
  private static final int CUT_WINDOW = 1 << 20;

  private ParallelIngest() {}

  /** One byte range of a file; {@code last} when it runs to the end of the file. */
  record Range(FileState st, long start, long end, boolean last, boolean mayChain) {}

  /**
   * Parses the unindexed bytes of {@code states} on {@code pool} and applies each range, in file
   * and range order, through {@code apply}.
   *
   * @param rangeBytes the size to cut files into; 0 for an even share per worker (at most a block)
   */
  static void run(
      List<FileState> states,
      RangeIndexer indexer,
      ExecutorService pool,
      int workers,
      long rangeBytes,
      BiConsumer<FileState, RangeIndexer.Parsed> apply)
      throws IOException, InterruptedException, ExecutionException {
    List<Range> ranges = plan(states, workers, rangeBytes);
    List<Future<RangeIndexer.Parsed>> results = new ArrayList<>(ranges.size());
    Submitter submitter = new Submitter(ranges, indexer, pool, results);
    int ahead = AHEAD_PER_WORKER * Math.max(1, workers);
    while (results.size() < Math.min(ahead, ranges.size())) {
      submitter.next();
    }
    FileState current = null;
    boolean stopped = false;
    for (int i = 0; i < ranges.size(); i++) {
      if (results.size() < ranges.size()) {
        submitter.next(); // one in, one out: at most `ahead` parsed ranges wait to be applied
      }
      Range r = ranges.get(i);
      if (r.st() != current) {
        current = r.st();
        stopped = false;
      }
      RangeIndexer.Parsed p = results.get(i).get();
      results.set(i, null); // its rollup is garbage once applied
      stopped |=
          p == null
              || p.segment().startOffset() != current.indexedEnd
              || p.segment().firstLine() != current.nextLine;
      if (!stopped) { // else the sequential catch-up takes the rest of this file
        apply.accept(current, p);
      }
    }
  }

  /**
   * How many ranges per worker may be read or parsed ahead of the one being applied. Each parsed
   * range holds its rollup on the heap until it is applied, and the workers outrun the applying
   * thread: unbounded, a 50M-event month queued hundreds of them, more heap than the index itself.
   */
  static final int AHEAD_PER_WORKER = 2;

  /** Submits the ranges in order, each handed the first line number the one before finds. */
  private static final class Submitter {
    private final List<Range> ranges;
    private final RangeIndexer indexer;
    private final ExecutorService pool;
    private final List<Future<RangeIndexer.Parsed>> results;
    private CompletableFuture<Long> prev;

    Submitter(
        List<Range> ranges,
        RangeIndexer indexer,
        ExecutorService pool,
        List<Future<RangeIndexer.Parsed>> results) {
      this.ranges = ranges;
      this.indexer = indexer;
      this.pool = pool;
      this.results = results;
    }

    void next() {
      Range r = ranges.get(results.size());
      CompletableFuture<Long> first =
          r.start() == r.st().indexedEnd
              ? CompletableFuture.completedFuture(r.st().nextLine)
              : prev;
      CompletableFuture<Long> next = new CompletableFuture<>();
      results.add(pool.submit(() -> parse(r, indexer, first, next)));
      prev = next;
    }
  }

  private static RangeIndexer.Parsed parse(
      Range r, RangeIndexer indexer, CompletableFuture<Long> first, CompletableFuture<Long> next)
      throws IOException {
    try {
      int want = (int) (r.end() - r.start());
      byte[] buf = RangeIndexer.buffer(want);
      int got;
      try (FileChannel ch = FileChannel.open(r.st().path, StandardOpenOption.READ)) {
        got = RangeIndexer.read(ch, buf, r.start(), want);
      }
      // Parsed before the lines ahead are counted (numbered from 1, moved once they are):
      // the range before is parsed meanwhile on the other worker, and its line count comes
      // with its parse, with no pass of its own over the bytes.
      RangeIndexer.Lines lines = indexer.parseLines(r.st(), buf, got, r.start(), 1);
      long firstLine = first.join();
      if (firstLine < 0 || (!r.last() && got != want)) {
        return null;
      }
      next.complete(firstLine + lines.count());
      return indexer.seal(lines, firstLine, r.mayChain(), r.last() && r.start() == 0);
    } finally {
      next.complete(-1L); // no-op when already completed; never leaves the next range waiting
    }
  }

  /** Cuts each file's unindexed bytes into ranges ending on line boundaries. */
  static List<Range> plan(List<FileState> states, int workers, long rangeBytes) throws IOException {
    long[] sizes = new long[states.size()];
    long total = 0;
    for (int i = 0; i < states.size(); i++) {
      FileState st = states.get(i);
      try (FileChannel ch = FileChannel.open(st.path, StandardOpenOption.READ)) {
        sizes[i] = ch.size();
      } catch (NoSuchFileException e) {
        sizes[i] = -1;
      }
      total += Math.max(0, sizes[i] - st.indexedEnd);
    }
    long target =
        rangeBytes > 0
            ? rangeBytes
            : Math.max(
                MIN_RANGE, Math.min(RangeIndexer.BLOCK - CUT_WINDOW, ceilDiv(total, workers)));
    List<Range> out = new ArrayList<>();
    for (int i = 0; i < states.size(); i++) {
      FileState st = states.get(i);
      long size = sizes[i];
      long rest = size - st.indexedEnd;
      if (rest <= 0) {
        continue;
      }
      long step = ceilDiv(rest, ceilDiv(rest, target));
      long start = st.indexedEnd;
      boolean chainable = st.indexedEnd == st.chainEnd;
      try (FileChannel ch = FileChannel.open(st.path, StandardOpenOption.READ)) {
        while (true) {
          if (size - start <= step + step / 8) {
            if (size - start <= RangeIndexer.BLOCK) {
              out.add(new Range(st, start, size, true, chainable));
            }
            break;
          }
          long cut = lineStartAfter(ch, start + step, size);
          if (cut < 0) {
            break; // a line longer than the window: the sequential catch-up reports it
          }
          if (cut >= size) {
            out.add(new Range(st, start, size, true, chainable));
            break;
          }
          out.add(new Range(st, start, cut, false, chainable));
          chainable &= cut - start >= RangeIndexer.PERSIST_AT;
          start = cut;
        }
      } catch (NoSuchFileException e) {
        // vanished since the listing: nothing to index
      }
    }
    return out;
  }

  /** The offset just past the first newline at or after {@code at}, or -1 when none is near. */
  private static long lineStartAfter(FileChannel ch, long at, long size) throws IOException {
    ByteBuffer b = ByteBuffer.allocate(64 << 10);
    long pos = at;
    while (pos < size && pos - at < CUT_WINDOW) {
      b.clear();
      b.limit((int) Math.min(b.capacity(), size - pos));
      int n = ch.read(b, pos);
      if (n <= 0) {
        return -1;
      }
      for (int i = 0; i < n; i++) {
        if (b.get(i) == '\n') {
          return pos + i + 1;
        }
      }
      pos += n;
    }
    return -1;
  }

  private static long ceilDiv(long a, long b) {
    return b <= 0 ? a : (a + b - 1) / b;
  }

  static IOException unwrap(ExecutionException e, String what) {
    Throwable c = e.getCause();
    if (c instanceof IOException io) {
      return io;
    }
    if (c instanceof UncheckedIOException u) {
      return u.getCause();
    }
    return new IOException(what + " failed: " + c, c);
  }
}

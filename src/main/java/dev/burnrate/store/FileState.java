package dev.burnrate.store;

import dev.burnrate.engine.Segment;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What the log has indexed of one audit file: the persisted chain {@code [0, chainEnd)}, then
 * in-memory tail segments up to {@code indexedEnd}; the next unread line is {@code nextLine}.
 * Guarded by its own monitor.
 */
final class FileState {
  final Path path;
  final String name;
  final List<Segment> chain = new ArrayList<>();
  final List<Segment> tails = new ArrayList<>();
  long chainEnd;
  long indexedEnd;
  long nextLine = 1;

  /**
   * Whether an appender of this process holds the file now: it reads every line up to its own
   * before it lets go, so a periodic look need not wait for it (see
   * JsonlEventLog#refreshIfOlderThan).
   */
  volatile boolean appending;

  /**
   * Where this process's own lagging lines end (see JsonlEventLog#appendSettles): the lines from
   * {@link #indexedEnd} to here were appended by this process and are not indexed yet. Meaningful
   * while {@link #laggingSince} is not 0.
   */
  volatile long laggingEnd;

  /**
   * When the oldest lagging line was written ({@link System#nanoTime}), 0 when there are none. Read
   * without the monitor by a look deciding whether they are due.
   */
  volatile long laggingSince;

  /** The request-id hashes of the lagging lines, for the duplicate check (see {@link #lags}). */
  private long[] laggingReqs = new long[8];

  int laggingLines;

  /** Notes lines this process appended up to {@code end}, left for a later catch-up to index. */
  void lag(long end, long[] reqs, long now) {
    int n = reqs.length;
    if (laggingSince == 0) {
      laggingSince = now == 0 ? 1 : now;
    }
    laggingEnd = end;
    if (laggingLines + n > laggingReqs.length) {
      laggingReqs =
          java.util.Arrays.copyOf(laggingReqs, Math.max(2 * laggingReqs.length, laggingLines + n));
    }
    System.arraycopy(reqs, 0, laggingReqs, laggingLines, n);
    laggingLines += n;
  }

  /** Whether a lagging line has this request-id hash (a few hundred at most: a scan). */
  boolean lags(long reqHash) {
    for (int i = 0; i < laggingLines; i++) {
      if (laggingReqs[i] == reqHash) {
        return true;
      }
    }
    return false;
  }

  /** The lagging lines are indexed now. */
  void caughtUp() {
    laggingSince = 0;
    laggingLines = 0;
  }

  /** Appends waiting to share this file's next write (see JsonlEventLog#append). */
  final java.util.concurrent.ConcurrentLinkedQueue<Object> appends =
      new java.util.concurrent.ConcurrentLinkedQueue<>();

  /** See {@link #buffer}. */
  private byte[] buffer;

  /** The largest buffer a file keeps: merges of tail segments stay below it. */
  static final int KEPT_AT_MOST = 4 << 20;

  FileState(Path path) {
    this.path = path;
    this.name = path.getFileName().toString();
  }

  /**
   * A buffer of at least {@code want} bytes for reading this file's new lines and merging its tail
   * segments, used under this state's monitor and kept for the next time: one per file that is
   * written to, growing in powers of two. Kept per thread instead, every server thread that ever
   * led an append or a merge held up to a megabyte and a half, and each such array, allocated
   * outside G1's young generation, started a concurrent cycle and its remark pause (three a second
   * in the paced reservation benchmark, whose settles lead appends from 32 threads). A read larger
   * than {@link #KEPT_AT_MOST} (another process's burst, read a block at a time) gets an array of
   * its own, not kept.
   */
  byte[] buffer(int want) {
    if (want > KEPT_AT_MOST) {
      return new byte[want];
    }
    if (buffer == null || buffer.length < want) {
      buffer = new byte[RangeIndexer.grown(want)];
    }
    return buffer;
  }
}

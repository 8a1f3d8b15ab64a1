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

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

  FileState(Path path) {
    this.path = path;
    this.name = path.getFileName().toString();
  }
}

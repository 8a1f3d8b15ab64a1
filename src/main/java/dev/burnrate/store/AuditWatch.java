package dev.burnrate.store;

import java.io.IOException;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.util.Set;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which audit files changed since the last look, from a directory watch; or "look at all of them"
 * when the platform offers no watch, the watch overflowed, or the periodic full listing (every
 * {@link #FULL_SCAN_MS} ms, for changes a watch can miss) is due.
 */
final class AuditWatch implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(AuditWatch.class);
  static final long FULL_SCAN_MS = 30_000;

  private final WatchService watcher;
  private long lastFullScanNanos = System.nanoTime();
  private Set<String> pending = new TreeSet<>();
  private boolean overflow;

  AuditWatch(Path dir) {
    this.watcher = watch(dir);
  }

  /** A watch on the audit directory, or null where the platform offers none (then: listings). */
  private static WatchService watch(Path dir) {
    try {
      WatchService w = dir.getFileSystem().newWatchService();
      dir.register(w, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_MODIFY);
      return w;
    } catch (IOException | UnsupportedOperationException e) {
      LOG.debug(
          "no directory watch on {} ({}); new lines are found by listing it", dir, e.toString());
      return null;
    }
  }

  /** Starts the full-listing period afresh (a full look just ran). */
  synchronized void fullLookDone() {
    lastFullScanNanos = System.nanoTime();
  }

  /**
   * Whether the watch has seen an audit file created or written (or lost track: an overflow) since
   * the last {@link #changedFiles}; false without a watch. Cheap: no system call.
   */
  synchronized boolean hasChanges() {
    drain();
    return overflow || !pending.isEmpty();
  }

  /**
   * The audit files the watch saw created or written since the last look; null when every file must
   * be looked at (no watch, an overflowed watch, or the periodic full listing is due).
   */
  synchronized Set<String> changedFiles() {
    long now = System.nanoTime();
    boolean fullDue = now - lastFullScanNanos > FULL_SCAN_MS * 1_000_000L;
    drain();
    Set<String> names = pending;
    pending = new TreeSet<>();
    boolean lost = overflow || watcher == null;
    overflow = false;
    if (lost || fullDue) {
      lastFullScanNanos = now;
      return null;
    }
    return names;
  }

  private void drain() {
    if (watcher == null) {
      return;
    }
    WatchKey key;
    while ((key = watcher.poll()) != null) {
      for (WatchEvent<?> ev : key.pollEvents()) {
        if (ev.kind() == StandardWatchEventKinds.OVERFLOW) {
          overflow = true;
        } else if (ev.context() instanceof Path p
            && JsonlEventLog.AUDIT_FILE.matcher(p.getFileName().toString()).matches()) {
          pending.add(p.getFileName().toString());
        }
      }
      if (!key.reset()) {
        overflow = true;
      }
    }
  }

  @Override
  public void close() {
    if (watcher != null) {
      try {
        watcher.close();
      } catch (IOException e) {
        LOG.debug("closing the directory watch: {}", e.toString());
      }
    }
  }
}

package dev.burnrate.store;

import dev.burnrate.engine.EventIndex;
import dev.burnrate.engine.Rollup;
import dev.burnrate.engine.Segment;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A persisted segment's hourly sums, in a sidecar file beside it named for the cost-model
 * fingerprint they were computed under, so a restart maps them instead of summing every event
 * again. Shared by the JSONL store's segment cache and a PostgreSQL replica's mapped segments.
 */
public final class RollupSidecars {
  private static final Logger LOG = LoggerFactory.getLogger(RollupSidecars.class);

  private RollupSidecars() {}

  /**
   * The saved sums of {@code seg} (the segment in file {@code segmentPath}) when they are of {@code
   * index}'s fingerprint and the current layout; else computed from its columns and saved.
   */
  public static Rollup load(Path segmentPath, Segment seg, EventIndex index) {
    Path sidecar = sidecar(segmentPath, index);
    if (Files.exists(sidecar)) {
      try (FileChannel ch = FileChannel.open(sidecar, StandardOpenOption.READ)) {
        java.nio.MappedByteBuffer mapped = ch.map(FileChannel.MapMode.READ_ONLY, 0, ch.size());
        if (!Rollup.olderLayout(mapped)) {
          return Rollup.read(mapped);
        }
        LOG.debug("rollup {} has an older layout; recomputing it", sidecar);
      } catch (IOException | IllegalArgumentException e) {
        LOG.warn("ignoring unreadable rollup {}: {}; recomputing it", sidecar, e.toString());
      }
    }
    Rollup r = index.rollUp(seg);
    save(segmentPath, index, r);
    return r;
  }

  /** Saves {@code r}, the sums of the segment in {@code segmentPath}; a failure is only logged. */
  public static void save(Path segmentPath, EventIndex index, Rollup r) {
    Path sidecar = sidecar(segmentPath, index);
    try {
      writeAtomically(sidecar, r.serialized());
    } catch (IOException e) {
      LOG.warn(
          "could not save rollup {} (it will be recomputed next start): {}", sidecar, e.toString());
    }
  }

  private static Path sidecar(Path segmentPath, EventIndex index) {
    return segmentPath.resolveSibling(
        segmentPath.getFileName() + "." + index.fingerprint() + ".rollup");
  }

  /**
   * Writes {@code data} to a temporary file beside {@code target} and renames it into place, so
   * processes sharing the directory never see half a file.
   */
  public static void writeAtomically(Path target, ByteBuffer data) throws IOException {
    writeAtomically(target, data, false);
  }

  /** Bytes written between forces by {@link #writeAtomically(Path, ByteBuffer, boolean)}. */
  static final int FORCE_EVERY = 128 << 10;

  /**
   * As {@link #writeAtomically(Path, ByteBuffer)}; {@code forced}, the file is forced every {@link
   * #FORCE_EVERY} bytes as it is written. Not for durability (a cache is checked when read) but for
   * whoever forces other files: left to the kernel's writeback, seconds of such files went to disk
   * together, and in ext4's ordered mode the next journal commit, the one every force of the
   * reservation ledger and the audit log waits for, wrote them all first (35 to 100 ms, every 5 s,
   * at 5,000 settles a second).
   */
  public static void writeAtomically(Path target, ByteBuffer data, boolean forced)
      throws IOException {
    Path tmp = Files.createTempFile(target.getParent(), target.getFileName().toString(), ".tmp");
    try {
      try (FileChannel out = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
        int end = data.limit();
        while (data.hasRemaining()) {
          data.limit(forced ? Math.min(end, data.position() + FORCE_EVERY) : end);
          while (data.hasRemaining()) {
            out.write(data);
          }
          data.limit(end);
          if (forced) {
            out.force(false);
          }
        }
      }
      try {
        Files.move(
            tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
      }
    } finally {
      Files.deleteIfExists(tmp);
    }
  }
}

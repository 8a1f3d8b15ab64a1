package dev.burnrate.store.postgres;

import dev.burnrate.engine.Segment;
import java.io.IOException;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where a replica keeps the columns of the events it read from PostgreSQL: each full segment is
 * written to a file in the replica's own index directory and memory-mapped, so the history lives in
 * the page cache, as the JSONL store's segments do, instead of the Java heap (five million events
 * are about half a gigabyte of columns). The files are this process's scratch: the directory is
 * emptied when a log opens (a file another process still maps stays readable until it lets go of
 * it), and a segment that cannot be written stays on the heap.
 */
final class SegmentSpill {
  private static final Logger LOG = LoggerFactory.getLogger(SegmentSpill.class);
  private final Path dir;

  private SegmentSpill(Path dir) {
    this.dir = dir;
  }

  /** The spill in {@code dir} (created), emptied of earlier runs' files. */
  static SegmentSpill in(Path dir) throws IOException {
    Files.createDirectories(dir);
    try (DirectoryStream<Path> old = Files.newDirectoryStream(dir, "*.{seg,tmp}")) {
      for (Path p : old) {
        Files.deleteIfExists(p);
      }
    }
    return new SegmentSpill(dir);
  }

  /** The segment mapped from its file, or {@code s} itself when it could not be written. */
  Segment spill(Segment s) {
    Path target = dir.resolve("postgres@" + s.startOffset() + "-" + s.endOffset() + ".seg");
    try {
      Path tmp = Files.createTempFile(dir, target.getFileName().toString(), ".tmp");
      try (FileChannel out = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
        java.nio.ByteBuffer data = s.serialized();
        while (data.hasRemaining()) {
          out.write(data);
        }
      }
      Files.move(tmp, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
      try (FileChannel in = FileChannel.open(target, StandardOpenOption.READ)) {
        MappedByteBuffer buf = in.map(FileChannel.MapMode.READ_ONLY, 0, in.size());
        return Segment.read(buf);
      }
    } catch (IOException | RuntimeException e) {
      LOG.warn("keeping events {} on the heap: could not map them from {}: {}", target, dir, e);
      return s;
    }
  }
}

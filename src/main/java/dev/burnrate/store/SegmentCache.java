package dev.burnrate.store;

import dev.burnrate.engine.EventIndex;
import dev.burnrate.engine.Rollup;
import dev.burnrate.engine.Segment;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.CRC32C;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The derived index directory: immutable segment files, each covering a byte range {@code [start,
 * end)} of one audit file that ends on a line boundary, named for the file, the range and the
 * CRC32C of every byte in it; and beside each a rollup sidecar named for the cost-model fingerprint
 * it was computed under.
 *
 * <p>Design: a file's chain is rebuilt at open by walking from offset 0, at each step taking the
 * longest segment that starts there and still matches the log. A segment is trusted without reading
 * the log when it is newer than its audit file (nothing changed since it was written); otherwise
 * its range is read and checked against the CRC, so a line edited in place, a replaced or a
 * rewritten audit file is noticed and re-indexed, and a verified segment is touched so the next
 * start trusts it again. Files are written to a temporary name and renamed into place, so processes
 * sharing the directory never see half a segment.
 */
final class SegmentCache {
  private static final Logger LOG = LoggerFactory.getLogger(SegmentCache.class);

  /** Segment files: the audit file, the byte range and the CRC32C of every byte in it. */
  private static final Pattern SEGMENT_FILE =
      Pattern.compile(
          "(tool_audit_\\d{4}-\\d{2}-\\d{2}\\.jsonl)@(\\d+)-(\\d+)-c([0-9a-f]{8})\\.seg");

  /** Whether the rebuild of segments in another format was reported (once a process). */
  private static final AtomicBoolean OTHER_VERSION_SAID = new AtomicBoolean();

  private final Path dir;
  private final EventIndex index;

  SegmentCache(Path dir, EventIndex index) {
    this.dir = dir;
    this.index = index;
  }

  /** A mapped segment of a chain with its rollup. */
  record Link(Segment segment, Rollup rollup) {}

  /** The segment files in the directory, by the audit file they cover. */
  Map<String, List<Path>> segmentsByFile() throws IOException {
    Map<String, List<Path>> byFile = new HashMap<>();
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, "*.seg")) {
      for (Path p : ds) {
        Matcher m = SEGMENT_FILE.matcher(p.getFileName().toString());
        if (m.matches()) {
          byFile.computeIfAbsent(m.group(1), k -> new ArrayList<>()).add(p);
        }
      }
    }
    return byFile;
  }

  /** The longest valid chain of {@code segs} covering {@code file} from its first byte. */
  List<Link> chain(Path file, List<Path> segs) throws IOException {
    Map<Long, List<SegRef>> byStart = new HashMap<>();
    for (Path p : segs) {
      Matcher m = SEGMENT_FILE.matcher(p.getFileName().toString());
      if (m.matches()) {
        SegRef r =
            new SegRef(p, Long.parseLong(m.group(2)), Long.parseLong(m.group(3)), m.group(4));
        byStart.computeIfAbsent(r.start, k -> new ArrayList<>()).add(r);
      }
    }
    List<Link> chain = new ArrayList<>();
    if (byStart.isEmpty()) {
      return chain;
    }
    long size = Files.size(file);
    FileTime logTime = Files.getLastModifiedTime(file);
    long pos = 0;
    long line = 1;
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      while (true) {
        List<SegRef> candidates = new ArrayList<>(byStart.getOrDefault(pos, List.of()));
        candidates.sort((a, b) -> Long.compare(b.end, a.end));
        Segment chosen = null;
        Path chosenPath = null;
        for (SegRef r : candidates) {
          if (r.end > size || !unchanged(ch, r, logTime)) {
            continue;
          }
          Segment s = map(r.path);
          if (s != null
              && s.startOffset() == pos
              && s.endOffset() == r.end
              && s.firstLine() == line) {
            chosen = s;
            chosenPath = r.path;
            break;
          }
        }
        if (chosen == null) {
          break;
        }
        chain.add(new Link(chosen, RollupSidecars.load(chosenPath, chosen, index)));
        pos = chosen.endOffset();
        line += chosen.lineCount();
      }
    }
    return chain;
  }

  /**
   * Persists a freshly built segment and returns its mapped copy (its rollup saved beside it), or
   * null when it could not be saved; the log itself is intact either way. {@code forced}, it is
   * written a piece at a time with a force after each ({@link RollupSidecars#writeAtomically(Path,
   * java.nio.ByteBuffer, boolean)}): for segments persisted while appends stream in, not for a
   * first ingest, which writes hundreds of megabytes at once and is timed against other tools.
   */
  Segment persist(String auditName, Segment seg, String crc, Rollup rollup, boolean forced) {
    Path path;
    try {
      String name =
          auditName + "@" + seg.startOffset() + "-" + seg.endOffset() + "-c" + crc + ".seg";
      path = dir.resolve(name);
      RollupSidecars.writeAtomically(path, seg.serialized(), forced);
    } catch (IOException e) {
      LOG.warn(
          "could not persist index segment for {} (the log itself is intact): {}",
          auditName,
          e.toString());
      return null;
    }
    Segment mapped = map(path);
    if (mapped != null && rollup != null) {
      RollupSidecars.save(path, index, rollup);
    }
    return mapped;
  }

  private Segment map(Path p) {
    try (FileChannel ch = FileChannel.open(p, StandardOpenOption.READ)) {
      MappedByteBuffer buf = ch.map(FileChannel.MapMode.READ_ONLY, 0, ch.size());
      return Segment.read(buf);
    } catch (Segment.OtherVersion e) {
      if (OTHER_VERSION_SAID.compareAndSet(false, true)) {
        LOG.info(
            "index segments in {} were written in another format; they are rebuilt from the log",
            dir);
      }
      LOG.debug("rebuilding {}: {}", p, e.getMessage());
      return null;
    } catch (IOException | RuntimeException e) {
      LOG.warn(
          "ignoring unreadable index segment {}: {}; it will be rebuilt from the log",
          p,
          e.toString());
      return null;
    }
  }

  /**
   * Whether the bytes a segment covers are still what it was built from: trusted without a read
   * when the segment is newer than the log file, else read and checked against its CRC32C (and
   * touched when they match, so the next start trusts it again).
   */
  private static boolean unchanged(FileChannel ch, SegRef r, FileTime logTime) throws IOException {
    FileTime segTime;
    try {
      segTime = Files.getLastModifiedTime(r.path);
    } catch (IOException e) {
      return false;
    }
    if (segTime.compareTo(logTime) > 0) {
      return true;
    }
    if (!crcOf(ch, r.start, r.end).equals(r.crc)) {
      LOG.warn(
          "{} changed inside bytes {}-{} since they were indexed; re-indexing them",
          r.path.getFileName(),
          r.start,
          r.end);
      return false;
    }
    try {
      Files.setLastModifiedTime(r.path, FileTime.from(Instant.now()));
    } catch (IOException e) {
      // read-only index: it is checked again next start, which is only slower
    }
    return true;
  }

  /** CRC32C of {@code [start, end)} of a file, read in blocks. */
  private static String crcOf(FileChannel ch, long start, long end) throws IOException {
    CRC32C crc = new CRC32C();
    ByteBuffer b = ByteBuffer.allocate(1 << 20);
    long at = start;
    while (at < end) {
      b.clear();
      b.limit((int) Math.min(b.capacity(), end - at));
      int n = ch.read(b, at);
      if (n < 0) {
        break;
      }
      b.flip();
      crc.update(b);
      at += n;
    }
    return crcHex(crc);
  }

  /** CRC32C of {@code buf[from, to)}, as segment names carry it. */
  static String crcOf(byte[] buf, int from, int to) {
    CRC32C crc = new CRC32C();
    crc.update(buf, from, to - from);
    return crcHex(crc);
  }

  private static String crcHex(CRC32C crc) {
    return String.format("%08x", crc.getValue());
  }

  private record SegRef(Path path, long start, long end, String crc) {}
}

package dev.burnrate.store.postgres;

import dev.burnrate.engine.EventIndex;
import dev.burnrate.engine.Rollup;
import dev.burnrate.engine.Segment;
import java.io.IOException;
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

  private static final java.util.regex.Pattern FILE =
      java.util.regex.Pattern.compile("postgres@(\\d+)-(\\d+)\\.seg");

  /** The spill in {@code dir} (created). */
  static SegmentSpill in(Path dir) throws IOException {
    Files.createDirectories(dir);
    return new SegmentSpill(dir);
  }

  /**
   * The segments earlier runs left that still describe the table, in id order (see the class
   * comment); empty, with the directory emptied, when they do not.
   */
  java.util.List<Link> reusable(java.sql.Connection c, EventIndex index) throws IOException {
    java.util.List<Segment> chain = new java.util.ArrayList<>();
    try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "postgres@*.seg")) {
      for (Path p : files) {
        if (FILE.matcher(p.getFileName().toString()).matches()) {
          Segment s = map(p);
          if (s == null || s.size() == 0) {
            return forget();
          }
          chain.add(s);
        }
      }
    }
    chain.sort(java.util.Comparator.comparingLong(Segment::startOffset));
    try {
      if (!chain.isEmpty() && !stillTheTable(c, chain)) {
        LOG.info("the segments in {} no longer match the database; reading it again", dir);
        return forget();
      }
    } catch (java.sql.SQLException e) {
      throw new IOException("checking the cached segments against the database: " + e, e);
    }
    java.util.List<Link> links = new java.util.ArrayList<>();
    for (Segment seg : chain) {
      links.add(new Link(seg, dev.burnrate.store.RollupSidecars.load(file(seg), seg, index)));
    }
    return links;
  }

  private static boolean stillTheTable(java.sql.Connection c, java.util.List<Segment> chain)
      throws java.sql.SQLException {
    long rows = 0;
    java.util.List<Long> ids = new java.util.ArrayList<>();
    java.util.Map<Long, Long> hashes = new java.util.HashMap<>();
    for (int i = 0; i < chain.size(); i++) {
      Segment s = chain.get(i);
      if (i > 0 && s.startOffset() < chain.get(i - 1).endOffset()) {
        return false;
      }
      rows += s.size();
      ids.add(s.startOffset());
      ids.add(s.endOffset() - 1);
      hashes.put(s.startOffset(), s.reqHash(0));
      hashes.put(s.endOffset() - 1, s.reqHash(s.size() - 1));
    }
    long end = chain.get(chain.size() - 1).endOffset();
    try (java.sql.PreparedStatement ps =
        c.prepareStatement("SELECT count(*) FROM usage_events WHERE id < ?")) {
      ps.setLong(1, end);
      try (java.sql.ResultSet r = ps.executeQuery()) {
        if (!r.next() || r.getLong(1) != rows) {
          return false;
        }
      }
    }
    try (java.sql.PreparedStatement ps =
        c.prepareStatement("SELECT id, req_id FROM usage_events WHERE id = ANY(?)")) {
      ps.setArray(1, c.createArrayOf("bigint", ids.toArray()));
      int seen = 0;
      try (java.sql.ResultSet r = ps.executeQuery()) {
        while (r.next()) {
          Long want = hashes.get(r.getLong(1));
          if (want == null || want != dev.burnrate.engine.SegmentBuilder.reqHash(r.getString(2))) {
            return false;
          }
          seen++;
        }
      }
      return seen == hashes.size();
    }
  }

  private <T> java.util.List<T> forget() throws IOException {
    try (DirectoryStream<Path> old = Files.newDirectoryStream(dir, "*.{seg,tmp,rollup}")) {
      for (Path p : old) {
        Files.deleteIfExists(p);
      }
    }
    return new java.util.ArrayList<>();
  }

  private static Segment map(Path p) {
    try (FileChannel in = FileChannel.open(p, StandardOpenOption.READ)) {
      return Segment.read(in.map(FileChannel.MapMode.READ_ONLY, 0, in.size()));
    } catch (Segment.OtherVersion e) {
      LOG.debug("ignoring {} (rebuilt from the database): {}", p, e.getMessage());
      return null;
    } catch (IOException | RuntimeException e) {
      LOG.warn("ignoring unreadable segment {}: {}", p, e.toString());
      return null;
    }
  }

  /** A segment and its hourly sums, ready for {@link EventIndex#add(Segment, Rollup)}. */
  record Link(Segment segment, Rollup rollup) {}

  /**
   * The segment mapped from its file (or {@code s} itself when it could not be written), with its
   * hourly sums, saved beside it for the next start under the index's fingerprint.
   */
  Link spill(Segment s, EventIndex index) {
    Segment mapped = mapped(s);
    Rollup r = index.rollUp(mapped);
    if (mapped != s) {
      dev.burnrate.store.RollupSidecars.save(file(mapped), index, r);
    }
    return new Link(mapped, r);
  }

  private Path file(Segment s) {
    return dir.resolve("postgres@" + s.startOffset() + "-" + s.endOffset() + ".seg");
  }

  private Segment mapped(Segment s) {
    Path target = file(s);
    try {
      dev.burnrate.store.RollupSidecars.writeAtomically(target, s.serialized());
      Segment mapped = map(target);
      return mapped == null ? s : mapped;
    } catch (IOException | RuntimeException e) {
      LOG.warn("keeping events {} on the heap: could not map them from {}: {}", target, dir, e);
      return s;
    }
  }
}

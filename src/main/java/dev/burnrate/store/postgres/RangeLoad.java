package dev.burnrate.store.postgres;

import dev.burnrate.engine.EventIndex;
import dev.burnrate.engine.Segment;
import dev.burnrate.engine.SegmentBuilder;
import dev.burnrate.usage.Dimension;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * A replica's first read of the table, in id ranges on several connections at once: the server
 * formats rows and the driver sends them in fetch-size turns, so one reader leaves the server idle
 * while it indexes and itself idle while the server works; two ranges keep both busy (a fresh
 * replica's start, five million events: most of it).
 *
 * <p>Exactness. The ranges end at the highest id committed when the read starts: writers commit in
 * id order (see {@link PostgresEventLog}), so every row up to it is visible to each range's later
 * snapshot, and rows past it are left to the ordinary catch-up. Ranges start on multiples of the
 * segment size past the first id, so a table without gaps in its ids is cut into the segments one
 * reader would make; a range ending with a partial segment maps it as it is (its ids are
 * immutable), only the last range's stays on the heap. Segments are added to the index in id order,
 * as one reader adds them.
 */
final class RangeLoad {
  private RangeLoad() {}

  /**
   * Reads the rows past {@code after} into {@code index} when there are at least two segments'
   * worth and more than one connection to read them with.
   *
   * @return the last id read, or {@code after} when this left the rows to one reader
   */
  static long read(
      Database db,
      EventIndex index,
      SegmentSpill spill,
      long after,
      int segmentEvents,
      String select)
      throws SQLException {
    long lo;
    long hi;
    try (Connection c = db.connection();
        PreparedStatement ps =
            c.prepareStatement("SELECT min(id), max(id) FROM usage_events WHERE id > ?")) {
      ps.setLong(1, after);
      try (ResultSet r = ps.executeQuery()) {
        r.next();
        lo = r.getLong(1);
        if (r.wasNull()) {
          return after;
        }
        hi = r.getLong(2);
      }
    }
    long chunks = (hi - lo) / segmentEvents + 1;
    int workers =
        (int)
            Math.min(
                chunks,
                Math.min(Runtime.getRuntime().availableProcessors(), db.settings().poolSize()));
    if (workers < 2) {
      return after;
    }
    long per = (chunks + workers - 1) / workers * segmentEvents;
    ExecutorService pool =
        Executors.newFixedThreadPool(
            workers, dev.burnrate.usage.DaemonThreads.named("burnrate-pg-load"));
    try {
      List<Future<List<SegmentSpill.Link>>> reads = new ArrayList<>();
      for (long from = lo; from <= hi; from += per) {
        long start = from;
        long end = Math.min(hi + 1, from + per);
        boolean last = end == hi + 1;
        reads.add(
            pool.submit(
                () ->
                    range(
                        db, index, spill, last ? null : spill, start, end, segmentEvents, select)));
      }
      for (Future<List<SegmentSpill.Link>> f : reads) {
        for (SegmentSpill.Link l : f.get()) {
          index.add(l.segment(), l.rollup());
        }
      }
      return hi;
    } catch (ExecutionException e) {
      if (e.getCause() instanceof SQLException sql) {
        throw sql;
      }
      if (e.getCause() instanceof RuntimeException re) {
        throw re;
      }
      throw new IllegalStateException(e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SQLException("interrupted while reading the events", e);
    } finally {
      pool.shutdownNow();
    }
  }

  /**
   * Reads ids {@code [start, end)} into segments of {@code segmentEvents}: full ones go to {@code
   * spill}, the partial one at the end to {@code tailSpill} (either null: the heap).
   */
  private static List<SegmentSpill.Link> range(
      Database db,
      EventIndex index,
      SegmentSpill spill,
      SegmentSpill tailSpill,
      long start,
      long end,
      int segmentEvents,
      String select)
      throws SQLException {
    List<SegmentSpill.Link> links = new ArrayList<>();
    int[] dims = new int[Dimension.values().length];
    try (Connection c = db.connection()) {
      c.setAutoCommit(false); // the driver streams with a fetch size only inside a transaction
      try (PreparedStatement ps =
          c.prepareStatement(select + " WHERE id >= ? AND id < ? ORDER BY id")) {
        ps.setFetchSize(PostgresEventLog.FETCH);
        EventRows.binary(ps);
        ps.setLong(1, start);
        ps.setLong(2, end);
        try (ResultSet r = ps.executeQuery()) {
          SegmentBuilder b = null;
          long last = start;
          while (r.next()) {
            last = r.getLong(1);
            if (b == null) {
              b = new SegmentBuilder(PostgresEventLog.SOURCE, last, last, 1024);
            }
            EventRows.index(r, b, dims);
            if (b.size() >= segmentEvents) {
              links.add(link(b.build(last + 1, b.size()), spill, index));
              b = null;
            }
          }
          if (b != null) {
            links.add(link(b.build(last + 1, b.size()), tailSpill, index));
          }
        }
      }
      c.commit();
    }
    return links;
  }

  private static SegmentSpill.Link link(Segment s, SegmentSpill spill, EventIndex index) {
    return spill == null ? new SegmentSpill.Link(s, index.rollUp(s)) : spill.spill(s, index);
  }
}

package dev.burnrate.store.postgres;

import dev.burnrate.engine.EventIndex;
import dev.burnrate.engine.Segment;
import dev.burnrate.engine.SegmentBuilder;
import dev.burnrate.store.EventLog;
import dev.burnrate.usage.Dimension;
import dev.burnrate.usage.UsageEvent;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The event log in a shared PostgreSQL database ({@code usage_events}), for deployments where
 * several servers must see the same usage. Queries still run on the in-memory {@link EventIndex}:
 * it is built from the rows at open and then follows new rows.
 *
 * <p>Design. <b>Following</b> is by polling {@code id > last} (a primary-key range scan that costs
 * next to nothing when nothing is new), driven by {@link #refreshIfOlderThan} — the serving layer
 * calls it every 500 ms and before any answer older than its freshness bound, so another replica's
 * event is in this one's answers well within a second. Polling rather than LISTEN/NOTIFY because it
 * needs no dedicated connection, survives a reconnect without losing notifications, and is already
 * as cheap as the refresh loop the JSONL log runs. For {@code id > last} never to skip a row, ids
 * must become visible in id order: a {@code bigserial} alone does not promise that (a transaction
 * can take id 10, commit after one that took 11). Every writer therefore inserts while holding a
 * transaction-scoped advisory lock, so id allocation and commit are serialised; a batch holds it
 * only for its insert, never for parsing or encoding.
 *
 * <p><b>Idempotency</b> is the unique index on {@code req_id}: {@code INSERT ... ON CONFLICT DO
 * NOTHING} skips a resend, whichever replica sent it first. Small batches are bound row by row (the
 * update count says which were new); batches of {@value #COPY_AT} or more are COPYed, straight into
 * the table when none is a resend, else through a temporary table and one {@code INSERT ... SELECT
 * ... ORDER BY ord RETURNING req_id}, the returned ids saying which were new ({@link
 * EventInserts}).
 *
 * <p><b>Loading</b> streams {@code SELECT ... ORDER BY id} with a fetch size of {@value #FETCH}
 * rows into segments of at most {@link #segmentEvents} events, so memory stays bounded by the index
 * itself; opened with a segment directory, each full segment is memory-mapped from a file there
 * ({@link SegmentSpill}) rather than kept on the heap. At open, a history of several segments is
 * read in id ranges on several connections at once ({@link RangeLoad}). Segments from polls are
 * small; more than {@value #MAX_TAILS} of them are merged by re-reading their id range, which is
 * immutable.
 *
 * <p>(Longer than most files because loading, following, appending and riding out an outage share
 * one follow lock, one last-read id and one reachability state; the row encoding, the inserts and
 * the mapped segments are already their own classes: {@link EventRows}, {@link EventInserts},
 * {@link SegmentSpill}.)
 */
public final class PostgresEventLog implements EventLog {
  private static final Logger LOG = LoggerFactory.getLogger(PostgresEventLog.class);
  static final String SOURCE = "postgres:usage_events";
  static final int FETCH = 10_000;

  /** Events per segment read from the table (tests make it small). */
  static int segmentEvents = 1 << 18;

  static final int MAX_TAILS = 32;
  static final int COPY_AT = 64;

  /** After a failed look, wait this long before the next, so reads are not slowed by an outage. */
  static final long RETRY_MS = 1_000;

  /** The advisory lock every writer holds while inserting (see the design note). */
  static final long WRITE_LOCK = 0x6275726e72617465L; // "burnrate"

  private final Database db;
  private final EventIndex index;
  private final boolean follows;
  private final ReentrantLock follow = new ReentrantLock();
  private final List<Segment> tails = new ArrayList<>();
  private long lastId;
  private volatile long lastLookNanos;
  private volatile long lastSyncMillis;
  private volatile boolean unreachable;

  private PostgresEventLog(Database db, EventIndex index, boolean follows) {
    this.db = db;
    this.index = index;
    this.follows = follows;
  }

  /** Where full segments go off the heap; null keeps them on it. */
  private SegmentSpill spill;

  /**
   * As {@link #open(Database, EventIndex)}, with the segments it reads memory-mapped from files in
   * {@code segmentDir} (this replica's own index directory) instead of held on the heap.
   */
  public static PostgresEventLog open(Database db, EventIndex index, java.nio.file.Path segmentDir)
      throws IOException {
    SegmentSpill spill;
    try {
      spill = SegmentSpill.in(segmentDir);
    } catch (IOException e) {
      db.close();
      throw e;
    }
    return open(db, index, spill);
  }

  /**
   * Checks the schema, indexes every stored event and follows new ones. The log owns {@code db}
   * from here on and closes it.
   */
  public static PostgresEventLog open(Database db, EventIndex index) throws IOException {
    return open(db, index, (SegmentSpill) null);
  }

  private static PostgresEventLog open(Database db, EventIndex index, SegmentSpill spill)
      throws IOException {
    PostgresEventLog log = new PostgresEventLog(db, index, true);
    log.spill = spill;
    try {
      db.requireCurrentSchema();
      log.follow.lock();
      try {
        if (spill != null) {
          try (Connection c = db.connection()) {
            for (SegmentSpill.Link cached : spill.reusable(c, log.index)) {
              log.index.add(cached.segment(), cached.rollup());
              log.lastId = cached.segment().endOffset() - 1;
            }
          }
        }
        log.lastId =
            RangeLoad.read(db, log.index, spill, log.lastId, segmentEvents, EventRows.SELECT);
        log.catchUp(true);
      } finally {
        log.follow.unlock();
      }
      return log;
    } catch (SQLException e) {
      db.close();
      throw new StoreUnavailableException(
          "indexing the events at "
              + db.settings().url()
              + " failed: "
              + Database.describe(db.settings(), e),
          e);
    } catch (IOException | RuntimeException e) {
      db.close();
      throw e;
    }
  }

  /**
   * A log for writing only (bulk ingest): the schema is checked, nothing is read, and {@link
   * #index()} stays empty.
   */
  public static PostgresEventLog writer(Database db, EventIndex index) throws IOException {
    try {
      db.requireCurrentSchema();
    } catch (IOException e) {
      db.close();
      throw e;
    }
    return new PostgresEventLog(db, index, false);
  }

  /** The database this log reads and writes (the reservation ledger beside it shares it). */
  Database database() {
    return db;
  }

  @Override
  public EventIndex index() {
    return index;
  }

  @Override
  public java.util.Optional<java.time.Instant> unavailableSince() {
    return unreachable
        ? java.util.Optional.of(java.time.Instant.ofEpochMilli(lastSyncMillis))
        : java.util.Optional.empty();
  }

  /** Wall-clock time (epoch ms) of the last successful look at the database. */
  public long lastSyncMillis() {
    return lastSyncMillis;
  }

  @Override
  public void refresh() throws IOException {
    if (!follows) {
      return;
    }
    follow.lock();
    try {
      catchUp(false);
    } catch (SQLException e) {
      lastLookNanos = System.nanoTime();
      unreachable = true;
      throw unavailable("reading new events", e);
    } finally {
      follow.unlock();
    }
  }

  /**
   * Looks for new rows when the last look is older than {@code maxAgeMillis}. While the database is
   * unreachable this does not throw: the index keeps answering as of {@link #lastSyncMillis}, one
   * warning is logged per outage, and the next attempt waits {@value #RETRY_MS} ms.
   */
  @Override
  public void refreshIfOlderThan(long maxAgeMillis) {
    if (!follows || System.nanoTime() - lastLookNanos <= maxAgeMillis * 1_000_000L) {
      return;
    }
    if (unreachable && System.nanoTime() - lastLookNanos < RETRY_MS * 1_000_000L) {
      return;
    }
    if (!follow.tryLock()) {
      return; // another thread is looking right now
    }
    try {
      catchUp(false);
    } catch (SQLException e) {
      lastLookNanos = System.nanoTime();
      if (!unreachable) {
        unreachable = true;
        LOG.warn(
            "{}; answering from the index as of {} until it is back",
            Database.describe(db.settings(), e),
            java.time.Instant.ofEpochMilli(lastSyncMillis));
      }
    } finally {
      follow.unlock();
    }
  }

  /** Reads rows past {@link #lastId} into the index. Caller holds {@link #follow}. */
  private void catchUp(boolean opening) throws SQLException {
    long started = System.currentTimeMillis();
    try (Connection c = db.connection()) {
      c.setAutoCommit(false); // the driver streams with a fetch size only inside a transaction
      try (PreparedStatement ps =
          c.prepareStatement(EventRows.SELECT + " WHERE id > ? ORDER BY id")) {
        ps.setFetchSize(FETCH);
        EventRows.binary(ps);
        ps.setLong(1, lastId);
        try (ResultSet r = ps.executeQuery()) {
          readSegments(r, opening);
        }
      }
      c.commit();
    }
    if (unreachable) {
      unreachable = false;
      LOG.info("PostgreSQL at {} is reachable again; following new events", db.settings().url());
    }
    lastLookNanos = System.nanoTime();
    lastSyncMillis = started;
    if (tails.size() > MAX_TAILS) {
      compactTails();
    }
  }

  private void readSegments(ResultSet r, boolean opening) throws SQLException {
    int[] dims = new int[Dimension.values().length];
    SegmentBuilder b = null;
    long first = 0;
    while (r.next()) {
      long id = r.getLong(1);
      if (b == null) {
        b = new SegmentBuilder(SOURCE, id, id, 1024);
        first = id;
      }
      EventRows.index(r, b, dims);
      lastId = id;
      if (b.size() >= segmentEvents) {
        Segment full = b.build(id + 1, b.size());
        if (spill == null) {
          index.add(full);
        } else {
          SegmentSpill.Link l = spill.spill(full, index);
          index.add(l.segment(), l.rollup());
        }
        b = null;
      }
    }
    if (b != null) {
      Segment s = b.build(lastId + 1, b.size());
      index.add(s);
      if (!opening) {
        tails.add(s);
      }
    }
  }

  /** Replaces the small segments polls made by one, re-read from their (immutable) id range. */
  private void compactTails() throws SQLException {
    long from = tails.get(0).startOffset();
    long to = tails.get(tails.size() - 1).endOffset();
    SegmentBuilder b = new SegmentBuilder(SOURCE, from, from, 1024);
    int[] dims = new int[Dimension.values().length];
    try (Connection c = db.connection();
        PreparedStatement ps =
            c.prepareStatement(EventRows.SELECT + " WHERE id >= ? AND id < ? ORDER BY id")) {
      ps.setLong(1, from);
      ps.setLong(2, to);
      try (ResultSet r = ps.executeQuery()) {
        while (r.next()) {
          EventRows.index(r, b, dims);
        }
      }
    }
    Segment merged = b.build(to, b.size());
    index.swap(List.copyOf(tails), merged);
    tails.clear();
    if (merged.size() < segmentEvents / 4) {
      tails.add(merged);
    }
  }

  /** An append waiting for its turn (see {@link #append}), and what it came to. */
  private static final class Append {
    final List<UsageEvent> events;
    boolean[] accepted;
    IOException failure;
    RuntimeException error;
    final Thread waiter = Thread.currentThread();
    volatile boolean done; // written last: its volatile write publishes the fields above

    Append(List<UsageEvent> events) {
      this.events = events;
    }
  }

  private final java.util.concurrent.ConcurrentLinkedQueue<Append> appends =
      new java.util.concurrent.ConcurrentLinkedQueue<>();
  private final ReentrantLock appending = new ReentrantLock();

  /**
   * Group commit, as the JSONL log does it: an append queues itself, and whichever thread of this
   * process writes next writes every queued append in one transaction (one lock, one commit, one
   * read-your-writes refresh), in queue order, each event accepted or skipped exactly as it would
   * be one append at a time. Concurrent callers — settles from many threads — then share a commit
   * instead of queueing for the write lock one event each; each is woken as soon as its batch is
   * written (see {@code GroupCommit} for why not when it could next take the lock).
   */
  @Override
  public boolean[] append(List<UsageEvent> events) throws IOException {
    for (int i = 0; i < events.size(); i++) {
      EventRows.requireStorable(i, events.get(i));
    }
    if (events.isEmpty()) {
      return new boolean[0];
    }
    Append a = new Append(events);
    appends.add(a);
    boolean interrupted = false;
    while (!a.done) {
      // Parking returns at once while interrupted: note it, wait on, and restore it at the end.
      interrupted |= Thread.interrupted();
      if (appending.tryLock()) {
        try {
          if (!a.done) {
            writeQueued();
          }
        } finally {
          appending.unlock();
        }
        Append next = appends.peek(); // appends that queued meanwhile need a writer: wake one
        if (next != null) {
          java.util.concurrent.locks.LockSupport.unpark(next.waiter);
        }
      } else {
        // Woken when this append is written, or when it is this thread's turn to write.
        java.util.concurrent.locks.LockSupport.parkNanos(this, 1_000_000);
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
    if (a.failure != null) {
      throw a.failure;
    }
    if (a.error != null) {
      throw a.error;
    }
    return a.accepted;
  }

  /**
   * Writes every queued append in one transaction, then (read-your-writes) indexes it, then wakes
   * the callers. Caller holds {@link #appending}.
   */
  private void writeQueued() {
    List<Append> batch = new ArrayList<>();
    List<UsageEvent> all = new ArrayList<>();
    for (Append q = appends.poll(); q != null; q = appends.poll()) {
      batch.add(q);
      all.addAll(q.events);
    }
    try {
      if (write(batch, all) && follows) {
        try {
          refresh(); // read-your-writes: this process's answers include what it just recorded
        } catch (IOException e) {
          LOG.warn(
              "recorded {} event(s) but could not index them yet: {}", all.size(), e.getMessage());
        }
      }
    } finally {
      for (Append q : batch) {
        q.done = true;
        java.util.concurrent.locks.LockSupport.unpark(q.waiter);
      }
    }
  }

  /** One transaction for {@code all}; answers each append's share, or its failure. */
  private boolean write(List<Append> batch, List<UsageEvent> all) {
    boolean[] accepted;
    try (Connection c = db.connection()) {
      c.setAutoCommit(false);
      try {
        accepted = all.size() >= COPY_AT ? EventInserts.copy(c, all) : EventInserts.insert(c, all);
        c.commit();
      } catch (SQLException | IOException | RuntimeException e) {
        rollbackQuietly(c);
        throw e;
      }
    } catch (SQLException e) {
      unreachable = true; // answers now say they are as of the last read, until one succeeds
      for (Append q : batch) {
        q.failure =
            unavailable(
                "appending " + q.events.size() + " event(s); nothing was recorded, retry later", e);
      }
      return false;
    } catch (IOException e) {
      batch.forEach(q -> q.failure = e);
      return false;
    } catch (RuntimeException e) {
      batch.forEach(q -> q.error = e);
      return false;
    }
    int at = 0;
    for (Append q : batch) {
      q.accepted = java.util.Arrays.copyOfRange(accepted, at, at + q.events.size());
      at += q.events.size();
    }
    return true;
  }

  private static void rollbackQuietly(Connection c) {
    try {
      c.rollback();
    } catch (SQLException e) {
      LOG.debug("rollback failed: {}", e.toString());
    }
  }

  private StoreUnavailableException unavailable(String doing, SQLException e) {
    return new StoreUnavailableException(doing + ": " + Database.describe(db.settings(), e), e);
  }

  /**
   * Writes every stored event to {@code dir} as audit JSONL files, exactly as the JSONL log would
   * have written them; {@code dir} must hold no audit files yet.
   */
  public static Exported export(Database db, java.nio.file.Path dir) throws IOException {
    return AuditExport.write(db, dir);
  }

  /** What an export wrote: how many events, in how many day files. */
  public record Exported(long events, int files) {}

  @Override
  public void close() {
    db.close();
  }
}

package dev.burnrate.store.postgres;

import dev.burnrate.reserve.Book;
import dev.burnrate.reserve.LedgerEntry;
import dev.burnrate.store.GroupCommit;
import dev.burnrate.store.ReservationLedger;
import java.io.IOException;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The reservation ledger in a shared PostgreSQL database ({@code reservation_ledger}), so that
 * check-and-reserve is one step across replicas, not only across the processes of one host.
 *
 * <p>Design: an append-only table read in sequence order under a transaction-scoped advisory lock.
 * One turn of the {@link GroupCommit} is one READ COMMITTED transaction: {@code
 * pg_advisory_xact_lock(}{@value #LEDGER_LOCK}{@code )}, which every writer of every replica takes
 * first and holds until it commits or rolls back; then {@code seq > last seen ORDER BY seq} into
 * the in-memory {@link Book}; then the queued steps, deciding on that exact state; then one
 * multi-row {@code INSERT ... RETURNING seq} of what they appended, sent with the commit. The read
 * is its own statement after the lock, so under READ COMMITTED its snapshot holds everything the
 * previous holder committed (a snapshot taken before the lock was granted, as in REPEATABLE READ or
 * with the lock inside the same statement, could miss it). Because seq is allocated and committed
 * under the lock, rows become visible in seq order and {@code seq > last} never skips one.
 *
 * <p>The steps apply their entries to the book as they go, since each must see the ones before it.
 * A turn that does not commit them (or whose outcome is unknown: the connection dropped during
 * COMMIT) throws the book away, and the next turn replays the table, which holds the truth either
 * way: nothing uncommitted is ever counted, nothing committed is lost. While the database cannot be
 * reached every step fails with a {@link StoreUnavailableException}: a reservation is never granted
 * without its row.
 *
 * <p>The lock is not the event log's ({@link PostgresEventLog#WRITE_LOCK}), so recording usage does
 * not queue behind reservations. Entries are checked before they reach the book (text of 1 to
 * {@value #MAX_TEXT} characters without NUL, amounts at or above 0, years 1 to 9999), so an entry
 * the table would refuse fails its own step, not the turn it shares.
 */
public final class PostgresReservationLedger implements ReservationLedger {
  private static final Logger LOG = LoggerFactory.getLogger(PostgresReservationLedger.class);

  /** The advisory lock every ledger writer holds for its whole transaction. */
  static final long LEDGER_LOCK = 0x7273766c65646772L; // "rsvledgr"

  static final int FETCH = 10_000;
  static final int MAX_TEXT = 256;
  private static final Instant FIRST = Instant.parse("0001-01-01T00:00:00Z");
  private static final Instant LAST = Instant.parse("9999-12-31T23:59:59.999999999Z");
  private static final String COLUMNS =
      "op, id, req_id, agent_id, run_id, usd, at, at_ns, expires_at, expires_ns";
  private static final String LOCK = "SELECT pg_advisory_xact_lock(?)";
  private static final String SELECT =
      "SELECT seq, " + COLUMNS + " FROM reservation_ledger WHERE seq > ? ORDER BY seq";
  private static final int COLUMN_COUNT = 10;
  private static final String INSERT = "INSERT INTO reservation_ledger (" + COLUMNS + ") VALUES ";
  private static final String ROW = "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

  /** Entries per INSERT: 10 parameters each, well inside the protocol's 65,535. */
  static final int CHUNK = 1_000;

  private final Database db;
  private final boolean ownsDb;
  private final GroupCommit steps = new GroupCommit();
  private Book book = new Book();
  private long lastSeq;

  private PostgresReservationLedger(Database db, boolean ownsDb) {
    this.db = db;
    this.ownsDb = ownsDb;
  }

  /**
   * The ledger in {@code db}, whose schema must be current; the ledger owns {@code db} and closes
   * it.
   */
  public static PostgresReservationLedger open(Database db) throws IOException {
    db.requireCurrentSchemaOrClose();
    return new PostgresReservationLedger(db, true);
  }

  /**
   * The ledger in the database {@code log} reads (already checked), sharing its pool; closing the
   * ledger leaves the log's database open.
   */
  public static PostgresReservationLedger beside(PostgresEventLog log) {
    return new PostgresReservationLedger(log.database(), false);
  }

  @Override
  public <T> T update(Function<Book, Change<T>> step) throws IOException {
    return steps.update(step, this::turn);
  }

  private void turn(GroupCommit.Steps queued) throws IOException {
    boolean applied = false;
    boolean committed = false;
    try (Connection c = db.connection()) {
      try {
        c.setAutoCommit(false);
        lockAndCatchUp(c);
        List<LedgerEntry> entries = queued.run(book, PostgresReservationLedger::requireStorable);
        applied = !entries.isEmpty();
        long last = applied ? insertAndCommit(c, entries) : lastSeq;
        c.commit(); // after insertAndCommit a no-op for the server; the pool learns the state
        committed = true;
        lastSeq = last;
      } catch (SQLException | RuntimeException e) {
        rollbackQuietly(c);
        throw e;
      }
    } catch (SQLException e) {
      throw new StoreUnavailableException(
          "the reservation ledger: " + Database.describe(db.settings(), e), e);
    } finally {
      if (applied && !committed) {
        book = new Book();
        lastSeq = 0;
      }
    }
  }

  /**
   * Takes the lock, then applies every row past {@link #lastSeq} in order. A warm book sends both
   * statements in one round trip (the driver queues them before one sync; the server still runs the
   * read after the lock is granted, with its own snapshot), which shortens the time every replica
   * waits for the lock. A cold book (at start, or thrown away) takes them apart, so the whole table
   * streams in pages instead of arriving as one result.
   */
  private void lockAndCatchUp(Connection c) throws SQLException {
    if (lastSeq == 0) {
      try (PreparedStatement ps = c.prepareStatement(LOCK)) {
        ps.setLong(1, LEDGER_LOCK);
        ps.execute();
      }
      try (PreparedStatement ps = c.prepareStatement(SELECT)) {
        ps.setFetchSize(FETCH);
        ps.setLong(1, lastSeq);
        try (ResultSet r = ps.executeQuery()) {
          apply(r);
        }
      }
      return;
    }
    try (PreparedStatement ps = c.prepareStatement(LOCK + "; " + SELECT)) {
      ps.setLong(1, LEDGER_LOCK);
      ps.setLong(2, lastSeq);
      ps.execute();
      if (!ps.getMoreResults()) {
        throw new SQLException("no rows followed the ledger lock");
      }
      try (ResultSet r = ps.getResultSet()) {
        apply(r);
      }
    }
  }

  /** Applies rows in order; each row read moves {@link #lastSeq} on. */
  private void apply(ResultSet r) throws SQLException {
    while (r.next()) {
      book.apply(entry(r));
      lastSeq = r.getLong(1);
    }
  }

  /**
   * Inserts {@code entries} in order and commits, in one round trip for a turn of up to {@value
   * #CHUNK} entries: a multi-row {@code INSERT ... RETURNING seq} and {@code COMMIT} in one
   * statement string, which the driver sends before a single sync (if the insert fails, the server
   * skips the COMMIT and the caller rolls back). Every replica waits for the lock this turn holds,
   * so a round trip less here is a round trip less for all of them. Answers the last seq taken.
   *
   * <p>Order within a turn does not change what a replay builds: a turn holds at most one entry per
   * reservation (a settle or release needs the id a committed reserve answered, and a repeated one
   * is a no-op the step does not append), so the rows are independent of each other.
   */
  private long insertAndCommit(Connection c, List<LedgerEntry> entries) throws SQLException {
    long last = lastSeq;
    for (int from = 0; from < entries.size(); from += CHUNK) {
      List<LedgerEntry> chunk = entries.subList(from, Math.min(entries.size(), from + CHUNK));
      boolean commits = from + CHUNK >= entries.size();
      String sql =
          INSERT
              + String.join(", ", java.util.Collections.nCopies(chunk.size(), ROW))
              + " RETURNING seq"
              + (commits ? "; COMMIT" : "");
      try (PreparedStatement ps = c.prepareStatement(sql)) {
        for (int i = 0; i < chunk.size(); i++) {
          bind(ps, i * COLUMN_COUNT, chunk.get(i));
        }
        ps.execute();
        try (ResultSet keys = ps.getResultSet()) {
          while (keys.next()) {
            last = Math.max(last, keys.getLong(1));
          }
        }
        ps.getMoreResults(); // the COMMIT's (empty) result
      }
    }
    return last;
  }

  private static void bind(PreparedStatement ps, int o, LedgerEntry e) throws SQLException {
    ps.setString(o + 2, e.id());
    setInstant(ps, o + 7, o + 8, e.at());
    if (e instanceof LedgerEntry.Reserved r) {
      ps.setString(o + 1, "reserve");
      ps.setString(o + 3, r.reqId());
      ps.setString(o + 4, r.agent());
      ps.setString(o + 5, r.run());
      ps.setBigDecimal(o + 6, BigDecimal.valueOf(r.estimateNanos(), 9));
      setInstant(ps, o + 9, o + 10, r.expiresAt());
      return;
    }
    ps.setNull(o + 3, Types.VARCHAR);
    ps.setNull(o + 4, Types.VARCHAR);
    ps.setNull(o + 5, Types.VARCHAR);
    ps.setNull(o + 9, Types.TIMESTAMP_WITH_TIMEZONE);
    ps.setNull(o + 10, Types.SMALLINT);
    if (e instanceof LedgerEntry.Settled s) {
      ps.setString(o + 1, "settle");
      ps.setBigDecimal(o + 6, BigDecimal.valueOf(s.actualNanos(), 9));
    } else {
      ps.setString(o + 1, "release");
      ps.setNull(o + 6, Types.NUMERIC);
    }
  }

  /** A timestamptz holds microseconds; the nanoseconds past it go in the column beside it. */
  private static void setInstant(PreparedStatement ps, int at, int ns, Instant t)
      throws SQLException {
    ps.setObject(at, OffsetDateTime.ofInstant(t.truncatedTo(ChronoUnit.MICROS), ZoneOffset.UTC));
    ps.setShort(ns, (short) (t.getNano() % 1000));
  }

  private static Instant instant(ResultSet r, int at, int ns) throws SQLException {
    return r.getObject(at, OffsetDateTime.class).toInstant().plusNanos(r.getShort(ns));
  }

  private static long nanos(BigDecimal usd) {
    return usd.setScale(9).unscaledValue().longValueExact();
  }

  private static LedgerEntry entry(ResultSet r) throws SQLException {
    String op = r.getString(2);
    String id = r.getString(3);
    Instant at = instant(r, 8, 9);
    return switch (op) {
      case "reserve" ->
          new LedgerEntry.Reserved(
              id,
              r.getString(4),
              r.getString(5),
              r.getString(6),
              nanos(r.getBigDecimal(7)),
              at,
              instant(r, 10, 11));
      case "settle" -> new LedgerEntry.Settled(id, nanos(r.getBigDecimal(7)), at);
      case "release" -> new LedgerEntry.Released(id, at);
      default -> throw new SQLException("reservation_ledger row has unknown op '" + op + "'");
    };
  }

  /** Refuses, before it reaches the book, an entry the table would not store. */
  static void requireStorable(LedgerEntry e) {
    if (e instanceof LedgerEntry.RunTotal) {
      // Only a compacted JSONL ledger holds run totals; this table keeps every settle.
      throw new IllegalArgumentException("the PostgreSQL ledger stores no run totals");
    }
    requireText("id", e.id());
    requireYear("at", e.at());
    if (e instanceof LedgerEntry.Reserved r) {
      requireText("req_id", r.reqId());
      requireText("agent_id", r.agent());
      if (r.run() != null) {
        requireText("run_id", r.run());
      }
      requireAmount("estimate", r.estimateNanos());
      requireYear("expires_at", r.expiresAt());
    } else if (e instanceof LedgerEntry.Settled s) {
      requireAmount("actual", s.actualNanos());
    }
  }

  private static void requireText(String what, String v) {
    int n = v.codePointCount(0, v.length());
    if (n < 1 || n > MAX_TEXT || v.indexOf('\0') >= 0) {
      throw new IllegalArgumentException(
          what
              + " must be 1 to "
              + MAX_TEXT
              + " characters without NUL (\\u0000) for the PostgreSQL reservation ledger; it has "
              + n
              + (v.indexOf('\0') >= 0 ? " and a NUL" : ""));
    }
  }

  private static void requireAmount(String what, long nanos) {
    if (nanos < 0) {
      throw new IllegalArgumentException(
          what + " " + BigDecimal.valueOf(nanos, 9).toPlainString() + " is below 0");
    }
  }

  private static void requireYear(String what, Instant t) {
    if (t.isBefore(FIRST) || t.isAfter(LAST)) {
      throw new IllegalArgumentException(
          what + " " + t + " is outside the years the ledger can hold (1 to 9999)");
    }
  }

  private static void rollbackQuietly(Connection c) {
    try {
      c.rollback();
    } catch (SQLException e) {
      LOG.debug("rollback failed: {}", e.toString());
    }
  }

  /** Closes the database when this ledger opened it ({@link #open}), not when it shares one. */
  @Override
  public void close() {
    if (ownsDb) {
      db.close();
    }
  }
}

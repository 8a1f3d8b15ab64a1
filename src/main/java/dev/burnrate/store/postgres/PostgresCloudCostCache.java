package dev.burnrate.store.postgres;

import dev.burnrate.store.CloudCostCache;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The cloud cost cache in the shared PostgreSQL database, so one replica's sync serves every
 * replica's budget answers.
 *
 * <p>Design: append-only generations. {@link #replaceDays} is one transaction under {@code
 * pg_advisory_xact_lock(}{@value #CLOUD_LOCK}{@code )}: a new {@code cloud_cost_syncs} row, then
 * the fetched days and their rows tagged with its number. Readers take, per day, the newest
 * generation that has it, so a sync's days appear together at its commit and a failed sync adds
 * nothing. Because generations are numbered and committed under the lock, the highest number is a
 * version that changes with every sync ({@link #version}). The servers' role needs only SELECT and
 * INSERT. Statements use bind parameters only.
 */
public final class PostgresCloudCostCache implements CloudCostCache {
  static final long CLOUD_LOCK = 0x636c6f7564636f73L; // "cloudcos"

  private static final String LOCK = "SELECT pg_advisory_xact_lock(?)";
  private static final String NEW_SYNC =
      "INSERT INTO cloud_cost_syncs DEFAULT VALUES RETURNING sync";
  private static final String INSERT_DAY =
      "INSERT INTO cloud_cost_days (sync, day, metric, agent_tag, fetched_at, estimated)"
          + " VALUES (?, ?, ?, ?, ?, ?)";
  private static final String INSERT_ROW =
      "INSERT INTO cloud_cost_rows (sync, day, ord, agent, service, usd) VALUES (?, ?, ?, ?, ?, ?)";
  private static final String DAYS =
      "SELECT DISTINCT ON (day) day, sync, metric, agent_tag, fetched_at, estimated"
          + " FROM cloud_cost_days ORDER BY day, sync DESC";
  private static final String ROWS =
      "SELECT r.day, r.agent, r.service, r.usd FROM cloud_cost_rows r"
          + " JOIN (SELECT day, max(sync) AS sync FROM cloud_cost_days GROUP BY day) l"
          + " ON l.day = r.day AND l.sync = r.sync ORDER BY r.day, r.ord";
  private static final String VERSION = "SELECT coalesce(max(sync), 0) FROM cloud_cost_syncs";
  private static final int BATCH = 1_000;

  private final Database db;
  private final boolean ownsDb;

  private PostgresCloudCostCache(Database db, boolean ownsDb) {
    this.db = db;
    this.ownsDb = ownsDb;
  }

  /** The cache in {@code db}, whose schema must be current; the cache owns {@code db}. */
  public static PostgresCloudCostCache open(Database db) throws IOException {
    db.requireCurrentSchemaOrClose();
    return new PostgresCloudCostCache(db, true);
  }

  /** The cache in the database {@code log} reads, sharing its pool (closing it leaves the pool). */
  public static PostgresCloudCostCache beside(PostgresEventLog log) {
    return new PostgresCloudCostCache(log.database(), false);
  }

  /** The cache in {@code db} (already checked), sharing it: closing the cache leaves it open. */
  public static PostgresCloudCostCache sharing(Database db) {
    return new PostgresCloudCostCache(db, false);
  }

  @Override
  public Snapshot read() throws IOException {
    try (Connection c = db.connection()) {
      // One snapshot for both statements: a day and its rows from the same generation.
      c.setAutoCommit(false);
      c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
      c.setReadOnly(true);
      try {
        Map<LocalDate, Day> days = new TreeMap<>();
        try (PreparedStatement ps = c.prepareStatement(DAYS);
            ResultSet r = ps.executeQuery()) {
          while (r.next()) {
            LocalDate day = r.getObject(1, LocalDate.class);
            days.put(
                day,
                new Day(
                    day,
                    r.getString(3),
                    r.getString(4),
                    Instant.parse(r.getString(5)),
                    r.getBoolean(6)));
          }
        }
        List<Row> rows = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(ROWS)) {
          ps.setFetchSize(10_000);
          try (ResultSet r = ps.executeQuery()) {
            while (r.next()) {
              rows.add(
                  new Row(
                      r.getObject(1, LocalDate.class),
                      r.getString(2),
                      r.getString(3),
                      r.getBigDecimal(4)));
            }
          }
        }
        c.commit();
        return new Snapshot(days, rows);
      } finally {
        c.rollback();
        c.setReadOnly(false);
        c.setTransactionIsolation(Connection.TRANSACTION_READ_COMMITTED);
      }
    } catch (SQLException e) {
      throw unavailable("reading the cloud cost cache", e);
    }
  }

  @Override
  public void replaceDays(Snapshot fresh) throws IOException {
    try (Connection c = db.connection()) {
      c.setAutoCommit(false);
      try {
        try (PreparedStatement ps = c.prepareStatement(LOCK)) {
          ps.setLong(1, CLOUD_LOCK);
          ps.execute();
        }
        long sync;
        try (PreparedStatement ps = c.prepareStatement(NEW_SYNC);
            ResultSet r = ps.executeQuery()) {
          r.next();
          sync = r.getLong(1);
        }
        try (PreparedStatement ps = c.prepareStatement(INSERT_DAY)) {
          for (Day d : fresh.days().values()) {
            ps.setLong(1, sync);
            ps.setObject(2, d.day());
            ps.setString(3, d.metric());
            ps.setString(4, d.agentTag());
            ps.setString(5, d.fetchedAt().toString());
            ps.setBoolean(6, d.estimated());
            ps.addBatch();
          }
          ps.executeBatch();
        }
        Map<LocalDate, Integer> ord = new HashMap<>();
        try (PreparedStatement ps = c.prepareStatement(INSERT_ROW)) {
          int n = 0;
          for (Row row : fresh.rows()) {
            if (!fresh.days().containsKey(row.day())) {
              throw new IllegalArgumentException(
                  "a cost row of " + row.day() + " has no fetched day in the same sync");
            }
            ps.setLong(1, sync);
            ps.setObject(2, row.day());
            ps.setInt(3, ord.merge(row.day(), 1, Integer::sum));
            ps.setString(4, row.agent());
            ps.setString(5, row.service());
            ps.setBigDecimal(6, row.usd());
            ps.addBatch();
            if (++n % BATCH == 0) {
              ps.executeBatch();
            }
          }
          ps.executeBatch();
        }
        c.commit();
      } catch (SQLException | RuntimeException e) {
        try {
          c.rollback();
        } catch (SQLException ignored) {
          // the connection is gone; the server rolls back on its own
        }
        throw e;
      }
    } catch (SQLException e) {
      throw unavailable("writing the cloud cost cache", e);
    }
  }

  @Override
  public Object version() throws IOException {
    try (Connection c = db.connection();
        PreparedStatement ps = c.prepareStatement(VERSION);
        ResultSet r = ps.executeQuery()) {
      r.next();
      return r.getLong(1);
    } catch (SQLException e) {
      throw unavailable("reading the cloud cost cache", e);
    }
  }

  private StoreUnavailableException unavailable(String what, SQLException e) {
    return new StoreUnavailableException(
        what + " in the shared store: " + Database.describe(db.settings(), e), e);
  }

  @Override
  public void close() {
    if (ownsDb) {
      db.close();
    }
  }
}

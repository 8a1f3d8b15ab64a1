package dev.burnrate.store.postgres;

import dev.burnrate.store.GovernanceState;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;

/**
 * The governance state in the shared PostgreSQL database (migration {@code V3__governance.sql}), so
 * that every replica of a deployment raises each alert once and honours the same freezes and
 * overrides.
 *
 * <p>Design: exactly-once by constraint, not by lock. An alert is claimed by one {@code INSERT ...
 * ON CONFLICT DO NOTHING} on the table's primary key, in its own autocommitted statement: the
 * insert that adds the row reports one row and wins, every concurrent or later one reports none. No
 * read precedes the write, so there is no window between checking and claiming. Statements use bind
 * parameters only.
 */
public final class PostgresGovernanceState implements GovernanceState {
  private static final String CLAIM_ALERT =
      "INSERT INTO alerts (month, scope, name, threshold_pct, id, alert)"
          + " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING";

  private final Database db;
  private final boolean ownsDb;

  private PostgresGovernanceState(Database db, boolean ownsDb) {
    this.db = db;
    this.ownsDb = ownsDb;
  }

  /**
   * The state in {@code db}, whose schema must be current; the state owns {@code db} and closes it.
   */
  public static PostgresGovernanceState open(Database db) throws IOException {
    try {
      db.requireCurrentSchema();
    } catch (IOException | RuntimeException e) {
      db.close();
      throw e;
    }
    return new PostgresGovernanceState(db, true);
  }

  /**
   * The state in the database {@code log} reads (already checked), sharing its pool; closing the
   * state leaves the log's database open.
   */
  public static PostgresGovernanceState beside(PostgresEventLog log) {
    return new PostgresGovernanceState(log.database(), false);
  }

  @Override
  public boolean claimAlert(AlertKey key, String id, String json) throws IOException {
    try (Connection c = db.connection();
        PreparedStatement ps = c.prepareStatement(CLAIM_ALERT)) {
      ps.setString(1, key.month().toString());
      ps.setString(2, key.scope().wireName());
      ps.setString(3, key.name());
      ps.setBigDecimal(4, key.thresholdPct());
      ps.setString(5, id);
      ps.setString(6, json);
      return ps.executeUpdate() == 1;
    } catch (SQLException e) {
      throw unavailable("raising alert " + id, e);
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

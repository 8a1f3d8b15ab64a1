package dev.burnrate.store.postgres;

import dev.burnrate.budget.DeployOverride;
import dev.burnrate.store.GovernanceState;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

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
  private static final String SET_FREEZE =
      "INSERT INTO freezes (month, alert_id, body) VALUES (?, ?, ?) ON CONFLICT DO NOTHING";
  private static final String FREEZE =
      "SELECT alert_id FROM freezes WHERE month = ? ORDER BY set_at, alert_id LIMIT 1";
  private static final String WRITE_OVERRIDE =
      "INSERT INTO overrides (agent, reason, approver, expires_at) VALUES (?, ?, ?, ?)";
  // Only when the newest row is an override in force: a revoke of nothing adds no row.
  private static final String REVOKE_OVERRIDE =
      "INSERT INTO overrides (agent, revoked) SELECT ?, true WHERE EXISTS (SELECT 1 FROM overrides"
          + " WHERE seq = (SELECT max(seq) FROM overrides WHERE agent = ?) AND NOT revoked)";
  private static final String OVERRIDE =
      "SELECT reason, approver, expires_at, revoked FROM overrides WHERE agent = ?"
          + " ORDER BY seq DESC LIMIT 1";

  private static final String RECORD_DECISION =
      "INSERT INTO preflight_decisions (target, decided_at, body) VALUES (?, ?, ?)";
  private static final String LAST_DECISION =
      "SELECT body FROM preflight_decisions WHERE target = ? ORDER BY seq DESC LIMIT 1";

  private static final String RECORD_DELIVERY =
      "INSERT INTO webhook_deliveries (at, alert_id, webhook, url, attempt, http_status, outcome,"
          + " error) VALUES (?, ?, ?, ?, ?, ?, ?, ?)";
  private static final String DELIVERIES =
      "SELECT at, webhook, url, attempt, http_status, outcome, error FROM webhook_deliveries"
          + " WHERE alert_id = ? ORDER BY seq";

  /** How answers show where an override is kept. */
  static final String OVERRIDES_WHERE = "the overrides table of the shared store";

  private static final String CLAIM_ALERT =
      "INSERT INTO alerts (month, scope, name, threshold_pct, id, body)"
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
    db.requireCurrentSchemaOrClose();
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

  @Override
  public void setFreeze(YearMonth month, String alertId, String json) throws IOException {
    try (Connection c = db.connection();
        PreparedStatement ps = c.prepareStatement(SET_FREEZE)) {
      ps.setString(1, month.toString());
      ps.setString(2, alertId);
      ps.setString(3, json);
      ps.executeUpdate();
    } catch (SQLException e) {
      throw unavailable("freezing " + month, e);
    }
  }

  @Override
  public Optional<String> freeze(YearMonth month) throws IOException {
    try (Connection c = db.connection();
        PreparedStatement ps = c.prepareStatement(FREEZE)) {
      ps.setString(1, month.toString());
      try (ResultSet r = ps.executeQuery()) {
        return r.next()
            ? Optional.of(
                "the freezes table of the shared store ("
                    + month
                    + ", set by alert "
                    + r.getString(1)
                    + ")")
            : Optional.empty();
      }
    } catch (SQLException e) {
      throw unavailable("reading the freeze of " + month, e);
    }
  }

  @Override
  public void writeOverride(String agent, String reason, String approver, Instant expiresAt)
      throws IOException {
    try (Connection c = db.connection();
        PreparedStatement ps = c.prepareStatement(WRITE_OVERRIDE)) {
      ps.setString(1, agent);
      ps.setString(2, reason);
      ps.setString(3, approver);
      ps.setObject(4, OffsetDateTime.ofInstant(expiresAt, ZoneOffset.UTC));
      ps.executeUpdate();
    } catch (SQLException e) {
      throw unavailable("writing an override", e);
    }
  }

  @Override
  public boolean revokeOverride(String agent) throws IOException {
    try (Connection c = db.connection();
        PreparedStatement ps = c.prepareStatement(REVOKE_OVERRIDE)) {
      ps.setString(1, agent);
      ps.setString(2, agent);
      return ps.executeUpdate() == 1;
    } catch (SQLException e) {
      throw unavailable("revoking an override", e);
    }
  }

  @Override
  public Optional<DeployOverride> override(String agent, List<String> warnings) throws IOException {
    try (Connection c = db.connection();
        PreparedStatement ps = c.prepareStatement(OVERRIDE)) {
      ps.setString(1, agent);
      try (ResultSet r = ps.executeQuery()) {
        if (!r.next() || r.getBoolean(4)) {
          return Optional.empty();
        }
        return Optional.of(
            new DeployOverride(
                agent,
                r.getString(1),
                r.getString(2),
                r.getObject(3, OffsetDateTime.class).toInstant(),
                OVERRIDES_WHERE));
      }
    } catch (SQLException e) {
      throw unavailable("reading an override", e);
    }
  }

  @Override
  public String overridePath(String agent) {
    return OVERRIDES_WHERE;
  }

  @Override
  public void recordDecision(String target, Instant decidedAt, String json) throws IOException {
    try (Connection c = db.connection();
        PreparedStatement ps = c.prepareStatement(RECORD_DECISION)) {
      ps.setString(1, target);
      ps.setObject(2, OffsetDateTime.ofInstant(decidedAt, ZoneOffset.UTC));
      ps.setString(3, json);
      ps.executeUpdate();
    } catch (SQLException e) {
      throw unavailable("recording a preflight decision", e);
    }
  }

  @Override
  public Optional<String> lastDecision(String target) throws IOException {
    try (Connection c = db.connection();
        PreparedStatement ps = c.prepareStatement(LAST_DECISION)) {
      ps.setString(1, target);
      try (ResultSet r = ps.executeQuery()) {
        return r.next() ? Optional.of(r.getString(1)) : Optional.empty();
      }
    } catch (SQLException e) {
      throw unavailable("reading a preflight decision", e);
    }
  }

  @Override
  public void recordDelivery(Delivery d) throws IOException {
    try (Connection c = db.connection();
        PreparedStatement ps = c.prepareStatement(RECORD_DELIVERY)) {
      ps.setObject(1, OffsetDateTime.ofInstant(d.at(), ZoneOffset.UTC));
      ps.setString(2, d.alertId());
      ps.setString(3, d.webhook());
      ps.setString(4, d.url());
      ps.setInt(5, d.attempt());
      if (d.httpStatus() == null) {
        ps.setNull(6, Types.INTEGER);
      } else {
        ps.setInt(6, d.httpStatus());
      }
      ps.setString(7, d.outcome());
      ps.setString(8, d.error());
      ps.executeUpdate();
    } catch (SQLException e) {
      throw unavailable("logging a webhook delivery", e);
    }
  }

  @Override
  public List<Delivery> deliveries(String alertId) throws IOException {
    try (Connection c = db.connection();
        PreparedStatement ps = c.prepareStatement(DELIVERIES)) {
      ps.setString(1, alertId);
      List<Delivery> out = new ArrayList<>();
      try (ResultSet r = ps.executeQuery()) {
        while (r.next()) {
          Integer status = r.getObject(5, Integer.class);
          out.add(
              new Delivery(
                  r.getObject(1, OffsetDateTime.class).toInstant(),
                  alertId,
                  r.getString(2),
                  r.getString(3),
                  r.getInt(4),
                  status,
                  r.getString(6),
                  r.getString(7)));
        }
      }
      return out;
    } catch (SQLException e) {
      throw unavailable("reading webhook deliveries", e);
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

package dev.burnrate.store.postgres;

import dev.burnrate.usage.UsageEvent;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Statement;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

/**
 * The statements that write events, inside the caller's transaction: row by row for small batches,
 * COPY for large ones, each taking {@link PostgresEventLog#WRITE_LOCK} only for the insert itself
 * (see {@link PostgresEventLog} for why ids need it). Both answer which events were new, in order;
 * a repeated {@code req_id} is skipped after its first.
 *
 * <p>A large batch is first COPYed straight into {@code usage_events}, under a savepoint: when
 * every {@code req_id} is new (a bulk load, a replica's own traffic) that is the whole write, and
 * it costs the server about half of the way that can skip duplicates. A unique violation (a resend,
 * a repeat within the batch) rolls back to the savepoint, and the batch goes the other way: COPY
 * into a temporary table, then one {@code INSERT ... SELECT ... ORDER BY ord ON CONFLICT DO NOTHING
 * RETURNING req_id}. The rows are encoded before the lock is taken, so the lock is held for the
 * server's work only.
 */
final class EventInserts {
  private EventInserts() {}

  static void lock(Connection c) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT pg_advisory_xact_lock(?)")) {
      ps.setLong(1, PostgresEventLog.WRITE_LOCK);
      ps.execute();
    }
  }

  static boolean[] insert(Connection c, List<UsageEvent> events) throws SQLException {
    lock(c);
    boolean[] accepted = new boolean[events.size()];
    try (PreparedStatement ps = c.prepareStatement(EventRows.INSERT)) {
      for (UsageEvent e : events) {
        EventRows.bind(ps, e);
        ps.addBatch();
      }
      int[] counts = ps.executeBatch();
      for (int i = 0; i < counts.length; i++) {
        accepted[i] = counts[i] > 0;
      }
    }
    return accepted;
  }

  static boolean[] copy(Connection c, List<UsageEvent> events) throws SQLException, IOException {
    byte[] rows = copyText(events, false);
    lock(c);
    Savepoint before = c.setSavepoint();
    try {
      copyIn(c, "usage_events (" + EventRows.COLUMNS + ")", rows);
      c.releaseSavepoint(before);
      boolean[] accepted = new boolean[events.size()];
      java.util.Arrays.fill(accepted, true);
      return accepted;
    } catch (SQLException e) {
      if (!UNIQUE_VIOLATION.equals(e.getSQLState())) {
        throw e;
      }
      c.rollback(before);
    }
    return copySkippingDuplicates(c, events);
  }

  private static final String UNIQUE_VIOLATION = "23505";

  /** The batch through a temporary table, each event's {@code req_id} looked up. Lock held. */
  private static boolean[] copySkippingDuplicates(Connection c, List<UsageEvent> events)
      throws SQLException, IOException {
    try (Statement s = c.createStatement()) {
      s.execute(
          "CREATE TEMP TABLE usage_events_load (ord int NOT NULL, LIKE usage_events) ON COMMIT DROP");
      s.execute("ALTER TABLE usage_events_load DROP COLUMN id, DROP COLUMN recorded_at");
    }
    copyIn(c, "usage_events_load (ord, " + EventRows.COLUMNS + ")", copyText(events, true));
    Set<String> inserted = new HashSet<>();
    try (PreparedStatement ps =
            c.prepareStatement(
                "INSERT INTO usage_events ("
                    + EventRows.COLUMNS
                    + ")"
                    + " SELECT "
                    + EventRows.COLUMNS
                    + " FROM usage_events_load ORDER BY ord"
                    + " ON CONFLICT (req_id) WHERE req_id <> '' DO NOTHING RETURNING req_id");
        ResultSet r = ps.executeQuery()) {
      while (r.next()) {
        String id = r.getString(1);
        if (id != null && !id.isEmpty()) {
          inserted.add(id);
        }
      }
    }
    boolean[] accepted = new boolean[events.size()];
    for (int i = 0; i < accepted.length; i++) {
      String id = events.get(i).reqId();
      // The first of a batch's repeats is the one inserted (ORDER BY ord); later ones are
      // duplicates.
      accepted[i] = id == null || id.isEmpty() || inserted.remove(id);
    }
    return accepted;
  }

  /** The events as COPY text, UTF-8; each row numbered first when {@code ord}. */
  private static byte[] copyText(List<UsageEvent> events, boolean ord) {
    StringBuilder sb = new StringBuilder(events.size() * 256);
    for (int i = 0; i < events.size(); i++) {
      EventRows.copyLine(sb, ord ? i : -1, events.get(i));
    }
    return sb.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
  }

  private static void copyIn(Connection c, String target, byte[] rows) throws SQLException {
    CopyIn in =
        c.unwrap(PGConnection.class)
            .getCopyAPI()
            .copyIn("COPY " + target + " FROM STDIN (FORMAT text)");
    try {
      for (int at = 0; at < rows.length; at += CHUNK) {
        in.writeToCopy(rows, at, Math.min(CHUNK, rows.length - at));
      }
      in.endCopy();
    } finally {
      if (in.isActive()) {
        in.cancelCopy();
      }
    }
  }

  private static final int CHUNK = 1 << 16;
}

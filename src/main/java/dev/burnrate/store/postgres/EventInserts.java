package dev.burnrate.store.postgres;

import dev.burnrate.usage.UsageEvent;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

/**
 * The statements that write events, inside the caller's transaction: row by row for small batches,
 * COPY through a temporary table for large ones, each taking {@link PostgresEventLog#WRITE_LOCK}
 * only for the insert itself (see {@link PostgresEventLog} for why ids need it). Both answer which
 * events were new, in order; a repeated {@code req_id} is skipped after its first.
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
    try (Statement s = c.createStatement()) {
      s.execute(
          "CREATE TEMP TABLE usage_events_load (ord int NOT NULL, LIKE usage_events) ON COMMIT DROP");
      s.execute("ALTER TABLE usage_events_load DROP COLUMN id, DROP COLUMN recorded_at");
    }
    CopyIn in =
        c.unwrap(PGConnection.class)
            .getCopyAPI()
            .copyIn(
                "COPY usage_events_load (ord, " + EventRows.COLUMNS + ") FROM STDIN (FORMAT text)");
    try {
      StringBuilder sb = new StringBuilder(1 << 16);
      for (int i = 0; i < events.size(); i++) {
        EventRows.copyLine(sb, i, events.get(i));
        if (sb.length() >= 1 << 16 || i == events.size() - 1) {
          byte[] bytes = sb.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
          in.writeToCopy(bytes, 0, bytes.length);
          sb.setLength(0);
        }
      }
      in.endCopy();
    } finally {
      if (in.isActive()) {
        in.cancelCopy();
      }
    }
    lock(c);
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
}

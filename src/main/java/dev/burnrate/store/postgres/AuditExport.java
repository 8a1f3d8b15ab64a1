package dev.burnrate.store.postgres;

import dev.burnrate.store.EventLines;
import dev.burnrate.usage.UsageEvent;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;

/**
 * Writes the stored events back out as an audit directory ({@code tool_audit_YYYY-MM-DD.jsonl}, one
 * file per UTC day, lines in the order the events were stored), byte for byte what the JSONL log
 * writes for the same events: a history moved in with {@code ingest} comes back out exactly.
 */
final class AuditExport {
  private AuditExport() {}

  static PostgresEventLog.Exported write(Database db, Path dir) throws IOException {
    Files.createDirectories(dir);
    try (var existing = Files.newDirectoryStream(dir, "tool_audit_*.jsonl")) {
      if (existing.iterator().hasNext()) {
        throw new IllegalArgumentException(
            dir + " already holds audit files; export into an empty directory");
      }
    }
    Map<LocalDate, BufferedWriter> open = new HashMap<>();
    long events = 0;
    try (Connection c = db.connection()) {
      c.setAutoCommit(false);
      try (PreparedStatement ps = c.prepareStatement(EventRows.SELECT + " ORDER BY id")) {
        ps.setFetchSize(PostgresEventLog.FETCH);
        try (ResultSet r = ps.executeQuery()) {
          while (r.next()) {
            UsageEvent e = EventRows.event(r);
            LocalDate day =
                LocalDate.ofInstant(
                    Instant.ofEpochSecond(Math.floorDiv(e.tsMicros(), 1_000_000L)), ZoneOffset.UTC);
            BufferedWriter w = open.get(day);
            if (w == null) {
              w =
                  Files.newBufferedWriter(
                      dir.resolve("tool_audit_" + day + ".jsonl"),
                      StandardCharsets.UTF_8,
                      StandardOpenOption.CREATE_NEW,
                      StandardOpenOption.WRITE);
              open.put(day, w);
            }
            w.write(EventLines.line(e));
            events++;
          }
        }
      }
      c.commit();
    } catch (SQLException e) {
      throw new StoreUnavailableException(
          "exporting events: " + Database.describe(db.settings(), e), e);
    } finally {
      IOException first = null;
      for (BufferedWriter w : open.values()) {
        try {
          w.close();
        } catch (IOException e) {
          first = first == null ? e : first;
        }
      }
      if (first != null) {
        throw first;
      }
    }
    return new PostgresEventLog.Exported(events, open.size());
  }
}

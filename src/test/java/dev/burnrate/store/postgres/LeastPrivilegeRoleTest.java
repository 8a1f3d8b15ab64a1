package dev.burnrate.store.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.burnrate.engine.EventIndex;
import dev.burnrate.engine.Pricer;
import dev.burnrate.usage.CostWeights;
import dev.burnrate.usage.Status;
import dev.burnrate.usage.UsageEvent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The README's least-privilege recipe, run as written: the owner role migrates, the servers' role
 * reads, appends (row by row and by COPY) and follows, claims alerts, sets freezes, writes and
 * revokes overrides, records decisions and deliveries, syncs the cloud cost cache, and cannot
 * change or delete any of it.
 */
class LeastPrivilegeRoleTest {
  static String readmeSql() throws Exception {
    List<String> lines = Files.readAllLines(Path.of("README.md"));
    boolean inSection = false;
    for (int i = 0; i < lines.size(); i++) {
      String l = lines.get(i);
      if (l.startsWith("## ")) {
        inSection = l.contains("`config/store.yml`");
      } else if (inSection && l.equals("```sql")) {
        StringBuilder sql = new StringBuilder();
        while (!lines.get(++i).equals("```")) {
          sql.append(lines.get(i)).append('\n');
        }
        return sql.toString();
      }
    }
    throw new AssertionError("README.md has no sql block under the config/store.yml section");
  }

  @Test
  void theReadmeRolesMigrateAppendAndFollowButCannotDelete() throws Exception {
    try (PgCluster cluster = PgCluster.start()) {
      String url = cluster.createDatabase();
      String db = url.substring(url.lastIndexOf('/') + 1);
      try (Connection c = DriverManager.getConnection(url, PgCluster.USER, "");
          Statement s = c.createStatement()) {
        for (String stmt :
            readmeSql()
                .replace("DATABASE burnrate", "DATABASE " + db)
                .split(";\\s*(--[^\\n]*)?\\n")) {
          String sql =
              stmt.lines()
                  .filter(l -> !l.startsWith("--"))
                  .reduce("", (a, b) -> a + "\n" + b)
                  .strip();
          if (sql.isEmpty()) {
            continue;
          }
          if (sql.startsWith("ALTER DEFAULT PRIVILEGES")) {
            s.execute("SET ROLE burnrate_owner");
            s.execute(sql);
            s.execute("RESET ROLE");
          } else {
            s.execute(sql);
          }
        }
      }
      try (Database owner =
          Database.connect(new PgSettings(url, "burnrate_owner", "change-me", 1, "burnrate"))) {
        assertEquals(Database.SCHEMA_VERSION, owner.migrate().applied());
      }
      PgSettings app = new PgSettings(url, "burnrate_app", "change-me", 2, "burnrate");
      try (PostgresEventLog writer = PostgresEventLog.open(Database.connect(app), index());
          PostgresEventLog reader = PostgresEventLog.open(Database.connect(app), index())) {
        List<UsageEvent> batch = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
          batch.add(event("r" + i));
        }
        writer.append(batch);
        writer.append(List.of(event("one"), event("r1")));
        reader.refresh();
        assertEquals(101, reader.index().eventCount());
        // The reservation ledger beside the log: the same role appends to it and replays it.
        try (var ledger = PostgresReservationLedger.beside(writer)) {
          ledger.update(
              book ->
                  dev.burnrate.store.ReservationLedger.Change.append(
                      new dev.burnrate.reserve.LedgerEntry.Reserved(
                          "rsv_x", "q", "a", null, 1, Instant.EPOCH, Instant.EPOCH),
                      null));
        }
        try (var other = PostgresReservationLedger.beside(reader)) {
          assertEquals(true, other.read(book -> book.byId("rsv_x").isPresent()));
        }
        // The governance state: the same role claims an alert, and another replica sees the claim.
        var alert =
            new dev.burnrate.store.GovernanceState.AlertKey(
                java.time.YearMonth.of(2026, 2),
                dev.burnrate.budget.Scope.TOTAL,
                "total",
                java.math.BigDecimal.valueOf(80));
        try (var state = PostgresGovernanceState.beside(writer)) {
          assertEquals(true, state.claimAlert(alert, "x", "{}"));
        }
        try (var other = PostgresGovernanceState.beside(reader)) {
          assertEquals(false, other.claimAlert(alert, "y", "{}"));
          other.setFreeze(alert.month(), "x", "{}");
          other.writeOverride("a", "hotfix", "ops", Instant.parse("2026-02-24T00:00:00Z"));
          assertEquals(true, other.revokeOverride("a"));
          other.writeOverride("a", "again", "ops", Instant.parse("2026-02-24T00:00:00Z"));
          other.recordDecision("a", Instant.EPOCH, "{}");
          other.recordDelivery(
              new dev.burnrate.store.GovernanceState.Delivery(
                  Instant.EPOCH, "x", "ops", "https://h/", 1, 200, "delivered", null));
        }
        // The cloud cost cache: the same role syncs into it, and another replica reads the sync.
        java.time.LocalDate day = java.time.LocalDate.parse("2026-02-22");
        PostgresCloudCostCache.beside(writer)
            .replaceDays(
                new dev.burnrate.store.CloudCostCache.Snapshot(
                    java.util.Map.of(
                        day,
                        new dev.burnrate.store.CloudCostCache.Day(
                            day, "UnblendedCost", "agent", Instant.EPOCH, false)),
                    List.of(
                        new dev.burnrate.store.CloudCostCache.Row(
                            day, "a", "Amazon EC2", java.math.BigDecimal.TEN))));
        assertEquals(1, PostgresCloudCostCache.beside(reader).read().rows().size());
        try (var state = PostgresGovernanceState.beside(writer)) {
          assertEquals(true, state.freeze(alert.month()).isPresent());
          assertEquals("again", state.override("a", new ArrayList<>()).orElseThrow().reason());
          assertEquals("{}", state.lastDecision("a").orElseThrow());
          assertEquals(1, state.deliveries("x").size());
        }
      }
      try (Connection c = DriverManager.getConnection(url, "burnrate_app", "change-me");
          Statement s = c.createStatement()) {
        SQLException e =
            assertThrows(SQLException.class, () -> s.execute("DELETE FROM burnrate.usage_events"));
        assertTrue(e.getMessage().contains("permission denied"), e.getMessage());
        assertThrows(
            SQLException.class, () -> s.execute("UPDATE burnrate.usage_events SET tool = 'x'"));
        SQLException ledger =
            assertThrows(
                SQLException.class, () -> s.execute("DELETE FROM burnrate.reservation_ledger"));
        assertTrue(ledger.getMessage().contains("permission denied"), ledger.getMessage());
        SQLException alerts =
            assertThrows(SQLException.class, () -> s.execute("DELETE FROM burnrate.alerts"));
        assertTrue(alerts.getMessage().contains("permission denied"), alerts.getMessage());
        for (String table :
            List.of(
                "freezes",
                "overrides",
                "preflight_decisions",
                "webhook_deliveries",
                "cloud_cost_days",
                "cloud_cost_rows")) {
          SQLException denied =
              assertThrows(SQLException.class, () -> s.execute("DELETE FROM burnrate." + table));
          assertTrue(denied.getMessage().contains("permission denied"), denied.getMessage());
        }
        try (java.sql.ResultSet rows =
            s.executeQuery("SELECT count(*) FROM burnrate.reservation_ledger")) {
          rows.next();
          assertEquals(1, rows.getInt(1), "the row is still there");
        }
      }
    }
  }

  private static EventIndex index() {
    return new EventIndex(CostWeights.BUILT_IN, Pricer.NONE);
  }

  private static UsageEvent event(String reqId) {
    return new UsageEvent(
        1_771_840_000_000_000L,
        reqId,
        null,
        null,
        "a",
        "t",
        null,
        Status.PASS,
        1,
        0,
        0,
        null,
        null,
        null,
        null,
        null,
        -1,
        -1,
        -1,
        -1,
        null,
        Double.NaN,
        null,
        null);
  }
}

package dev.burnrate.control;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.burnrate.budget.Budget;
import dev.burnrate.budget.BudgetStatus;
import dev.burnrate.store.GovernanceState;
import dev.burnrate.store.postgres.Database;
import dev.burnrate.store.postgres.PgCluster;
import dev.burnrate.store.postgres.PgSettings;
import dev.burnrate.store.postgres.PostgresGovernanceState;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The alert ledger on PostgreSQL: replicas, each with its own data directory and its own pool,
 * share nothing but the database, and still raise each threshold of each scope once, whether the
 * alerts are evaluated directly or by concurrent preflights.
 */
class SharedAlertsTest {
  @TempDir Path root;

  @Test
  void sixteenCallersOnTwoReplicasWithoutASharedDiskRaiseEachAlertOnce() throws Exception {
    PgSettings s =
        new PgSettings(PgCluster.shared().createDatabase(), PgCluster.USER, null, 4, "burnrate");
    try (Database db = Database.connect(s)) {
      db.migrate();
    }
    Budget budget = Months.budget("1000", Map.of("a", new BigDecimal("1000")));
    BudgetStatus status = Months.status(budget, "a", "1000"); // 100 %: every threshold, both scopes
    List<Path> dirs = List.of(root.resolve("replica-1"), root.resolve("replica-2"));
    List<GovernanceState> states = new ArrayList<>();
    ExecutorService pool = Executors.newFixedThreadPool(16);
    try {
      for (int r = 0; r < 2; r++) {
        states.add(PostgresGovernanceState.open(Database.connect(s)));
      }
      CountDownLatch start = new CountDownLatch(1);
      List<Future<List<Alert>>> calls = new ArrayList<>();
      for (int i = 0; i < 16; i++) {
        GovernanceState state = states.get(i % 2);
        Governance g = Governance.over(budget, dirs.get(i % 2), () -> state);
        calls.add(
            pool.submit(
                () -> {
                  start.await();
                  return g.evaluateAlerts(status);
                }));
      }
      start.countDown();
      List<String> raised = new ArrayList<>();
      for (Future<List<Alert>> f : calls) {
        f.get().forEach(a -> raised.add(a.id()));
      }
      assertEquals(6, raised.size(), "3 thresholds x (fleet, agent a), each once: " + raised);
      assertEquals(6, raised.stream().distinct().count(), raised.toString());
      long files = 0;
      for (Path d : dirs) {
        if (Files.isDirectory(d.resolve("cost/alerts"))) {
          try (Stream<Path> f = Files.list(d.resolve("cost/alerts"))) {
            files += f.filter(p -> p.toString().endsWith(".json")).count();
          }
        }
      }
      assertEquals(6, files, "each alert's file is written once, by the replica that raised it");
      GovernanceState third = PostgresGovernanceState.open(Database.connect(s));
      states.add(third);
      assertEquals(
          List.of(),
          Governance.over(budget, root.resolve("replica-3"), () -> third).evaluateAlerts(status),
          "a replica started later raises nothing twice");
    } finally {
      pool.shutdownNow();
      states.forEach(GovernanceState::close);
    }
  }

  @Test
  void theReplicaThatRaisesAnAlertLogsItsDeliveriesInTheDatabase() throws Exception {
    PgSettings s =
        new PgSettings(PgCluster.shared().createDatabase(), PgCluster.USER, null, 2, "burnrate");
    try (Database db = Database.connect(s)) {
      db.migrate();
    }
    com.sun.net.httpserver.HttpServer hook =
        com.sun.net.httpserver.HttpServer.create(
            new java.net.InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), 0), 0);
    hook.createContext(
        "/",
        ex -> {
          ex.getRequestBody().readAllBytes();
          ex.sendResponseHeaders(200, -1);
          ex.close();
        });
    hook.start();
    try (GovernanceState state = PostgresGovernanceState.open(Database.connect(s))) {
      Budget plain = Months.budget("1000", Map.of());
      Budget budget =
          new Budget(
              plain.timezone(),
              plain.totalCeilingUsd(),
              plain.perAgentCeilingUsd(),
              plain.alerts(),
              plain.dailyCapUsd(),
              plain.teams(),
              plain.downgrade(),
              new dev.burnrate.budget.Notifications(
                  List.of(
                      new dev.burnrate.budget.Webhook(
                          "ops",
                          java.net.URI.create(
                              "http://127.0.0.1:" + hook.getAddress().getPort() + "/hook"))),
                  0,
                  10),
              plain.costSources());
      Path replica = root.resolve("replica");
      Governance g = Governance.over(budget, replica, () -> state);
      List<Alert> raised = g.evaluateAlerts(Months.status(budget, "a", "800"));
      assertEquals(1, raised.size(), raised.toString());
      assertEquals(true, g.notifier().awaitIdle(java.time.Duration.ofSeconds(20)));
      List<GovernanceState.Delivery> logged = state.deliveries(raised.get(0).id());
      assertEquals(1, logged.size(), logged.toString());
      assertEquals("delivered", logged.get(0).outcome());
      assertEquals(Integer.valueOf(200), logged.get(0).httpStatus());
      assertEquals("ops", logged.get(0).webhook());
      assertEquals(
          false,
          Files.exists(replica.resolve("cost/alerts/deliveries.jsonl")),
          "nothing logged on the replica's disk");
    } finally {
      hook.stop(0);
    }
  }

  @Test
  void sixteenPreflightsAcrossFourReplicasRaiseEachCrossedAlertOnceAndAllSeeTheFreeze()
      throws Exception {
    PgSettings s =
        new PgSettings(PgCluster.shared().createDatabase(), PgCluster.USER, null, 2, "burnrate");
    try (Database db = Database.connect(s)) {
      db.migrate();
    }
    Budget budget = Months.budget("1", Map.of()); // the engine's one event: $1, 100 % of it
    var engine = UnseenTargetTest.engineWith("a1");
    java.time.Instant now = java.time.Instant.parse("2026-02-23T12:00:00Z");
    List<GovernanceState> states = new ArrayList<>();
    ExecutorService pool = Executors.newFixedThreadPool(16);
    try {
      List<Governance> replicas = new ArrayList<>();
      for (int r = 0; r < 4; r++) {
        GovernanceState state = PostgresGovernanceState.open(Database.connect(s));
        states.add(state);
        replicas.add(Governance.over(budget, root.resolve("replica-" + r), () -> state));
      }
      CountDownLatch start = new CountDownLatch(1);
      List<Future<dev.burnrate.budget.PreflightDecision>> calls = new ArrayList<>();
      for (int i = 0; i < 16; i++) {
        Governance g = replicas.get(i % 4);
        calls.add(
            pool.submit(
                () -> {
                  start.await();
                  return g.preflight(engine, "a1", java.util.Optional.empty(), now);
                }));
      }
      start.countDown();
      for (Future<dev.burnrate.budget.PreflightDecision> f : calls) {
        assertEquals("veto", f.get().decision(), "at 100 %");
      }
      assertEquals(
          3,
          replicas.stream().mapToLong(Governance::alertsRaised).sum(),
          "notify, veto and freeze for the fleet, each raised once across the four");
      for (Governance g : replicas) {
        assertEquals(
            dev.burnrate.budget.PreflightDecision.Rule.FREEZE,
            g.preflight(engine, "a1", java.util.Optional.empty(), now).findings().rule(),
            "every replica sees the freeze one of them set");
      }
    } finally {
      pool.shutdownNow();
      states.forEach(GovernanceState::close);
    }
  }
}

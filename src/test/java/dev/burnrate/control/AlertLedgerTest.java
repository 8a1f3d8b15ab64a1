package dev.burnrate.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.burnrate.budget.AlertAction;
import dev.burnrate.budget.Budget;
import dev.burnrate.budget.BudgetStatus;
import dev.burnrate.budget.Scope;
import dev.burnrate.wire.Wire;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The alert ledger on its own: each (scope, threshold, month) once, whoever asks and how often. */
class AlertLedgerTest {
  @TempDir Path data;

  @Test
  void raisesEachThresholdOnceUnder16ConcurrentCallers() throws Exception {
    Budget budget = Months.budget("1000", Map.of("a", new BigDecimal("1000")));
    BudgetStatus status = Months.status(budget, "a", "1000"); // 100 %: every threshold, both scopes
    ExecutorService pool = Executors.newFixedThreadPool(16);
    CountDownLatch start = new CountDownLatch(1);
    List<Future<List<Alert>>> calls = new ArrayList<>();
    try {
      for (int i = 0; i < 16; i++) {
        // Each caller has its own ledger, as separate servers sharing a data directory would.
        Governance g = Governance.over(budget, data);
        Callable<List<Alert>> call =
            () -> {
              start.await();
              return g.evaluateAlerts(status);
            };
        calls.add(pool.submit(call));
      }
      start.countDown();
      List<String> raised = new ArrayList<>();
      for (Future<List<Alert>> f : calls) {
        f.get().forEach(a -> raised.add(a.id()));
      }
      assertEquals(6, raised.size(), "3 thresholds x (fleet, agent a), each once: " + raised);
      assertEquals(6, raised.stream().distinct().count(), raised.toString());
    } finally {
      pool.shutdownNow();
    }
    try (Stream<Path> files = Files.list(data.resolve("cost/alerts"))) {
      assertEquals(6, files.filter(p -> p.toString().endsWith(".json")).count());
    }
    assertTrue(Files.exists(data.resolve("state/freeze-2026-03.json")), "100 % freezes the month");
    assertEquals(List.of(), Governance.over(budget, data).evaluateAlerts(status), "nothing twice");
  }

  @Test
  void belowEveryThresholdNothingIsRaisedAndAtOneOnlyThatOne() throws Exception {
    Budget budget = Months.budget("1000", Map.of());
    Governance g = Governance.over(budget, data);
    assertEquals(List.of(), g.evaluateAlerts(Months.status(budget, "a", "799.99")));
    List<Alert> raised = g.evaluateAlerts(Months.status(budget, "a", "800"));
    assertEquals(1, raised.size(), raised.toString());
    Alert a = raised.get(0);
    assertEquals(Scope.TOTAL, a.scope());
    assertEquals(AlertAction.NOTIFY, a.action());
    assertEquals(
        "burnrate: the fleet is at 80.0 % of its 2026-03 ceiling ($800.00 of $1000.00): notify.",
        a.text());
    assertEquals(
        Wire.pretty(a) + "\n", Files.readString(data.resolve("cost/alerts/" + a.id() + ".json")));
  }

  @Test
  void theFreezeFileIsTheAlertWithoutItsTextAndWhatLiftsIt() throws Exception {
    Budget budget = Months.budget("1000", Map.of());
    Governance.over(budget, data).evaluateAlerts(Months.status(budget, "a", "1000"));
    String freeze = Files.readString(data.resolve("state/freeze-2026-03.json"));
    assertEquals(
        "{\n"
            + "  \"id\" : \"20260320T120000Z-total-100\",\n"
            + "  \"month\" : \"2026-03\",\n"
            + "  \"scope\" : \"total\",\n"
            + "  \"name\" : \"total\",\n"
            + "  \"threshold_pct\" : 100,\n"
            + "  \"action\" : \"freeze-and-escalate\",\n"
            + "  \"pct\" : 100.0,\n"
            + "  \"mtd_usd\" : 1000.00,\n"
            + "  \"ceiling_usd\" : 1000.00,\n"
            + "  \"projected_month_end_usd\" : 1000.00,\n"
            + "  \"raised_at\" : \"2026-03-20T12:00:00Z\",\n"
            + "  \"lifted_by\" : \"an override in cost/overrides/<agent>.yaml, or the next month\"\n"
            + "}\n",
        freeze);
  }
}

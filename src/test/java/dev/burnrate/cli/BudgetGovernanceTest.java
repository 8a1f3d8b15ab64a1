package dev.burnrate.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.burnrate.budget.PreflightDecision;
import dev.burnrate.config.Config;
import dev.burnrate.config.ConfigLoader;
import dev.burnrate.control.Governance;
import dev.burnrate.control.Notifier;
import dev.burnrate.engine.CostEngine;
import dev.burnrate.engine.EventIndex;
import dev.burnrate.engine.Pricer;
import dev.burnrate.store.JsonlEventLog;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Budgets, the preflight gate, overrides, freezes, alerts and the daily run, driven through the
 * command line on hand-made months of spend (every event carries its exact cost_usd).
 */
class BudgetGovernanceTest {
  static final String NOW = "2026-03-20T12:00:00Z";
  static final ObjectMapper JSON =
      com.fasterxml.jackson.databind.json.JsonMapper.builder()
          .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
          .disable(
              com.fasterxml.jackson.databind.cfg.JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
          .build();
  static final String ALERTS =
      String.join(
          "\n",
          "alerts:",
          "  - {at_percent: 80, action: notify}",
          "  - {at_percent: 95, action: veto-new-deploys}",
          "  - {at_percent: 100, action: freeze-and-escalate}",
          "");

  @TempDir Path root;
  Path config;
  Path audit;
  Path data;

  @BeforeEach
  void dirs() throws IOException {
    config = Files.createDirectories(root.resolve("config"));
    audit = Files.createDirectories(root.resolve("audit"));
    data = root.resolve("data");
  }

  void budget(String yaml) throws IOException {
    Files.writeString(config.resolve("budget.yaml"), yaml);
  }

  /** One event of {@code agent} at {@code ts} costing exactly {@code usd} (null: unpriced). */
  void spend(String ts, String agent, String usd) throws IOException {
    Path file =
        audit.resolve("tool_audit_" + Instant.parse(ts).toString().substring(0, 10) + ".jsonl");
    String line =
        "{\"ts\":\""
            + ts
            + "\",\"tool\":\"llm_chat\",\"agent_id\":\""
            + agent
            + "\",\"status\":\"pass\",\"duration_ms\":1000"
            + (usd == null ? "" : ",\"cost_usd\":" + usd)
            + "}\n";
    Files.writeString(
        file, line, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
  }

  Fixture.Result cli(String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    all.addAll(
        List.of(
            "--config",
            config.toString(),
            "--data",
            data.toString(),
            "--audit-dir",
            audit.toString()));
    if (!all.contains("--now")) {
      all.addAll(List.of("--now", NOW));
    }
    return Fixture.runRaw(all.toArray(new String[0]));
  }

  JsonNode json(Fixture.Result r) throws IOException {
    return JSON.readTree(r.out());
  }

  /** Total ceiling $50,000 and $47,500 spent in March before the 20th. */
  void referenceMonth() throws IOException {
    budget("monthly_ceiling_usd:\n  total: 50000\n" + ALERTS);
    spend("2026-02-27T10:00:00Z", "release-2", "900000"); // February: not this month's
    spend("2026-03-05T10:00:00Z", "release-2", "20000");
    spend("2026-03-12T10:00:00Z", "release-2", "20000");
    spend("2026-03-15T10:00:00Z", "ingest-1", "7500");
  }

  @Test
  void theReferenceCaseIsVetoedBecauseTheProjectedCeilingIsExceeded() throws Exception {
    referenceMonth();
    Fixture.Result r = cli("preflight", "release-2:2.0.1", "--estimate", "2800");
    assertEquals(1, r.exit(), r.out() + r.err());
    JsonNode d = json(r);
    assertEquals("veto", d.get("decision").asText());
    assertEquals("projected monthly ceiling exceeded", d.get("reason").asText());
    assertEquals(0, new BigDecimal("47500.00").compareTo(d.get("mtd_usd").decimalValue()));
    assertEquals("95.0", d.get("mtd_pct").decimalValue().toPlainString());
    assertEquals(0, new BigDecimal("50300.00").compareTo(d.get("projected_usd").decimalValue()));
    assertEquals("100.6", d.get("projected_pct").decimalValue().toPlainString());
    // The whole answer is the golden case preflight/reference-veto.
    Path state = data.resolve("state/preflight-release-2_2.0.1.json");
    assertEquals(d, JSON.readTree(state.toFile()), "the decision is recorded as answered");

    Fixture.Result lines =
        cli("preflight", "release-2:2.0.1", "--estimate", "2800", "--format", "table");
    assertEquals(1, lines.exit());
    assertTrue(
        lines.out().contains(NOW + " decision  VETO: projected monthly ceiling exceeded"),
        lines.out());
    assertTrue(
        lines.out().contains(NOW + " current   MTD $47500.00 of $50000.00 (95.0 %)"), lines.out());
    assertTrue(lines.out().contains("cost/overrides/release-2.yaml"), lines.out());
  }

  @Test
  void agentsAtTheirThresholdsGetTheirLevels() throws Exception {
    budget("monthly_ceiling_usd:\n  per_agent: {alpha: 1000, beta: 1000, gamma: 1000}\n" + ALERTS);
    spend("2026-03-10T10:00:00Z", "alpha", "804");
    spend("2026-03-10T10:00:00Z", "beta", "842");
    spend("2026-03-10T10:00:00Z", "gamma", "650");
    spend("2026-03-18T10:00:00Z", "delta", "12.5"); // no ceiling
    spend("2026-03-19T10:00:00Z", "delta", null); // unpriced
    Fixture.Result r = cli("budget");
    assertEquals(0, r.exit(), r.err());
    JsonNode b = json(r);
    List<String> seen = new ArrayList<>();
    b.get("agents")
        .forEach(
            a ->
                seen.add(
                    a.get("agent").asText()
                        + " "
                        + a.get("pct").asText()
                        + " "
                        + a.get("level").asText()));
    assertEquals(
        List.of("alpha 80.4 notify", "beta 84.2 notify", "delta null ok", "gamma 65.0 ok"), seen);
    JsonNode delta = b.at("/agents/2");
    assertTrue(delta.get("ceiling_usd").isNull());
    assertEquals(
        1, delta.get("unpriced_calls").asInt(), "unpriced usage is shown apart, never as $0");
    assertEquals(1, b.at("/total/unpriced_calls").asInt());
    // The whole answer is the golden case budget/levels.
  }

  @Test
  void anOverrideLiftsAVetoAndAnExpiredOrMalformedOneDoesNot() throws Exception {
    referenceMonth();
    Path overrides = Files.createDirectories(data.resolve("cost/overrides"));
    Files.writeString(
        overrides.resolve("release-2.yaml"),
        "agent: release-2\nreason: hotfix for incident 4411\napprover: dana@example.com\nexpires_at: 2026-03-21T00:00:00Z\n");
    Fixture.Result r = cli("preflight", "release-2", "--estimate", "2800");
    assertEquals(0, r.exit(), r.out());
    JsonNode d = json(r);
    assertEquals("pass", d.get("decision").asText());
    assertTrue(d.at("/override/applied").asBoolean());
    assertEquals("dana@example.com", d.at("/override/approver").asText());
    assertTrue(
        d.get("reason").asText().contains("projected monthly ceiling exceeded"), d.toString());

    Files.writeString(
        overrides.resolve("release-2.yaml"),
        "agent: release-2\nreason: hotfix\napprover: dana@example.com\nexpires_at: 2026-03-19T00:00:00Z\n");
    d = json(cli("preflight", "release-2", "--estimate", "2800"));
    assertEquals("veto", d.get("decision").asText());
    assertFalse(d.at("/override/applied").asBoolean());
    assertTrue(d.get("warnings").toString().contains("expired"), d.toString());

    Files.writeString(overrides.resolve("release-2.yaml"), "reason: [not, text\n");
    d = json(cli("preflight", "release-2", "--estimate", "2800"));
    assertEquals("veto", d.get("decision").asText());
    assertTrue(d.get("warnings").toString().contains("ignored"), d.toString());

    Files.writeString(
        overrides.resolve("release-2.yaml"), "agent: release-2\nreason: hotfix\napprover: dana\n");
    d = json(cli("preflight", "release-2", "--estimate", "2800"));
    assertEquals("veto", d.get("decision").asText());
    assertTrue(d.get("warnings").toString().contains("expires_at is missing"), d.toString());
  }

  @Test
  void aFreezeVetoesEveryDeployUntilAnOverride() throws Exception {
    budget("monthly_ceiling_usd:\n  total: 50000\n  per_agent: {small: 100}\n" + ALERTS);
    spend("2026-03-05T10:00:00Z", "big", "50001");
    Fixture.Result frozen = cli("preflight", "small", "--estimate", "0");
    assertEquals(1, frozen.exit(), frozen.out() + frozen.err());
    JsonNode d = json(frozen);
    assertEquals("veto", d.get("decision").asText());
    assertEquals("freeze", d.get("rule").asText(), d.toString());
    assertTrue(Files.exists(data.resolve("state/freeze-2026-03.json")));
    try (Stream<Path> alerts = Files.list(data.resolve("cost/alerts"))) {
      assertEquals(
          3,
          alerts.filter(p -> p.toString().endsWith(".json")).count(),
          "notify, veto and freeze for the total, once each");
    }
    Files.createDirectories(data.resolve("cost/overrides"));
    Files.writeString(
        data.resolve("cost/overrides/small.yaml"),
        "agent: small\nreason: security patch\napprover: ops lead\nexpires_at: 2026-03-20T18:00:00Z\n");
    d = json(cli("preflight", "small", "--estimate", "0"));
    assertEquals("pass", d.get("decision").asText(), d.toString());
    Fixture.Result april =
        cli("preflight", "small", "--estimate", "0", "--now", "2026-04-02T09:00:00Z");
    assertEquals(0, april.exit(), april.out() + april.err());
    d = json(april);
    assertEquals(
        "pass", d.get("decision").asText(), "a new month has no freeze and no spend: " + d);
  }

  @Test
  void theFirstHourOfAMonthInANonUtcZoneBelongsToThatZonesMonth() throws Exception {
    budget("timezone: America/New_York\nmonthly_ceiling_usd:\n  total: 1000\n" + ALERTS);
    spend("2026-03-01T03:00:00Z", "a", "100"); // 22:00 on Feb 28 in New York
    spend("2026-03-01T05:30:00Z", "a", "7"); // 00:30 on Mar 1 in New York
    JsonNode b = json(cli("budget", "--now", "2026-03-01T05:45:00Z"));
    assertEquals("2026-03", b.get("month").asText());
    assertEquals(
        0, new BigDecimal("7.00").compareTo(b.at("/total/mtd_usd").decimalValue()), b.toString());
    assertEquals(0, new BigDecimal("7.00").compareTo(b.at("/total/today_usd").decimalValue()));
    b = json(cli("budget", "--now", "2026-03-01T04:00:00Z"));
    assertEquals("2026-02", b.get("month").asText(), "23:00 on Feb 28 in New York");
    assertEquals(
        0, new BigDecimal("100.00").compareTo(b.at("/total/mtd_usd").decimalValue()), b.toString());
  }

  @Test
  void projectionsAndTheExhaustionDateFollowTheSevenDayBurn() throws Exception {
    budget("monthly_ceiling_usd:\n  total: 1000\n" + ALERTS);
    for (int day = 13; day <= 19; day++) {
      spend("2026-03-" + day + "T10:00:00Z", "a", "40");
    }
    spend("2026-03-20T10:00:00Z", "a", "10");
    JsonNode t = json(cli("budget")).get("total");
    assertEquals(0, new BigDecimal("290.00").compareTo(t.get("mtd_usd").decimalValue()));
    assertEquals(0, new BigDecimal("40.00").compareTo(t.get("daily_burn_usd").decimalValue()));
    // 11.5 days left at $40 a day: 290 + 460 = 750
    assertEquals(
        0,
        new BigDecimal("750.00").compareTo(t.get("projected_month_end_usd").decimalValue()),
        t.toString());
    assertTrue(t.get("exhaustion_date").isNull(), "750 stays under 1000: " + t);

    spend("2026-03-20T11:00:00Z", "a", "400");
    t = json(cli("budget")).get("total");
    // 690 spent; 310 left at $40 a day is 7.75 days after noon on the 20th: the 28th
    assertEquals("2026-03-28", t.get("exhaustion_date").asText(), t.toString());
  }

  @Test
  void twoPreflightsAtOnceAgreeAndRaiseEachAlertOnce() throws Exception {
    referenceMonth();
    Config cfg = ConfigLoader.load(config);
    EventIndex index = new EventIndex(cfg.costWeights(), Pricer.NONE);
    try (JsonlEventLog log = JsonlEventLog.open(audit, data.resolve("index"), index)) {
      CostEngine engine = new CostEngine(log.index());
      Instant now = Instant.parse(NOW);
      List<Governance> gates = new ArrayList<>();
      for (int i = 0; i < 2; i++) { // two servers' worth of gate, sharing one data directory
        gates.add(Governance.over(cfg.budget(), data));
      }
      ExecutorService pool = Executors.newFixedThreadPool(8);
      List<Future<PreflightDecision>> results = new ArrayList<>();
      for (int i = 0; i < 16; i++) {
        Governance g = gates.get(i % 2);
        results.add(
            pool.submit(
                () -> g.preflight(engine, "release-2", Optional.of(new BigDecimal("2800")), now)));
      }
      for (Future<PreflightDecision> f : results) {
        assertEquals("veto", f.get().decision());
      }
      pool.shutdown();
    }
    try (Stream<Path> alerts = Files.list(data.resolve("cost/alerts"))) {
      assertEquals(
          2,
          alerts.filter(p -> p.toString().endsWith(".json")).count(),
          "notify at 80 % and veto at 95 %, each once");
    }
    JsonNode state = JSON.readTree(data.resolve("state/preflight-release-2.json").toFile());
    assertEquals("veto", state.get("decision").asText());
  }

  @Test
  void theDailyRunWritesItsFilesRaisesAlertsOnceAndPostsToAWebhook() throws Exception {
    List<String> received = new CopyOnWriteArrayList<>();
    HttpServer receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    receiver.createContext(
        "/hook",
        ex -> {
          received.add(new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
          ex.sendResponseHeaders(204, -1);
          ex.close();
        });
    receiver.start();
    try {
      budget(
          "monthly_ceiling_usd:\n  total: 1000\n  per_agent: {a: 500}\n"
              + ALERTS
              + "notifications:\n  webhooks:\n    - {name: ops, url: 'http://127.0.0.1:"
              + receiver.getAddress().getPort()
              + "/hook'}\n  retries: 2\n  backoff_ms: 20\n");
      spend("2026-03-18T10:00:00Z", "a", "300");
      spend("2026-03-19T10:00:00Z", "a", "120");
      spend("2026-03-19T11:00:00Z", "b", "30");
      Fixture.Result r = cli("daily", "--date", "2026-03-19", "--format", "table");
      assertEquals(0, r.exit(), r.err());
      assertTrue(
          r.out().lines().anyMatch(l -> l.matches("a +420\\.00 +500\\.00 +84\\.0 +0\\.0% +notify")),
          r.out());
      assertTrue(r.out().contains("new deploys: ALLOWED"), r.out());
      JsonNode daily = JSON.readTree(data.resolve("cost/daily-2026-03-19.json").toFile());
      assertEquals("a", daily.at("/0/agent").asText());
      assertEquals(0, new BigDecimal("120.00").compareTo(daily.at("/0/daily_usd").decimalValue()));
      assertEquals(0, new BigDecimal("420.00").compareTo(daily.at("/0/mtd_usd").decimalValue()));
      assertTrue(daily.at("/0").has("projected_monthly_usd"));
      assertTrue(Files.exists(data.resolve("cost/current-month.json")));
      assertEquals(1, received.size(), "one notify alert (agent a at 84 %): " + received);
      JsonNode posted = JSON.readTree(received.get(0));
      assertTrue(posted.get("text").asText().contains("agent a is at 84.0 %"), posted.toString());
      assertEquals("agent", posted.get("scope").asText());
      assertEquals("80", posted.get("threshold_pct").asText());

      byte[] before = Files.readAllBytes(data.resolve("cost/daily-2026-03-19.json"));
      Fixture.Result again = cli("daily", "--date", "2026-03-19");
      assertEquals(0, again.exit(), again.err());
      assertEquals(0, json(again).get("alerts_raised").size(), "nothing is raised twice");
      assertEquals(
          new String(before), Files.readString(data.resolve("cost/daily-2026-03-19.json")));
      assertEquals(1, received.size());
      List<String> log = Files.readAllLines(data.resolve("cost/alerts/deliveries.jsonl"));
      assertEquals(1, log.size());
      assertTrue(log.get(0).contains("\"outcome\":\"delivered\""), log.toString());
    } finally {
      receiver.stop(0);
    }
  }

  /**
   * The daily table says, per agent and for the fleet, what share of the month's cost units its
   * dollars leave out; an agent seen only in February has no line at all.
   */
  @Test
  void theDailyTableShowsEachLinesUnpricedShareOfCostUnits() throws Exception {
    budget("monthly_ceiling_usd:\n  total: 1000\n" + ALERTS);
    spend("2026-03-18T10:00:00Z", "a", "300");
    spend("2026-03-18T11:00:00Z", "a", null);
    spend("2026-03-18T12:00:00Z", "b", "30");
    spend("2026-03-18T12:00:00Z", "b", "30");
    spend("2026-02-28T12:00:00Z", "c", null);
    Fixture.Result r = cli("daily", "--date", "2026-03-19", "--format", "table");
    assertEquals(0, r.exit(), r.err());
    List<String> lines = r.out().lines().toList();
    assertTrue(lines.get(1).endsWith("unpriced units  alert"), r.out());
    assertTrue(lines.stream().anyMatch(l -> l.matches("a +300\\.00 +- +- +50\\.0% +ok")), r.out());
    assertTrue(lines.stream().anyMatch(l -> l.matches("b +60\\.00 +- +- +0\\.0% +ok")), r.out());
    assertTrue(
        lines.stream().anyMatch(l -> l.matches("TOTAL +360\\.00 +1000\\.00 +36\\.0 +25\\.0% +ok")),
        r.out());
    assertTrue(lines.stream().noneMatch(l -> l.startsWith("c ")), r.out());
    JsonNode daily = JSON.readTree(data.resolve("cost/daily-2026-03-19.json").toFile());
    assertEquals(new BigDecimal("0.5000"), daily.at("/0/unpriced_cost_units_share").decimalValue());
  }

  @Test
  void aFailingReceiverIsRetriedThenLoggedAndNothingFails() throws Exception {
    List<Instant> attempts = Collections.synchronizedList(new ArrayList<>());
    HttpServer receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    receiver.createContext(
        "/hook",
        ex -> {
          attempts.add(Instant.now());
          ex.getRequestBody().readAllBytes();
          ex.sendResponseHeaders(500, -1);
          ex.close();
        });
    receiver.start();
    try {
      budget(
          "monthly_ceiling_usd:\n  total: 100\n"
              + ALERTS
              + "notifications:\n  webhooks:\n    - {name: broken, url: 'http://127.0.0.1:"
              + receiver.getAddress().getPort()
              + "/hook'}\n  retries: 2\n  backoff_ms: 20\n");
      spend("2026-03-19T10:00:00Z", "a", "85");
      Fixture.Result r = cli("daily", "--date", "2026-03-19");
      assertEquals(0, r.exit(), r.err());
      assertEquals(3, attempts.size(), "one try and two retries");
      List<String> log = Files.readAllLines(data.resolve("cost/alerts/deliveries.jsonl"));
      assertEquals(3, log.size(), log.toString());
      assertTrue(
          log.get(0).contains("\"outcome\":\"retrying\"")
              && log.get(0).contains("\"http_status\":500"),
          log.get(0));
      assertTrue(log.get(2).contains("\"outcome\":\"gave_up\""), log.get(2));
    } finally {
      receiver.stop(0);
    }
  }

  @Test
  void aDeadReceiverDoesNotHoldUpTheGate() throws Exception {
    budget(
        "monthly_ceiling_usd:\n  total: 100\n"
            + ALERTS
            + "notifications:\n  webhooks:\n    - {name: dead, url: 'http://127.0.0.1:9/hook'}\n"
            + "  retries: 3\n  backoff_ms: 300\n");
    spend("2026-03-19T10:00:00Z", "a", "85");
    Config cfg = ConfigLoader.load(config);
    EventIndex index = new EventIndex(cfg.costWeights(), Pricer.NONE);
    try (JsonlEventLog log = JsonlEventLog.open(audit, data.resolve("index"), index)) {
      Governance g = Governance.over(cfg.budget(), data);
      Notifier notifier = g.notifier();
      long start = System.nanoTime();
      PreflightDecision d =
          g.preflight(
              new CostEngine(log.index()), "a", Optional.of(BigDecimal.ONE), Instant.parse(NOW));
      long ms = (System.nanoTime() - start) / 1_000_000;
      assertEquals("pass", d.decision(), d.toString());
      assertTrue(
          ms < 1_000,
          "the answer does not wait for 4 attempts 0.3, 0.6 and 1.2 s apart: " + ms + " ms");
      assertTrue(notifier.awaitIdle(java.time.Duration.ofSeconds(10)));
      List<String> attempts = Files.readAllLines(data.resolve("cost/alerts/deliveries.jsonl"));
      assertEquals(4, attempts.size(), attempts.toString());
      assertTrue(
          attempts.get(3).contains("gave_up") && attempts.get(3).contains("ConnectException"),
          attempts.get(3));
    }
  }

  @Test
  void badTargetsAndDatesAreUsageErrors() throws Exception {
    budget("monthly_ceiling_usd:\n  total: 100\n" + ALERTS);
    Fixture.Result r = cli("preflight", "../etc/passwd");
    assertEquals(2, r.exit());
    assertTrue(r.err().contains("is not an agent or agent:version"), r.err());
    r = cli("preflight", "a", "--estimate", "-5");
    assertEquals(2, r.exit());
    assertTrue(r.err().contains("negative"), r.err());
    r = cli("daily", "--date", "2026-03-20");
    assertEquals(2, r.exit());
    assertTrue(r.err().contains("has not ended yet"), r.err());
    r = cli("daily", "--date", "yesterday");
    assertEquals(2, r.exit());
    assertTrue(r.err().contains("is not a date"), r.err());
  }
}

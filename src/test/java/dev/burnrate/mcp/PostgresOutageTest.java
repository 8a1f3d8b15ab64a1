package dev.burnrate.mcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.burnrate.config.Config;
import dev.burnrate.config.ConfigLoader;
import dev.burnrate.engine.EventIndex;
import dev.burnrate.engine.Pricer;
import dev.burnrate.mcp.tools.CostToolSet;
import dev.burnrate.mcp.tools.ToolContext;
import dev.burnrate.pricing.PriceCatalog;
import dev.burnrate.store.postgres.Database;
import dev.burnrate.store.postgres.PgCluster;
import dev.burnrate.store.postgres.PgSettings;
import dev.burnrate.store.postgres.PostgresEventLog;
import dev.burnrate.store.postgres.StoreUnavailableException;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import io.modelcontextprotocol.spec.McpSchema.TextContent;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The PostgreSQL store going away under a serving process, with a real cluster stopped and started:
 * writes say so and can be retried, reads keep answering from the index, and the process reconnects
 * and follows new rows by itself once the database is back.
 */
class PostgresOutageTest {
  private static final Instant NOW = Instant.parse("2026-02-23T12:00:00Z");
  private static final dev.burnrate.config.Rbac WRITER =
      new dev.burnrate.config.Rbac(
          Map.of(),
          Map.of("writer", java.util.Set.of("tools.cost.read", "tools.cost.write")),
          Map.of("ingester", java.util.Set.of("writer")),
          java.util.Optional.empty());
  @TempDir Path dir;

  private static String text(CallToolResult r) {
    return ((TextContent) r.content().get(0)).text();
  }

  private static Map<String, Object> usage(String reqId) {
    return Map.of(
        "events",
        List.of(
            Map.of(
                "ts",
                "2026-02-23T11:00:00Z",
                "req_id",
                reqId,
                "agent_id",
                "a1",
                "tool",
                "web_search",
                "status",
                "pass",
                "duration_ms",
                10)));
  }

  private static String report(ToolGateway g) {
    return text(
        g.call("get_cost_report", Map.of("time_range", Map.of("from", "2026-02-23T00:00:00Z"))));
  }

  private static long calls(ToolGateway g) throws Exception {
    CallToolResult r =
        g.call("get_cost_report", Map.of("time_range", Map.of("from", "2026-02-23T00:00:00Z")));
    assertFalse(Boolean.TRUE.equals(r.isError()), text(r));
    JsonNode n = Json.MAPPER.readTree(text(r));
    return n.get("totals").get("calls").asLong();
  }

  @Test
  void recordUsageIsARetryableErrorWhileTheDatabaseIsDownAndWorksAgainWhenItIsBack()
      throws Exception {
    try (PgCluster cluster = PgCluster.start()) {
      PgSettings settings =
          new PgSettings(cluster.createDatabase(), PgCluster.USER, null, 2, "burnrate");
      try (Database db = Database.connect(settings)) {
        db.migrate();
      }
      Config config = ConfigLoader.load(Path.of("src/test/resources/engine-fixture/config"));
      Served served = served(config, settings, WRITER, "ingester", dir.resolve("data"));
      PostgresEventLog log = served.log();
      ToolContext ctx = served.ctx();
      ServerSpec spec = served.spec();
      try (ToolGateway g = new ToolGateway(spec, new LazySchemaValidator())) {
        CallToolResult ok = g.call("record_usage", usage("before"));
        assertFalse(report(g).contains("stale_since"), "fresh answers say nothing");
        assertFalse(Boolean.TRUE.equals(ok.isError()), text(ok));
        assertEquals(1, calls(g));

        cluster.stop();
        CallToolResult down = g.call("record_usage", usage("during"));
        assertTrue(Boolean.TRUE.equals(down.isError()), text(down));
        assertTrue(text(down).contains("nothing was recorded, retry later"), text(down));
        assertFalse(text(down).contains("failed unexpectedly"), text(down));
        long t0 = System.nanoTime();
        assertEquals(1, calls(g), "reads answer from the index while the database is away");
        String stale = report(g);
        assertTrue(stale.contains("\"stale_since\""), "and say since when: " + stale);
        assertEquals(1, calls(g));
        assertTrue(
            (System.nanoTime() - t0) / 1_000_000 < 5_000, "reads are not held up by the outage");

        cluster.restart();
        CallToolResult again = null;
        long until = System.nanoTime() + 20_000_000_000L;
        while (System.nanoTime() < until) {
          again = g.call("record_usage", usage("during"));
          if (!Boolean.TRUE.equals(again.isError())) {
            break;
          }
          Thread.sleep(200);
        }
        assertFalse(Boolean.TRUE.equals(again.isError()), "reconnected by itself: " + text(again));
        assertEquals(1, Json.MAPPER.readTree(text(again)).get("accepted").asInt());
        assertFalse(report(g).contains("stale_since"), "fresh again once it is back");

        // Another replica's write reaches this one's answers within a second again.
        try (PostgresEventLog other =
            PostgresEventLog.open(
                Database.connect(settings), new EventIndex(config.costWeights(), Pricer.NONE))) {
          other.append(
              List.of(
                  dev.burnrate.usage.TestEvents.event(
                      (NOW.getEpochSecond() - 60) * 1_000_000L,
                      "elsewhere",
                      "a2",
                      "web_search",
                      dev.burnrate.usage.Status.PASS,
                      5,
                      0,
                      0,
                      null)));
          long seen = System.nanoTime();
          while (calls(g) < 3 && System.nanoTime() - seen < 2_000_000_000L) {
            Thread.sleep(20);
          }
          assertEquals(3, calls(g));
          assertTrue((System.nanoTime() - seen) / 1_000_000 < 1_000);
        }
      } finally {
        log.close();
      }
    }
  }

  @Test
  void appendWhileTheDatabaseIsDownThrowsStoreUnavailable() throws Exception {
    try (PgCluster cluster = PgCluster.start()) {
      PgSettings settings =
          new PgSettings(cluster.createDatabase(), PgCluster.USER, null, 2, "burnrate");
      try (Database db = Database.connect(settings)) {
        db.migrate();
      }
      try (PostgresEventLog log =
          PostgresEventLog.open(
              Database.connect(settings),
              new EventIndex(dev.burnrate.usage.CostWeights.BUILT_IN, Pricer.NONE))) {
        cluster.stop();
        StoreUnavailableException e =
            org.junit.jupiter.api.Assertions.assertThrows(
                StoreUnavailableException.class,
                () ->
                    log.append(
                        List.of(
                            new dev.burnrate.usage.UsageEvent(
                                NOW.getEpochSecond() * 1_000_000L,
                                "x",
                                null,
                                null,
                                "a",
                                "t",
                                null,
                                dev.burnrate.usage.Status.PASS,
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
                                null))));
        assertTrue(
            e.getMessage().startsWith("appending 1 event(s); nothing was recorded, retry later"),
            e.getMessage());
        org.junit.jupiter.api.Assertions.assertThrows(
            StoreUnavailableException.class, log::refresh);
        log.refreshIfOlderThan(0); // the serving path: never throws, logs once
      }
    }
  }

  private static final dev.burnrate.config.Rbac SPENDER =
      new dev.burnrate.config.Rbac(
          Map.of(),
          Map.of("spender", java.util.Set.of("tools.cost.read", "tools.cost.reserve")),
          Map.of("agent", java.util.Set.of("spender")),
          java.util.Optional.empty());

  private static Map<String, Object> reserve(String reqId, int usd) {
    return Map.of("agent_id", "a1", "estimated_usd", usd, "req_id", reqId);
  }

  @Test
  void reserveSpendIsNeverGrantedWhileTheLedgerIsDownAndCountsRightOnceItIsBack() throws Exception {
    try (PgCluster cluster = PgCluster.start()) {
      PgSettings settings =
          new PgSettings(cluster.createDatabase(), PgCluster.USER, null, 2, "burnrate");
      try (Database db = Database.connect(settings)) {
        db.migrate();
      }
      Config fixture = ConfigLoader.load(Path.of("src/test/resources/engine-fixture/config"));
      dev.burnrate.budget.Budget hundred =
          new dev.burnrate.budget.Budget(
              dev.burnrate.budget.Budget.EMPTY.timezone(),
              java.util.Optional.of(java.math.BigDecimal.valueOf(100)),
              Map.of(),
              List.of(),
              Map.of(),
              Map.of(),
              dev.burnrate.budget.Budget.EMPTY.downgrade(),
              dev.burnrate.budget.Budget.EMPTY.notifications(),
              dev.burnrate.budget.Budget.EMPTY.costSources());
      Config config =
          new Config(
              fixture.costWeights(),
              hundred,
              SPENDER,
              fixture.limits(),
              fixture.priceOverrides(),
              fixture.dir(),
              dev.burnrate.reserve.ReservePolicy.DEFAULT,
              new dev.burnrate.config.StoreConfig.Postgres(
                  settings.url(), PgCluster.USER, null, 2, "burnrate", false),
              java.util.Optional.empty(),
              List.of());
      Served served = served(config, settings, SPENDER, "agent", dir.resolve("data"));
      PostgresEventLog log = served.log();
      ToolContext ctx = served.ctx();
      ServerSpec spec = served.spec();
      try (ToolGateway g = new ToolGateway(spec, new LazySchemaValidator())) {
        CallToolResult first = g.call("reserve_spend", reserve("r1", 60));
        assertEquals("granted", Json.MAPPER.readTree(text(first)).get("decision").asText());
        try (java.sql.Connection c =
                java.sql.DriverManager.getConnection(settings.url(), PgCluster.USER, "");
            java.sql.ResultSet r =
                c.createStatement()
                    .executeQuery("SELECT count(*) FROM burnrate.reservation_ledger")) {
          r.next();
          assertEquals(1, r.getInt(1), "store.yml says postgres: the reservation is a row there");
        }
        assertFalse(
            java.nio.file.Files.exists(dir.resolve("data/reservations/ledger.jsonl")),
            "and not a line in the data directory");

        cluster.stop();
        CallToolResult down = g.call("reserve_spend", reserve("r2", 30));
        assertTrue(Boolean.TRUE.equals(down.isError()), text(down));
        // The store's own line: "cannot reach", or "shutting down" from a pooled connection.
        assertTrue(
            text(down).contains("could not write the reservation ledger (the reservation ledger: ")
                && text(down).contains("PostgreSQL at " + settings.url()),
            text(down));
        assertTrue(text(down).contains("nothing was granted"), text(down));

        cluster.restart();
        CallToolResult again = null;
        long until = System.nanoTime() + 20_000_000_000L;
        while (System.nanoTime() < until) {
          again = g.call("reserve_spend", reserve("r2", 30));
          if (!Boolean.TRUE.equals(again.isError())) {
            break;
          }
          Thread.sleep(200);
        }
        assertEquals(
            "granted", Json.MAPPER.readTree(text(again)).get("decision").asText(), text(again));
        JsonNode over = Json.MAPPER.readTree(text(g.call("reserve_spend", reserve("r3", 11))));
        assertEquals("denied", over.get("decision").asText(), "$60 + $30 held, $10 left: " + over);
      } finally {
        ctx.spendGate().close();
        log.close();
      }
    }
  }

  /** The store, tool context and server of one test: a gateway over PostgreSQL as {@code who}. */
  private record Served(PostgresEventLog log, ToolContext ctx, ServerSpec spec) {}

  private static Served served(
      Config config, PgSettings settings, dev.burnrate.config.Rbac rbac, String who, Path data)
      throws Exception {
    PostgresEventLog log =
        PostgresEventLog.open(
            Database.connect(settings), new EventIndex(config.costWeights(), Pricer.NONE));
    MutableClock clock = new MutableClock(NOW);
    ToolContext ctx =
        new ToolContext(
            CompletableFuture.completedFuture(log),
            clock,
            () -> {},
            config,
            data,
            PriceCatalog::bundled);
    ServerSpec spec =
        ServerSpec.builder("t", "1")
            .tools(CostToolSet.all(ctx))
            .rbac(rbac, Principals.resolve(rbac, who, null))
            .limits(ToyTools.limits())
            .audit(e -> {})
            .clock(clock)
            .staleSince(log::unavailableSince)
            .build();
    return new Served(log, ctx, spec);
  }
}

package dev.burnrate.mcp.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.burnrate.config.Config;
import dev.burnrate.config.ConfigLoader;
import dev.burnrate.config.StoreConfig;
import dev.burnrate.engine.EventIndex;
import dev.burnrate.engine.Pricer;
import dev.burnrate.mcp.ToolCall;
import dev.burnrate.pricing.PriceCatalog;
import dev.burnrate.store.postgres.Database;
import dev.burnrate.store.postgres.PgCluster;
import dev.burnrate.store.postgres.PgSettings;
import dev.burnrate.store.postgres.PostgresEventLog;
import dev.burnrate.wire.Wire;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The gate while a real PostgreSQL store is stopped: it cannot know the spend recorded since, so
 * preflight_deploy vetoes with the rule store-unavailable, unless store.yml says to fail open, in
 * which case it passes on the last figures with a warning; once the database is back it decides on
 * the figures again.
 */
class PreflightStoreOutageTest {
  static final Instant NOW = Instant.parse("2026-02-23T12:00:00Z");
  static final Map<String, Object> DEPLOY =
      Map.of("target", "release-2", "estimated_cost_usd", new BigDecimal("5"));
  @TempDir Path dir;

  private ToolContext context(Config config, PostgresEventLog log, String data) {
    return new ToolContext(
        CompletableFuture.completedFuture(log),
        Clock.fixed(NOW, ZoneOffset.UTC),
        () -> {},
        config,
        dir.resolve(data),
        PriceCatalog::bundled);
  }

  private static Map<String, Object> preflight(ToolContext ctx) throws Exception {
    return Wire.toMap(new PreflightDeployTool(ctx).call(new ToolCall("dev", DEPLOY)));
  }

  @Test
  @SuppressWarnings("unchecked")
  void theGateFailsClosedWhileTheStoreIsDownOrOpenWhenConfigured() throws Exception {
    try (PgCluster cluster = PgCluster.start()) {
      PgSettings settings =
          new PgSettings(cluster.createDatabase(), PgCluster.USER, null, 2, "burnrate");
      try (Database db = Database.connect(settings)) {
        db.migrate();
      }
      Config closed = ConfigLoader.load(Path.of("config"));
      Config open =
          new Config(
              closed.costWeights(),
              closed.budget(),
              closed.rbac(),
              closed.limits(),
              closed.priceOverrides(),
              closed.dir(),
              closed.reservations(),
              new StoreConfig.Postgres(settings.url(), PgCluster.USER, null, 2, "burnrate", true),
              closed.costExplorer(),
              closed.toolRates());
      try (PostgresEventLog log =
          PostgresEventLog.open(
              Database.connect(settings), new EventIndex(closed.costWeights(), Pricer.NONE))) {
        ToolContext gate = context(closed, log, "closed");
        ToolContext lenient = context(open, log, "open");
        assertEquals("pass", preflight(gate).get("decision"));

        cluster.stop();
        Thread.sleep(2 * ToolContext.FRESH_MILLIS); // the next answer looks at the database
        Map<String, Object> vetoed = preflight(gate);
        assertEquals("veto", vetoed.get("decision"), vetoed.toString());
        assertEquals("store-unavailable", vetoed.get("rule"), vetoed.toString());
        assertTrue(
            vetoed.get("reason").toString().startsWith("store unavailable: the shared store"),
            vetoed.toString());
        Map<String, Object> headroom = (Map<String, Object>) vetoed.get("headroom");
        assertEquals(0, new BigDecimal(headroom.get("total_usd").toString()).signum());

        Map<String, Object> passed = preflight(lenient);
        assertEquals("pass", passed.get("decision"), passed.toString());
        assertTrue(
            ((List<String>) passed.get("warnings"))
                .stream().anyMatch(w -> w.contains("preflight_fail_open")),
            passed.toString());

        cluster.restart();
        Map<String, Object> back = null;
        long until = System.nanoTime() + 20_000_000_000L;
        while (System.nanoTime() < until) {
          Thread.sleep(1_200); // the log tries the database again a second after a failure
          back = preflight(gate);
          if ("pass".equals(back.get("decision"))) {
            break;
          }
        }
        assertEquals("pass", back.get("decision"), "decides on the figures again: " + back);
      }
    }
  }
}

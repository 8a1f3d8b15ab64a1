package dev.burnrate.mcp.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.burnrate.config.Config;
import dev.burnrate.config.ConfigLoader;
import dev.burnrate.demo.DemoData;
import dev.burnrate.engine.EventIndex;
import dev.burnrate.engine.Pricer;
import dev.burnrate.mcp.ToolCall;
import dev.burnrate.pricing.PriceCatalog;
import dev.burnrate.store.JsonlEventLog;
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
 * Open spend reservations are spend on its way: check_budget shows them per scope and
 * preflight_deploy counts them, so a deploy cannot pass on headroom calls in flight already hold.
 */
class ReservationsInBudgetTest {
  static final Instant NOW = Instant.parse("2026-02-23T12:00:00Z");
  @TempDir Path dir;

  @Test
  @SuppressWarnings("unchecked")
  void checkBudgetShowsOpenReservationsAndPreflightCountsThem() throws Exception {
    Config config = ConfigLoader.load(Path.of("config"));
    Path audit = dir.resolve("audit");
    DemoData.generate(audit, NOW, 3, 2_000, 7);
    try (JsonlEventLog log =
        JsonlEventLog.open(
            audit, dir.resolve("index"), new EventIndex(config.costWeights(), Pricer.NONE))) {
      ToolContext ctx =
          new ToolContext(
              CompletableFuture.completedFuture(log),
              Clock.fixed(NOW, ZoneOffset.UTC),
              () -> {},
              config,
              dir.resolve("data"),
              PriceCatalog::bundled);
      Map<String, Object> preflightArgs =
          Map.of("target", "release-2", "estimated_cost_usd", new BigDecimal("20"));
      Map<String, Object> before =
          Wire.toMap(new PreflightDeployTool(ctx).call(new ToolCall("dev", preflightArgs)));
      assertEquals("pass", before.get("decision"), before.toString());
      Map<String, Object> budgetBefore =
          Wire.toMap(
              new CheckBudgetTool(ctx).call(new ToolCall("dev", Map.of("agent", "release-2"))));
      assertNull(((Map<String, Object>) budgetBefore.get("total")).get("reserved_usd"));

      for (Object[] r : new Object[][] {{"release-2", "4990"}, {"media-2", "100"}}) {
        Map<String, Object> granted =
            Wire.toMap(
                new ReserveSpendTool(ctx)
                    .call(
                        new ToolCall(
                            "dev",
                            Map.of(
                                "agent_id",
                                r[0],
                                "req_id",
                                "big-" + r[0],
                                "estimated_usd",
                                new BigDecimal((String) r[1])))));
        assertEquals("granted", granted.get("decision"), granted.toString());
      }

      Map<String, Object> budget =
          Wire.toMap(
              new CheckBudgetTool(ctx).call(new ToolCall("dev", Map.of("agent", "release-2"))));
      Map<String, Object> agent = ((List<Map<String, Object>>) budget.get("agents")).get(0);
      assertEquals(
          0,
          new BigDecimal("4990.00")
              .compareTo(new BigDecimal(agent.get("reserved_usd").toString())));
      Map<String, Object> total = (Map<String, Object>) budget.get("total");
      assertEquals(
          0,
          new BigDecimal("5090.00")
              .compareTo(new BigDecimal(total.get("reserved_usd").toString())));
      Map<String, Object> team = ((List<Map<String, Object>>) budget.get("teams")).get(0);
      assertEquals("media", team.get("team"));
      assertEquals(
          0,
          new BigDecimal("100.00").compareTo(new BigDecimal(team.get("reserved_usd").toString())),
          team.toString());

      Map<String, Object> after =
          Wire.toMap(new PreflightDeployTool(ctx).call(new ToolCall("dev", preflightArgs)));
      assertEquals("veto", after.get("decision"), after.toString());
    }
  }
}

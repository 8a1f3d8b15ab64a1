package dev.burnrate.mcp.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.burnrate.config.Config;
import dev.burnrate.config.ConfigLoader;
import dev.burnrate.demo.DemoData;
import dev.burnrate.engine.EventIndex;
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
 * Rankings follow the money by default once pricing.yml prices tools (the shipped config does), and
 * cost units otherwise; sort_by still chooses.
 */
class DefaultRankingTest {
  static final Instant NOW = Instant.parse("2026-02-23T12:00:00Z");
  @TempDir Path dir;

  @SuppressWarnings("unchecked")
  private static List<BigDecimal> column(Map<String, Object> answer, String field) {
    return ((List<Map<String, Object>>) answer.get("top_tools"))
        .stream().map(r -> new BigDecimal(r.get(field).toString())).toList();
  }

  private static boolean descending(List<BigDecimal> v) {
    for (int i = 1; i < v.size(); i++) {
      if (v.get(i - 1).compareTo(v.get(i)) < 0) {
        return false;
      }
    }
    return true;
  }

  @Test
  void usdByDefaultWhenToolsArePricedElseCostUnits() throws Exception {
    Config priced = ConfigLoader.load(Path.of("config"));
    assertFalse(priced.toolRates().isEmpty(), "the shipped config prices tools");
    Config unpriced =
        new Config(
            priced.costWeights(),
            priced.budget(),
            priced.rbac(),
            priced.limits(),
            priced.priceOverrides(),
            priced.dir(),
            priced.reservations(),
            priced.store(),
            priced.costExplorer(),
            List.of());
    Path audit = dir.resolve("audit");
    DemoData.generate(audit, NOW, 2, 4_000, 7);
    for (Config config : List.of(priced, unpriced)) {
      try (JsonlEventLog log =
          JsonlEventLog.open(
              audit,
              dir.resolve("index-" + config.toolRates().size()),
              new EventIndex(config.costWeights(), dev.burnrate.cli.TestPricers.of(config)))) {
        ToolContext ctx =
            new ToolContext(
                CompletableFuture.completedFuture(log),
                Clock.fixed(NOW, ZoneOffset.UTC),
                () -> {},
                config,
                dir.resolve("data"),
                PriceCatalog::bundled);
        Map<String, Object> byDefault =
            Wire.toMap(new GetTopSpendersTool(ctx).call(new ToolCall("dev", Map.of("top_n", 10))));
        boolean rates = !config.toolRates().isEmpty();
        assertTrue(
            descending(column(byDefault, rates ? "cost_usd" : "cost_units")),
            (rates ? "by usd: " : "by cost units: ") + byDefault.get("top_tools"));
        Map<String, Object> asked =
            Wire.toMap(
                new GetTopSpendersTool(ctx)
                    .call(new ToolCall("dev", Map.of("top_n", 10, "sort_by", "cost_units"))));
        assertTrue(descending(column(asked, "cost_units")), asked.get("top_tools").toString());
        assertEquals(
            rates,
            !column(byDefault, "cost_units").equals(column(asked, "cost_units")),
            "the two orders differ exactly when tools are priced");
      }
    }
  }
}

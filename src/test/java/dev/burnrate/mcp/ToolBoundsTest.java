package dev.burnrate.mcp;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.burnrate.config.Config;
import dev.burnrate.config.ConfigLoader;
import dev.burnrate.demo.DemoData;
import dev.burnrate.engine.EventIndex;
import dev.burnrate.engine.Pricer;
import dev.burnrate.mcp.tools.CostToolSet;
import dev.burnrate.mcp.tools.ToolContext;
import dev.burnrate.pricing.PriceCatalog;
import dev.burnrate.store.JsonlEventLog;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import io.modelcontextprotocol.spec.McpSchema.TextContent;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every value a tool's schema allows is answered; extreme values are input errors, never failures.
 */
class ToolBoundsTest {
  private static final Instant NOW = Instant.parse("2026-02-23T12:00:00Z");
  private static final String WINDOW = "2000-01-01T00:00:00Z to 2200-01-01T00:00:00Z";

  @TempDir Path dir;
  private JsonlEventLog log;
  private ToolGateway gateway;
  private List<CostTool> tools;

  @BeforeEach
  void open() throws Exception {
    Config config = ConfigLoader.load(Path.of("src/test/resources/engine-fixture/config"));
    Path audit = dir.resolve("audit");
    DemoData.generate(audit, NOW, 3, 2_000, 7);
    log =
        JsonlEventLog.open(
            audit, dir.resolve("index"), new EventIndex(config.costWeights(), Pricer.NONE));
    MutableClock clock = new MutableClock(NOW);
    ToolContext ctx =
        new ToolContext(
            CompletableFuture.completedFuture(log),
            clock,
            () -> {},
            config,
            dir.resolve("data"),
            PriceCatalog::bundled);
    tools = CostToolSet.all(ctx);
    ServerSpec spec =
        ServerSpec.builder("t", "1")
            .tools(tools)
            .rbac(spender(), Principals.resolve(spender(), "cto", null))
            .limits(ToyTools.limits())
            .audit(e -> {})
            .clock(clock)
            .build();
    gateway = new ToolGateway(spec, new LazySchemaValidator());
  }

  /** The toy roles, with the spend gate granted to cto so its bounds are checked too. */
  private static dev.burnrate.config.Rbac spender() {
    dev.burnrate.config.Rbac toy = ToyTools.rbac();
    java.util.Map<String, java.util.Set<String>> roles = new HashMap<>(toy.roles());
    roles.put(
        "agent_cto", java.util.Set.of("tools.cost.read", "tools.cost.gate", "tools.cost.reserve"));
    return new dev.burnrate.config.Rbac(
        toy.toolEntitlements(), roles, toy.principals(), toy.defaultPrincipal());
  }

  @AfterEach
  void close() {
    gateway.close();
    log.close();
  }

  private static String text(CallToolResult r) {
    return ((TextContent) r.content().get(0)).text();
  }

  private void assertAnswers(String tool, Map<String, Object> args) {
    CallToolResult r = gateway.call(tool, args);
    assertFalse(Boolean.TRUE.equals(r.isError()), tool + " " + args + " answered: " + text(r));
  }

  private void assertInputError(String tool, Map<String, Object> args, String... fragments) {
    CallToolResult r = gateway.call(tool, args);
    assertTrue(Boolean.TRUE.equals(r.isError()), tool + " " + args + " answered: " + text(r));
    assertFalse(text(r).contains("failed unexpectedly"), text(r));
    for (String f : fragments) {
      assertTrue(text(r).contains(f), "'" + f + "' missing from: " + text(r));
    }
  }

  @Test
  void aDigestOverMoreThan28DaysAnswersNormally() {
    // window_hours 673-744 (the schema allows up to 744) failed with a message about the
    // window_minutes 10095 of the anomaly window the digest derives from it.
    assertAnswers("get_cost_digest", Map.of("window_hours", 700));
    assertAnswers("get_cost_digest", Map.of("window_hours", 744, "baseline_hours", 1));
  }

  @Test
  void reportTimesAtExtremeYearsAreInputErrorsNamingTheArgumentAndTheWindow() {
    // Years -999999999 and +300000 overflowed the engine's microsecond clock and came back as
    // "failed unexpectedly".
    assertInputError(
        "get_cost_report",
        Map.of("time_range", Map.of("from", "-999999999-01-01T00:00:00Z")),
        "time_range.from",
        "-999999999-01-01T00:00:00Z",
        WINDOW);
    assertInputError(
        "get_cost_report",
        Map.of(
            "time_range", Map.of("from", "2026-01-01T00:00:00Z", "to", "+300000-01-01T00:00:00Z")),
        "time_range.to",
        "+300000-01-01T00:00:00Z",
        WINDOW);
    assertInputError(
        "get_cost_report",
        Map.of("time_range", Map.of("from", "1999-12-31T23:59:59Z")),
        "time_range.from",
        WINDOW);
    assertAnswers("get_cost_report", Map.of("time_range", Map.of("from", "2000-01-01T00:00:00Z")));
  }

  @Test
  void everyIntegerLimitInAToolSchemaIsAcceptedAndOneBeyondIsAnInputError() {
    // Schemas promised values (window_hours 744) that the checks behind them refused, with an
    // error about a different argument.
    Map<String, Map<String, Object>> base =
        Map.of(
            "preflight_deploy", Map.of("target", "a"),
            "estimate_cost",
                Map.of("model", "claude-sonnet-4-6", "input_tokens", 1, "output_tokens", 1),
            "detect_anomalies", Map.of("window_minutes", 1, "baseline_hours", 24 * 90),
            "reserve_spend",
                Map.of(
                    "agent_id",
                    "a",
                    "req_id",
                    "r",
                    "model",
                    "claude-sonnet-4-6",
                    "input_tokens",
                    1,
                    "max_output_tokens",
                    1));
    int checked = 0;
    for (CostTool t : tools) {
      if (t.name().equals("record_usage")) {
        continue; // its event bounds are the validator's, tested with it
      }
      @SuppressWarnings("unchecked")
      Map<String, Map<String, Object>> props =
          (Map<String, Map<String, Object>>) t.inputSchema().get("properties");
      for (Map.Entry<String, Map<String, Object>> p : props.entrySet()) {
        Object type = p.getValue().get("type");
        boolean integer =
            "integer".equals(type) || (type instanceof List<?> l && l.contains("integer"));
        if (!integer || !p.getValue().containsKey("maximum")) {
          continue;
        }
        for (String bound : List.of("minimum", "maximum")) {
          long v = ((Number) p.getValue().get(bound)).longValue();
          Map<String, Object> args = new HashMap<>(base.getOrDefault(t.name(), Map.of()));
          args.put(p.getKey(), v);
          assertAnswers(t.name(), args);
          args.put(p.getKey(), bound.equals("maximum") ? v + 1 : v - 1);
          assertInputError(t.name(), args, p.getKey());
          checked++;
        }
      }
    }
    assertTrue(checked >= 20, "bounds checked: " + checked);
  }
}

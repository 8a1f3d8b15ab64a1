package dev.burnrate.mcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Time arguments as agents write them, through the gateway: spans and dates wherever a tool takes a
 * time or a length of time, the server's now in every answer, and messages that say what was wrong
 * with the value sent.
 */
class TimeArgumentsTest {
  private static final Instant NOW = Instant.parse("2026-02-23T12:00:00Z");

  @TempDir Path dir;
  private JsonlEventLog log;
  private ToolGateway gateway;

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
    dev.burnrate.config.Rbac toy = ToyTools.rbac();
    Map<String, java.util.Set<String>> roles = new HashMap<>(toy.roles());
    roles.put("agent_cto", java.util.Set.of("tools.cost.read", "tools.cost.gate"));
    dev.burnrate.config.Rbac rbac =
        new dev.burnrate.config.Rbac(
            toy.toolEntitlements(), roles, toy.principals(), toy.defaultPrincipal());
    ServerSpec spec =
        ServerSpec.builder("t", "1")
            .tools(CostToolSet.all(ctx))
            .rbac(rbac, Principals.resolve(rbac, "cto", null))
            .limits(ToyTools.limits())
            .audit(e -> {})
            .clock(clock)
            .build();
    gateway = new ToolGateway(spec, new LazySchemaValidator());
  }

  @AfterEach
  void close() {
    gateway.close();
    log.close();
  }

  private Map<?, ?> answer(String tool, Map<String, Object> args) {
    CallToolResult r = gateway.call(tool, args);
    assertFalse(Boolean.TRUE.equals(r.isError()), tool + " " + args + ": " + text(r));
    return (Map<?, ?>) r.structuredContent();
  }

  private String error(String tool, Map<String, Object> args) {
    CallToolResult r = gateway.call(tool, args);
    assertTrue(Boolean.TRUE.equals(r.isError()), tool + " " + args + " answered: " + text(r));
    return text(r);
  }

  private static String text(CallToolResult r) {
    return ((TextContent) r.content().get(0)).text();
  }

  @Test
  void aReportTakesASpanEndingNow() {
    Map<?, ?> range =
        (Map<?, ?>)
            answer("get_cost_report", Map.of("time_range", Map.of("last", "24h")))
                .get("time_range");
    assertEquals("2026-02-22T12:00:00Z", range.get("from"));
    assertEquals("2026-02-23T12:00:00Z", range.get("to"));
  }

  @Test
  void aReportTakesDatesAloneAsMidnightUtc() {
    Map<?, ?> range =
        (Map<?, ?>)
            answer(
                    "get_cost_report",
                    Map.of("time_range", Map.of("from", "2026-02-20", "to", "2026-02-22")))
                .get("time_range");
    assertEquals("2026-02-20T00:00:00Z", range.get("from"));
    assertEquals("2026-02-22T00:00:00Z", range.get("to"));
  }

  @Test
  void everyLengthOfTimeTakesASpanAsWellAsANumber() {
    // window_hours took 168 but not "7d", which the command line's --last takes.
    assertEquals(
        answer("get_top_spenders", Map.of("window_hours", 168)),
        answer("get_top_spenders", Map.of("window_hours", "7d")));
    assertEquals(
        answer("detect_anomalies", Map.of("window_minutes", 120, "baseline_hours", 48)),
        answer("detect_anomalies", Map.of("window_minutes", "2h", "baseline_hours", "2d")));
    assertEquals(
        answer("get_cost_digest", Map.of("window_hours", 168, "baseline_hours", 336)),
        answer("get_cost_digest", Map.of("window_hours", "1w", "baseline_hours", "14d")));
    assertEquals(
        answer("recommend_downgrade", Map.of("window_days", 14)),
        answer("recommend_downgrade", Map.of("window_days", "2w")));
  }

  @Test
  void aSpanThatIsNotWholeUnitsOrOutOfRangeSaysSo() {
    assertEquals(
        "argument window_hours '90m' is not a whole number of hours; pass a span in hours or"
            + " longer units, or a number",
        error("get_top_spenders", Map.of("window_hours", "90m")));
    assertEquals(
        "argument 'window_days' is '13w' (91 days), out of range; pass from 1 to 90 days",
        error("recommend_downgrade", Map.of("window_days", "13w")));
    assertEquals(
        "argument window_hours 'a week' is not a span; write a number and a unit, e.g. 30m, 24h,"
            + " 7d or 2w",
        error("get_top_spenders", Map.of("window_hours", "a week")));
  }

  @Test
  void anImpossibleDateIsCalledThatAndNamesTheArgument() {
    assertEquals(
        "time_range.to '2026-02-30T00:00:00Z' is not a date: 2026-02 has 28 days; pass a day from"
            + " 01 to 28",
        error(
            "get_cost_report",
            Map.of("time_range", Map.of("from", "2026-02-01", "to", "2026-02-30T00:00:00Z"))));
  }

  @Test
  void aStartAfterNowWithoutAnEndDoesNotSayToSwap() {
    assertEquals(
        "time_range.from 2026-03-01T00:00:00Z is not before now (2026-02-23T12:00:00Z), where"
            + " time_range.to defaults; pass an earlier start, or an end after it as time_range.to",
        error("get_cost_report", Map.of("time_range", Map.of("from", "2026-03-01"))));
  }

  @Test
  void aStartAndASpanTogetherAreRefusedByTheirArgumentNames() {
    assertEquals(
        "time_range.from and time_range.last both set the start; pass one of them",
        error("get_cost_report", Map.of("time_range", Map.of("from", "2026-02-01", "last", "7d"))));
  }

  @Test
  void everyToolsAnswerCarriesTheServersNow() {
    for (String tool :
        java.util.List.of(
            "get_cost_report",
            "get_top_spenders",
            "detect_anomalies",
            "get_cost_digest",
            "get_cost_weights",
            "check_budget",
            "recommend_downgrade")) {
      assertEquals("2026-02-23T12:00:00Z", answer(tool, Map.of()).get("now"), tool);
    }
    assertEquals(
        "2026-02-23T12:00:00Z",
        answer("estimate_cost", Map.of("model", "gpt-4o", "input_tokens", 1, "output_tokens", 1))
            .get("now"));
  }

  @Test
  void aBlankRequiredModelIsNotToldToLeaveItOut() {
    assertEquals(
        "argument 'model' is empty; pass a non-empty string",
        error("estimate_cost", Map.of("model", " ", "input_tokens", 1, "output_tokens", 1)));
  }

  @Test
  void anUnknownKeyInTimeRangeNamesItsValueAndTheKeysThatExist() {
    assertEquals(
        "arguments of 'get_cost_report' do not match its input schema: argument"
            + " 'time_range.since' (sent as '7d') is not one this tool takes; valid under"
            + " time_range: from, to, last; fix them and call again",
        error("get_cost_report", Map.of("time_range", Map.of("since", "7d"))));
  }

  @Test
  void estimateCostTakesSeveralModelsWithoutASingleModel() {
    // models without model failed unexpectedly: the first of models was read before it was
    // known to be needed.
    Map<?, ?> a =
        answer(
            "estimate_cost",
            Map.of(
                "models", java.util.List.of("gpt-4o", "gpt-4o-mini"),
                "input_tokens", 1_000_000,
                "output_tokens", 0));
    assertEquals("gpt-4o", a.get("model"));
    assertEquals(2, ((java.util.List<?>) a.get("compared")).size());
  }
}

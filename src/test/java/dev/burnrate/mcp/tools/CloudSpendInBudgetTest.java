package dev.burnrate.mcp.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.burnrate.config.Config;
import dev.burnrate.config.ConfigLoader;
import dev.burnrate.engine.EventIndex;
import dev.burnrate.engine.Pricer;
import dev.burnrate.mcp.ToolCall;
import dev.burnrate.pricing.PriceCatalog;
import dev.burnrate.store.CloudCostCache;
import dev.burnrate.store.JsonlEventLog;
import dev.burnrate.wire.Wire;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The cloud bill in budgets, end to end through check_budget and preflight_deploy: the reference
 * month (a $50,000 fleet ceiling, $47,500 spent by March 20th, most of it on the bill) vetoes a
 * $2,800 deploy at 100.6 %, the untagged bucket counts toward the fleet, and a Bedrock line that
 * usage events already price is counted once.
 */
class CloudSpendInBudgetTest {
  static final Instant NOW = Instant.parse("2026-03-20T12:00:00Z");
  @TempDir Path dir;

  private Path config(String costSources) throws Exception {
    Path cfg = dir.resolve("config");
    Files.createDirectories(cfg);
    try (Stream<Path> files = Files.list(Path.of("config"))) {
      for (Path f : files.filter(Files::isRegularFile).toList()) {
        Files.copy(f, cfg.resolve(f.getFileName()));
      }
    }
    Path budget = cfg.resolve("budget.yaml");
    String yaml = Files.readString(budget);
    assertTrue(yaml.contains("cost_sources: [usage]"), "the example budget names its sources");
    Files.writeString(
        budget,
        yaml.replace(
            "cost_sources: [usage]",
            "cost_sources: "
                + costSources
                + "\naws_cost_explorer:\n  region: us-east-1\n  agent_tag: agent\n"));
    return cfg;
  }

  /**
   * The bill: ingest-1 and untagged at $2,000 a day from March 1st to 10th; Bedrock on the 10th.
   */
  private void bill(Path data) throws Exception {
    TreeMap<LocalDate, CloudCostCache.Day> days = new TreeMap<>();
    List<CloudCostCache.Row> rows = new ArrayList<>();
    for (LocalDate d = LocalDate.parse("2026-03-01");
        d.isBefore(LocalDate.parse("2026-03-20"));
        d = d.plusDays(1)) {
      days.put(
          d,
          new CloudCostCache.Day(
              d, "UnblendedCost", "agent", Instant.parse("2026-03-20T06:00:00Z"), false));
      if (d.getDayOfMonth() <= 10) {
        rows.add(new CloudCostCache.Row(d, "ingest-1", "Amazon EC2", new BigDecimal("2000")));
        rows.add(new CloudCostCache.Row(d, "untagged", "Amazon S3", new BigDecimal("2000")));
      }
    }
    rows.add(
        new CloudCostCache.Row(
            LocalDate.parse("2026-03-10"), "coder-1", "Amazon Bedrock", new BigDecimal("900")));
    CloudCostCache.in(data).write(new CloudCostCache.Snapshot(days, rows));
  }

  /** coder-1's model calls on March 10th, priced from usage at $7,500: the Bedrock line's calls. */
  private Path audit() throws Exception {
    Path audit = dir.resolve("audit");
    Files.createDirectories(audit);
    Files.writeString(
        audit.resolve("tool_audit_2026-03-10.jsonl"),
        "{\"ts\":\"2026-03-10T09:00:00Z\",\"req_id\":\"r1\",\"agent_id\":\"coder-1\","
            + "\"tool\":\"llm_chat\",\"status\":\"pass\",\"duration_ms\":1000,"
            + "\"model\":\"claude-sonnet-4-6\",\"input_tokens\":1000,\"output_tokens\":500,"
            + "\"cost_usd\":7500}\n");
    return audit;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> line(Map<String, Object> budget, String agent) {
    return ((List<Map<String, Object>>) budget.get("agents"))
        .stream()
            .filter(l -> agent.equals(l.get("agent")))
            .findFirst()
            .orElseThrow(() -> new AssertionError(agent + " has no line in " + budget));
  }

  private static void assertUsd(String expected, Object actual) {
    assertEquals(
        0,
        new BigDecimal(expected).compareTo(new BigDecimal(actual.toString())),
        actual + " is not " + expected);
  }

  private ToolContext context(Config config, JsonlEventLog log) {
    return new ToolContext(
        CompletableFuture.completedFuture(log),
        Clock.fixed(NOW, ZoneOffset.UTC),
        () -> {},
        config,
        dir.resolve("data"),
        PriceCatalog::bundled);
  }

  @Test
  @SuppressWarnings("unchecked")
  void theReferenceMonthOnTheBillVetoesTheDeployAt100Point6Percent() throws Exception {
    Config config = ConfigLoader.load(config("[usage, aws_cost_explorer]"));
    bill(dir.resolve("data"));
    try (JsonlEventLog log =
        JsonlEventLog.open(
            audit(), dir.resolve("index"), new EventIndex(config.costWeights(), Pricer.NONE))) {
      ToolContext ctx = context(config, log);
      Map<String, Object> budget =
          Wire.toMap(new CheckBudgetTool(ctx).call(new ToolCall("dev", Map.of())));
      Map<String, Object> total = (Map<String, Object>) budget.get("total");
      assertUsd("47500", total.get("mtd_usd"));
      assertUsd("7500", total.get("usage_usd"));
      assertUsd("40000", total.get("cloud_usd"));
      assertUsd("95.0", total.get("pct"));
      assertEquals("veto-new-deploys", total.get("level"));
      assertUsd("20000", line(budget, "untagged").get("mtd_usd"));
      assertUsd("20000", line(budget, "ingest-1").get("cloud_usd"));
      Map<String, Object> coder = line(budget, "coder-1");
      assertUsd("7500", coder.get("mtd_usd"));
      assertUsd("0", coder.get("cloud_usd"));
      Map<String, Object> cloud = (Map<String, Object>) budget.get("cloud");
      assertUsd("900", cloud.get("replaced_by_usage_usd"));
      assertEquals(0, cloud.get("missing_days"), cloud.toString());
      assertTrue(cloud.get("summary").toString().contains("19 cached day(s)"), cloud.toString());

      Map<String, Object> report =
          Wire.toMap(
              new GetCostReportTool(ctx)
                  .call(
                      new ToolCall(
                          "dev",
                          Map.of(
                              "time_range",
                              Map.of("from", "2026-03-01", "to", "2026-03-20"),
                              "group_by",
                              List.of("source", "tool")))));
      List<Map<String, Object>> sources =
          (List<Map<String, Object>>)
              ((Map<String, Object>) report.get("breakdowns")).get("source");
      assertEquals("usage", sources.get(0).get("source"), report.toString());
      assertUsd("7500", sources.get(0).get("cost_usd"));
      assertEquals("cloud", sources.get(1).get("source"));
      assertUsd("40000", sources.get(1).get("cost_usd"));
      assertTrue(((List<Object>) report.get("group_by")).contains("source"));

      Map<String, Object> digest =
          Wire.toMap(
              new GetCostDigestTool(ctx)
                  .call(new ToolCall("dev", Map.of("window_hours", "20d", "format", "markdown"))));
      List<Map<String, Object>> digestSources = (List<Map<String, Object>>) digest.get("by_source");
      assertEquals("usage", digestSources.get(0).get("source"), digest.toString());
      assertEquals("cloud", digestSources.get(1).get("source"), digest.toString());
      assertUsd("7500", digestSources.get(0).get("cost_usd"));
      assertUsd("40000", digestSources.get(1).get("cost_usd")); // March 1st to 19th, counted once

      Map<String, Object> decision =
          Wire.toMap(
              new PreflightDeployTool(ctx)
                  .call(
                      new ToolCall(
                          "dev",
                          Map.of(
                              "target",
                              "ingest-1:2.0",
                              "estimated_cost_usd",
                              new BigDecimal("2800")))));
      assertEquals("veto", decision.get("decision"), decision.toString());
      assertEquals(
          "projected monthly ceiling exceeded", decision.get("reason"), decision.toString());
      assertUsd("50300", decision.get("projected_usd"));
      assertUsd("100.6", decision.get("projected_pct"));
    }
  }

  @Test
  @SuppressWarnings("unchecked")
  void withoutTheBillAmongTheSourcesOnlyUsageCounts() throws Exception {
    Config config = ConfigLoader.load(config("[usage]"));
    bill(dir.resolve("data"));
    try (JsonlEventLog log =
        JsonlEventLog.open(
            audit(), dir.resolve("index"), new EventIndex(config.costWeights(), Pricer.NONE))) {
      Map<String, Object> budget =
          Wire.toMap(new CheckBudgetTool(context(config, log)).call(new ToolCall("dev", Map.of())));
      Map<String, Object> total = (Map<String, Object>) budget.get("total");
      assertUsd("7500", total.get("mtd_usd"));
      assertFalse(total.containsKey("cloud_usd"), total.toString());
      assertFalse(budget.containsKey("cloud"), budget.toString());
      Map<String, Object> digest =
          Wire.toMap(
              new GetCostDigestTool(context(config, log)).call(new ToolCall("dev", Map.of())));
      assertFalse(digest.containsKey("by_source"), "no split without the bill");
    }
  }
}

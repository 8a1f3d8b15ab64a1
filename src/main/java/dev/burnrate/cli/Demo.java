package dev.burnrate.cli;

import dev.burnrate.demo.DemoData;
import dev.burnrate.engine.AnomalyQuery;
import dev.burnrate.engine.CostEngine;
import dev.burnrate.engine.CostReport;
import dev.burnrate.engine.DigestQuery;
import dev.burnrate.engine.ReportQuery;
import dev.burnrate.usage.Dimension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The first thing a newcomer runs: generates a realistic month of agent usage (once) and shows
 * burnrate's daily job on it — who spent what, the spikes, and the digest an on-call agent reads.
 */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description =
        "Generate a demo month of agent usage (if the audit directory is empty) and show"
            + " the report, top spenders, anomalies and digest on it.")
final class Demo implements Callable<Integer> {
  static final Instant DEMO_END = Instant.parse("2026-02-23T12:00:00Z");

  @Mixin CommonOptions common;

  @Option(
      names = "--events",
      defaultValue = "300000",
      description = "Events to generate (default ${DEFAULT-VALUE}).")
  long events;

  @Option(
      names = "--days",
      defaultValue = "30",
      description = "Days to cover (default ${DEFAULT-VALUE}).")
  int days;

  @Override
  public Integer call() throws Exception {
    if (common.data.toString().equals("data") && common.auditDir == null) {
      common.data = Path.of("demo-data");
    }
    Path audit = common.auditDir();
    Instant end = common.now == null ? DEMO_END : common.now();
    if (isEmpty(audit)) {
      long t0 = System.nanoTime();
      DemoData.Summary s = DemoData.generate(audit, end, days, events, 42);
      System.out.printf(
          "Generated %,d events over %d days into %s in %.1f s%n%n",
          s.events(), days, audit, (System.nanoTime() - t0) / 1e9);
    }
    common.now = end.toString();
    common.format = CommonOptions.Format.table;
    long t0 = System.nanoTime();
    try (App app = App.open(common)) {
      System.out.printf(
          "Indexed %,d events in %.2f s (data: %s)%n",
          app.log.index().eventCount(), (System.nanoTime() - t0) / 1e9, common.data);
      CostEngine engine = app.engine;
      section("Last 30 days by tool and agent");
      CostReport report =
          engine.report(
              new ReportQuery(
                  end.minus(Duration.ofDays(30)),
                  end,
                  List.of(Dimension.TOOL, Dimension.AGENT, Dimension.MODEL),
                  5,
                  true,
                  false));
      Output.print(System.out, common.format, report);
      section("Anomalies: the last hour against the 24 before it");
      Output.print(System.out, common.format, engine.anomalies(AnomalyQuery.defaults(), end));
      section("Daily digest");
      Output.print(System.out, common.format, engine.digest(DigestQuery.defaults(), end));
      section("Budget this month (agents with a ceiling)");
      dev.burnrate.control.Governance gate = app.governance();
      dev.burnrate.budget.BudgetReport budget = gate.status(engine, end).report(null);
      budget =
          budget.withAgents(budget.agents().stream().filter(a -> a.ceilingUsd() != null).toList());
      Output.print(System.out, common.format, dev.burnrate.wire.Wire.toMap(budget));
      section("Preflight: may release-2:2.0 ship with $2,800 of extra spend this month?");
      BudgetCommands.PreflightCmd.lines(
          System.out,
          end.toString(),
          gate.preflight(
              engine,
              "release-2:2.0",
              java.util.Optional.of(new java.math.BigDecimal("2800")),
              end));
      section("Downgrade advice from config/budget.yaml (last 7 complete days)");
      dev.burnrate.downgrade.Advice advice =
          dev.burnrate.downgrade.Advisor.advise(
              engine,
              app.config.budget().downgrade(),
              app.pricer.catalog(),
              new dev.burnrate.downgrade.DowngradeQuery(end, 7, null));
      dev.burnrate.control.Drafts.write(app.data, advice);
      Output.print(System.out, common.format, dev.burnrate.wire.Wire.toMap(advice));
      System.out.println();
      System.out.println(
          "Next: java -jar target/burnrate.jar report --data "
              + common.data
              + " --now "
              + end
              + " --group-by model --format table");
      System.out.println(
          "      java -jar target/burnrate.jar daily --data "
              + common.data
              + " --now "
              + end
              + " --format table   (the cron job)");
      System.out.println(
          "      java -jar target/burnrate.jar serve --data "
              + common.data
              + " --now "
              + end
              + "   (an MCP server on stdio)");
    }
    return Main.OK;
  }

  private static void section(String title) {
    System.out.println();
    System.out.println("== " + title + " ==");
  }

  private static boolean isEmpty(Path dir) throws java.io.IOException {
    if (!Files.isDirectory(dir)) {
      return true;
    }
    try (Stream<Path> s = Files.list(dir)) {
      return s.noneMatch(p -> p.getFileName().toString().endsWith(".jsonl"));
    }
  }
}

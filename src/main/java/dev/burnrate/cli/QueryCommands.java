package dev.burnrate.cli;

import dev.burnrate.control.SourceSpend;
import dev.burnrate.control.SourceSplit;
import dev.burnrate.engine.AnomalyQuery;
import dev.burnrate.engine.CostEngine;
import dev.burnrate.engine.CostModelView;
import dev.burnrate.engine.CostReport;
import dev.burnrate.engine.DigestQuery;
import dev.burnrate.engine.ReportQuery;
import dev.burnrate.engine.Times;
import dev.burnrate.engine.TopQuery;
import dev.burnrate.usage.QueryException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** The read-only query commands; each prints exactly what the matching MCP tool returns. */
final class QueryCommands {
  private QueryCommands() {}

  /**
   * The flag a query field is given as: {@code top_n} is {@code --top-n}; the anomaly tool filter
   * is {@code --tools}, and the hourly series {@code --hourly}.
   */
  static String flag(String field) {
    switch (field) {
      case "tools_filter":
        return "--tools";
      case "include_hourly":
        return "--hourly";
      case "time_range":
        return "--from/--to";
      default:
        return "--" + field.replace('_', '-');
    }
  }

  /** Builds a query; bad input names the flag the user typed. */
  static <T> T query(Supplier<T> build) {
    try {
      return build.get();
    } catch (QueryException e) {
      throw new UsageException(e.messageFor(QueryCommands::flag));
    }
  }

  /**
   * A length-of-time flag's value in whole {@code unit}s: a number, or a span such as 7d, read as
   * the MCP tools read their length-of-time arguments ({@link Times#inUnits}).
   */
  static int units(String flag, String text, ChronoUnit unit) {
    try {
      return (int) Math.min(Times.inUnits(flag, text, unit), Integer.MAX_VALUE);
    } catch (QueryException e) {
      throw new UsageException(e.getMessage());
    }
  }

  @Command(
      name = "report",
      mixinStandardHelpOptions = true,
      description = "Totals and breakdowns for a time range (default: the last 7 days).")
  static final class Report implements Callable<Integer> {
    @Mixin CommonOptions common;

    @Option(
        names = "--from",
        paramLabel = "TIME",
        description = "Start of the range (inclusive): 2026-02-23T12:00:00Z or 2026-02-23.")
    String from;

    @Option(
        names = "--to",
        paramLabel = "TIME",
        description =
            "End of the range (exclusive; default: now): 2026-02-23T12:00:00Z or 2026-02-23.")
    String to;

    @Option(
        names = "--last",
        paramLabel = "SPAN",
        description = "Range ending at --to/now: 30m, 24h, 7d, 2w (default 7d).")
    String last;

    @Option(
        names = "--group-by",
        split = ",",
        paramLabel = "DIM",
        description =
            "Dimensions: tool, agent_id, user_id, workspace_id, model, status, team, env, and"
                + " source (usage vs cloud-bill dollars) (default tool,agent_id).")
    List<String> groupBy;

    @Option(
        names = "--top-n",
        defaultValue = "" + ReportQuery.DEFAULT_TOP_N,
        description = "Rows per breakdown (default ${DEFAULT-VALUE}).")
    int topN;

    @Option(names = "--exclude-failed", description = "Drop failed and error events (denied stay).")
    boolean excludeFailed;

    @Option(names = "--hourly", description = "Include the hourly series.")
    boolean hourly;

    @Override
    public Integer call() throws Exception {
      Instant now = common.now();
      List<String> groups =
          groupBy == null ? List.of() : groupBy.stream().map(String::trim).toList();
      boolean bySource = groups.contains(SourceSpend.GROUP);
      ReportQuery q =
          query(
              () ->
                  ReportQuery.of(
                      now,
                      from,
                      to,
                      last,
                      groups.stream().filter(g -> !g.equals(SourceSpend.GROUP)).toList(),
                      topN,
                      !excludeFailed,
                      hourly));
      try (App app = App.open(common)) {
        CostReport report = app.engine.report(q);
        if (!bySource) {
          Output.print(System.out, common.format, report);
        } else {
          Output.print(
              System.out, common.format, SourceSplit.report(app.governance(), app.engine, report));
        }
      }
      return Main.OK;
    }
  }

  @Command(
      name = "top",
      mixinStandardHelpOptions = true,
      description = "Top tools, agents, users and workspaces over the last N hours.")
  static final class Top implements Callable<Integer> {
    @Mixin CommonOptions common;

    @Option(
        names = "--window-hours",
        defaultValue = "" + TopQuery.DEFAULT_WINDOW_HOURS,
        paramLabel = "HOURS",
        description = "Window in hours, or a span such as 7d (default ${DEFAULT-VALUE}).")
    String windowHours;

    @Option(
        names = "--top-n",
        defaultValue = "" + TopQuery.DEFAULT_TOP_N,
        description = "Rows per list (default ${DEFAULT-VALUE}).")
    int topN;

    @Override
    public Integer call() throws Exception {
      int window = units("--window-hours", windowHours, ChronoUnit.HOURS);
      TopQuery q = query(() -> new TopQuery(window, topN));
      try (App app = App.open(common)) {
        Output.print(System.out, common.format, app.engine.top(q, app.now));
      }
      return Main.OK;
    }
  }

  @Command(
      name = "anomalies",
      mixinStandardHelpOptions = true,
      description =
          "Cost and error spikes per tool against the fleet's own change, ranked by score, and a"
              + " fleet-wide surge: a recent window against the hours before it.")
  static final class AnomaliesCmd implements Callable<Integer> {
    @Mixin CommonOptions common;

    @Option(
        names = "--window-minutes",
        defaultValue = "" + AnomalyQuery.DEFAULT_WINDOW_MINUTES,
        paramLabel = "MINUTES",
        description = "Window in minutes, or a span such as 2h (default ${DEFAULT-VALUE}).")
    String windowMinutes;

    @Option(
        names = "--baseline-hours",
        defaultValue = "" + AnomalyQuery.DEFAULT_BASELINE_HOURS,
        paramLabel = "HOURS",
        description = "Baseline in hours, or a span such as 2d (default ${DEFAULT-VALUE}).")
    String baselineHours;

    @Option(names = "--ratio-threshold", description = "Spike ratio (default: cost_weights.yml).")
    Double ratioThreshold;

    @Option(
        names = "--min-calls",
        description = "Minimum window calls (default: cost_weights.yml).")
    Integer minCalls;

    @Option(names = "--tools", split = ",", description = "Only these tools.")
    List<String> tools;

    @Option(
        names = "--mode",
        defaultValue = "normalized",
        description =
            "normalized (default): tools against the fleet, ranked by score; seed: the first"
                + " detector, for comparison.")
    String mode;

    @Override
    public Integer call() throws Exception {
      int window = units("--window-minutes", windowMinutes, ChronoUnit.MINUTES);
      int baseline = units("--baseline-hours", baselineHours, ChronoUnit.HOURS);
      AnomalyQuery q =
          query(
              () ->
                  new AnomalyQuery(
                      window,
                      baseline,
                      ratioThreshold,
                      minCalls,
                      tools,
                      AnomalyQuery.Mode.fromWire(mode)));
      try (App app = App.open(common)) {
        Output.print(System.out, common.format, app.engine.anomalies(q, app.now));
      }
      return Main.OK;
    }
  }

  @Command(
      name = "digest",
      mixinStandardHelpOptions = true,
      description =
          "The digest: top spenders, anomalies and recommendations, with chat-ready markdown.")
  static final class DigestCmd implements Callable<Integer> {
    @Mixin CommonOptions common;

    @Option(
        names = "--window-hours",
        defaultValue = "" + DigestQuery.DEFAULT_WINDOW_HOURS,
        paramLabel = "HOURS",
        description = "Window in hours, or a span such as 7d (default ${DEFAULT-VALUE}).")
    String windowHours;

    @Option(
        names = "--baseline-hours",
        defaultValue = "" + DigestQuery.DEFAULT_BASELINE_HOURS,
        paramLabel = "HOURS",
        description = "Baseline in hours, or a span such as 2d (default ${DEFAULT-VALUE}).")
    String baselineHours;

    @Option(
        names = "--top-n",
        defaultValue = "" + DigestQuery.DEFAULT_TOP_N,
        description = "Rows per list (default ${DEFAULT-VALUE}).")
    int topN;

    @Option(
        names = "--max-markdown-chars",
        defaultValue = "" + DigestQuery.DEFAULT_MAX_MARKDOWN_CHARS,
        description = "Markdown limit (default ${DEFAULT-VALUE}).")
    int maxMarkdownChars;

    @Override
    public Integer call() throws Exception {
      int window = units("--window-hours", windowHours, ChronoUnit.HOURS);
      int baseline = units("--baseline-hours", baselineHours, ChronoUnit.HOURS);
      DigestQuery q = query(() -> new DigestQuery(window, baseline, topN, maxMarkdownChars));
      try (App app = App.open(common)) {
        dev.burnrate.engine.Digest digest = app.engine.digest(q, app.now);
        if (!app.governance().countsCloud()) {
          Output.print(System.out, common.format, digest);
        } else {
          Output.print(
              System.out, common.format, SourceSplit.digest(app.governance(), app.engine, digest));
        }
      }
      return Main.OK;
    }
  }

  @Command(
      name = "weights",
      mixinStandardHelpOptions = true,
      description = "The cost model in force.")
  static final class Weights implements Callable<Integer> {
    @Mixin CommonOptions common;

    @Override
    public Integer call() throws Exception {
      CostModelView w =
          new CostEngine(
                  new dev.burnrate.engine.EventIndex(
                      App.loadConfig(common.config).costWeights(), dev.burnrate.engine.Pricer.NONE))
              .weights();
      Output.print(System.out, common.format, w);
      return Main.OK;
    }
  }
}

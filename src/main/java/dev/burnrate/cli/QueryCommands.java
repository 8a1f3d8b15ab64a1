package dev.burnrate.cli;

import dev.burnrate.usage.Dimension;
import dev.burnrate.engine.Anomalies;
import dev.burnrate.engine.CostEngine;
import dev.burnrate.engine.Digest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** The read-only query commands; each prints exactly what the matching MCP tool returns. */
final class QueryCommands {
  private QueryCommands() {}

  private static final Pattern SPAN = Pattern.compile("(\\d{1,6})([mhd])");

  static Duration span(String flag, String s) {
    Matcher m = SPAN.matcher(s);
    if (!m.matches()) {
      throw new UsageException(flag + " '" + s + "' is not a span; write e.g. 30m, 24h or 7d");
    }
    long n = Long.parseLong(m.group(1));
    switch (m.group(2)) {
      case "m":
        return Duration.ofMinutes(n);
      case "h":
        return Duration.ofHours(n);
      default:
        return Duration.ofDays(n);
    }
  }

  @Command(name = "report", mixinStandardHelpOptions = true,
      description = "Totals and breakdowns for a time range (default: the last 7 days).")
  static final class Report implements Callable<Integer> {
    @Mixin CommonOptions common;

    @Option(names = "--from", paramLabel = "ISO-8601", description = "Start of the range (inclusive).")
    String from;

    @Option(names = "--to", paramLabel = "ISO-8601", description = "End of the range (exclusive; default: now).")
    String to;

    @Option(names = "--last", paramLabel = "SPAN", description = "Range ending at --to/now: 30m, 24h, 7d (default 7d).")
    String last;

    @Option(names = "--group-by", split = ",", paramLabel = "DIM",
        description = "Dimensions: tool, agent_id, user_id, workspace_id, model, status, team, env (default tool,agent_id).")
    List<String> groupBy;

    @Option(names = "--top-n", defaultValue = "10", description = "Rows per breakdown (default ${DEFAULT-VALUE}).")
    int topN;

    @Option(names = "--exclude-failed", description = "Drop failed and error events (denied stay).")
    boolean excludeFailed;

    @Option(names = "--hourly", description = "Include the hourly series.")
    boolean hourly;

    @Override
    public Integer call() throws Exception {
      Instant now = common.now();
      Instant end = to == null ? now : CommonOptions.parseInstant("--to", to);
      Instant start;
      if (from != null && last != null) {
        throw new UsageException("--from and --last both set the start; pass one of them");
      }
      if (from != null) {
        start = CommonOptions.parseInstant("--from", from);
      } else {
        start = end.minus(last == null ? Duration.ofDays(7) : span("--last", last));
        if (last != null && start.isBefore(CostEngine.EARLIEST)) {
          throw new UsageException("--last " + last + " starts at " + start + ", before the supported window "
              + CostEngine.EARLIEST + " to " + CostEngine.LATEST + "; pass a shorter span or --from");
        }
      }
      List<Dimension> dims = new ArrayList<>();
      for (String g : groupBy == null ? List.of("tool", "agent_id") : groupBy) {
        dims.add(Dimension.parse(g.trim()));
      }
      CostEngine.ReportQuery q =
          new CostEngine.ReportQuery(start, end, dims, topN, !excludeFailed, hourly);
      try (App app = App.open(common)) {
        Output.print(System.out, common.format, app.engine.report(q));
      }
      return Main.OK;
    }
  }

  @Command(name = "top", mixinStandardHelpOptions = true,
      description = "Top tools, agents, users and workspaces over the last N hours.")
  static final class Top implements Callable<Integer> {
    @Mixin CommonOptions common;

    @Option(names = "--window-hours", defaultValue = "24", description = "Window (default ${DEFAULT-VALUE}).")
    int windowHours;

    @Option(names = "--top-n", defaultValue = "10", description = "Rows per list (default ${DEFAULT-VALUE}).")
    int topN;

    @Override
    public Integer call() throws Exception {
      CostEngine.TopQuery q = new CostEngine.TopQuery(windowHours, topN);
      try (App app = App.open(common)) {
        Output.print(System.out, common.format, app.engine.top(q, app.now));
      }
      return Main.OK;
    }
  }

  @Command(name = "anomalies", mixinStandardHelpOptions = true,
      description = "Cost and error spikes per tool: a recent window against the hours before it.")
  static final class AnomaliesCmd implements Callable<Integer> {
    @Mixin CommonOptions common;

    @Option(names = "--window-minutes", defaultValue = "60", description = "Window (default ${DEFAULT-VALUE}).")
    int windowMinutes;

    @Option(names = "--baseline-hours", defaultValue = "24", description = "Baseline (default ${DEFAULT-VALUE}).")
    int baselineHours;

    @Option(names = "--ratio-threshold", description = "Spike ratio (default: cost_weights.yml).")
    Double ratioThreshold;

    @Option(names = "--min-calls", description = "Minimum window calls (default: cost_weights.yml).")
    Integer minCalls;

    @Option(names = "--tools", split = ",", description = "Only these tools.")
    List<String> tools;

    @Override
    public Integer call() throws Exception {
      Anomalies.Query q = new Anomalies.Query(windowMinutes, baselineHours, ratioThreshold, minCalls, tools);
      try (App app = App.open(common)) {
        Output.print(System.out, common.format, app.engine.anomalies(q, app.now));
      }
      return Main.OK;
    }
  }

  @Command(name = "digest", mixinStandardHelpOptions = true,
      description = "The digest: top spenders, anomalies and recommendations, with chat-ready markdown.")
  static final class DigestCmd implements Callable<Integer> {
    @Mixin CommonOptions common;

    @Option(names = "--window-hours", defaultValue = "24", description = "Window (default ${DEFAULT-VALUE}).")
    int windowHours;

    @Option(names = "--baseline-hours", defaultValue = "168", description = "Baseline (default ${DEFAULT-VALUE}).")
    int baselineHours;

    @Option(names = "--top-n", defaultValue = "10", description = "Rows per list (default ${DEFAULT-VALUE}).")
    int topN;

    @Option(names = "--max-markdown-chars", defaultValue = "3800", description = "Markdown limit (default ${DEFAULT-VALUE}).")
    int maxMarkdownChars;

    @Override
    public Integer call() throws Exception {
      Digest.Query q = new Digest.Query(windowHours, baselineHours, topN, maxMarkdownChars);
      try (App app = App.open(common)) {
        Output.print(System.out, common.format, app.engine.digest(q, app.now));
      }
      return Main.OK;
    }
  }

  @Command(name = "weights", mixinStandardHelpOptions = true, description = "The cost model in force.")
  static final class Weights implements Callable<Integer> {
    @Mixin CommonOptions common;

    @Override
    public Integer call() throws Exception {
      Map<String, Object> w = new CostEngine(new dev.burnrate.engine.EventIndex(
          App.loadConfig(common.config).costWeights(), dev.burnrate.engine.Pricer.NONE)).weights();
      Output.print(System.out, common.format, w);
      return Main.OK;
    }
  }
}

package dev.burnrate.cli;

import dev.burnrate.budget.BudgetReport;
import dev.burnrate.budget.PreflightDecision;
import dev.burnrate.budget.Scope;
import dev.burnrate.control.Alert;
import dev.burnrate.control.DailyRun;
import dev.burnrate.control.Governance;
import dev.burnrate.engine.CostEngine;
import dev.burnrate.usage.Round;
import dev.burnrate.wire.Wire;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code budget}, {@code preflight} and {@code daily}: the budget control loop from a shell. */
final class BudgetCommands {
  /** How long the daily run waits for webhook deliveries before it exits. */
  static final Duration DELIVERY_WAIT = Duration.ofSeconds(30);

  /**
   * How long preflight waits for webhook deliveries after it has printed its decision: a deployer
   * gates on the answer, so a slow receiver may delay the exit, never the answer, and only so long.
   */
  static final Duration PREFLIGHT_DELIVERY_WAIT = Duration.ofSeconds(10);

  private BudgetCommands() {}

  @Command(
      name = "budget",
      mixinStandardHelpOptions = true,
      description =
          "Month-to-date spend against the ceilings in budget.yaml, with projections and alert levels.")
  static final class BudgetCmd implements Callable<Integer> {
    @Mixin CommonOptions common;

    @Option(names = "--agent", paramLabel = "AGENT", description = "Only this agent's line.")
    String agent;

    @Override
    public Integer call() throws Exception {
      try (App app = App.open(common)) {
        Output.print(
            System.out,
            common.format,
            Wire.toMap(app.governance().status(app.engine, app.now).report(agent)));
      }
      return Main.OK;
    }
  }

  @Command(
      name = "preflight",
      mixinStandardHelpOptions = true,
      description =
          "Gate a deploy: prints the numbers and the decision; exit 0 on pass, 1 on veto.")
  static final class PreflightCmd implements Callable<Integer> {
    @Mixin CommonOptions common;

    @Parameters(index = "0", paramLabel = "TARGET[:VERSION]", description = "The agent to deploy.")
    String target;

    @Option(
        names = "--estimate",
        paramLabel = "USD",
        description =
            "The deploy's additional cost this month (default: the agent's 7-day daily average x days left).")
    BigDecimal estimate;

    @Override
    public Integer call() throws Exception {
      PreflightDecision d;
      Governance g;
      try (App app = App.open(common)) {
        g = app.governance();
        try {
          d = g.preflight(app.engine, target, Optional.ofNullable(estimate), app.now);
        } catch (dev.burnrate.usage.QueryException e) {
          // The domain names its fields; the command line names its flags.
          throw new UsageException(
              e.messageFor(
                  field ->
                      field.equals("estimated_cost_usd")
                          ? "--estimate"
                          : field.toUpperCase(java.util.Locale.ROOT)));
        }
        if (common.format == CommonOptions.Format.json) {
          System.out.println(Wire.pretty(d));
        } else {
          lines(System.out, app.now.toString(), d);
        }
        System.out.flush();
      }
      g.notifier().drain(PREFLIGHT_DELIVERY_WAIT);
      return d.passed() ? Main.OK : Main.NEGATIVE;
    }

    private static String headroom(java.math.BigDecimal usd) {
      return usd == null ? "no ceiling" : "$" + usd.toPlainString();
    }

    static void lines(PrintStream out, String ts, PreflightDecision d) {
      PreflightDecision.Findings f = d.findings();
      String scope = f.scope() == Scope.TOTAL ? "fleet" : "agent " + plain(d.agent());
      out.println(ts + " preflight " + plain(d.target()));
      out.println(
          ts
              + " current   MTD $"
              + plain(f.mtdUsd())
              + (f.ceilingUsd() == null
                  ? " (no ceiling)"
                  : " of $"
                      + plain(f.ceilingUsd())
                      + " ("
                      + plain(f.mtdPct())
                      + " %) ["
                      + scope
                      + "]"));
      out.println(
          ts
              + " estimate  $"
              + plain(f.estimatedCostUsd())
              + " ("
              + plain(f.estimateBasis())
              + ")");
      out.println(
          ts
              + " projected $"
              + plain(f.projectedUsd())
              + (f.projectedPct() == null ? "" : " (" + plain(f.projectedPct()) + " %)")
              + "; month-end forecast $"
              + plain(f.monthEndForecastUsd()));
      out.println(
          ts
              + " headroom  fleet "
              + headroom(f.headroom().totalUsd())
              + ", agent "
              + headroom(f.headroom().agentUsd())
              + " (the largest estimate that would pass)");
      out.println(
          ts
              + " decision  "
              + d.decision().toUpperCase(java.util.Locale.ROOT)
              + ": "
              + plain(f.reason()));
      PreflightDecision.OverrideUse ov = f.override();
      out.println(
          ts
              + " override  "
              + (ov.applied()
                  ? "applied from " + plain(ov.path())
                  : "a human lifts a veto by writing "
                      + plain(ov.path())
                      + " (agent, reason, approver, expires_at)"));
      for (String w : f.warnings()) {
        out.println(ts + " warning   " + plain(w));
      }
    }
  }

  @Command(
      name = "daily",
      mixinStandardHelpOptions = true,
      description =
          "The daily run (cron at 00:00 UTC): attribute a day's spend, write cost/daily-<date>.json"
              + " and cost/current-month.json, raise alerts, draft downgrades, print a summary.")
  static final class DailyCmd implements Callable<Integer> {
    @Mixin CommonOptions common;

    @Option(
        names = "--date",
        paramLabel = "YYYY-MM-DD",
        description = "The day to attribute (default: yesterday, by --now or the clock).")
    String date;

    @Option(
        names = "--no-sync",
        description =
            "Count the cached AWS bill as it is; without it, a budget that counts"
                + " aws_cost_explorer syncs it first.")
    boolean noSync;

    @Override
    @SuppressWarnings("unchecked")
    public Integer call() throws Exception {
      try (App app = App.open(common)) {
        if (!noSync) {
          CloudCommands.syncForBudget(app.config, app.cloudCache(), app.now)
              .ifPresent(line -> System.err.println("burnrate: daily: " + line));
        }
        LocalDate day;
        if (date == null) {
          day = app.now.atZone(app.config.budget().timezone()).toLocalDate().minusDays(1);
        } else {
          try {
            day = LocalDate.parse(date);
          } catch (DateTimeParseException e) {
            throw new UsageException("--date '" + date + "' is not a date; write e.g. 2026-03-01");
          }
          if (day.getYear() < 2000 || day.getYear() > 2199) {
            throw new UsageException(
                "--date "
                    + day
                    + " is outside the supported years 2000 to 2199"
                    + " ("
                    + CostEngine.EARLIEST
                    + " to "
                    + CostEngine.LATEST
                    + ")");
          }
        }
        if (!day.isBefore(app.now.atZone(app.config.budget().timezone()).toLocalDate())) {
          throw new UsageException(
              "--date " + day + " has not ended yet; the daily run attributes complete days");
        }
        Governance g = app.governance();
        DailyRun r = g.daily(app.engine, app.pricer.catalog(), day);
        boolean delivered = g.notifier().drain(DELIVERY_WAIT);
        if (common.format == CommonOptions.Format.json) {
          System.out.println(Wire.pretty(r));
        } else {
          summary(System.out, r, delivered);
        }
      }
      return Main.OK;
    }

    @SuppressWarnings("unchecked")
    static void summary(PrintStream out, DailyRun r, boolean delivered) {
      out.println("burnrate daily " + plain(r.date()) + " (" + plain(r.timezone()) + ")");
      String row = "%-24s %12s %12s %8s %15s  %s%n";
      out.printf(row, "agent", "mtd $", "ceiling $", "%", "unpriced units", "alert");
      for (DailyRun.Row a : r.agents()) {
        out.printf(
            row,
            plain(a.agent()),
            plain(a.mtdUsd()),
            a.ceilingUsd() == null ? "-" : plain(a.ceilingUsd()),
            a.pct() == null ? "-" : plain(a.pct()),
            percent(a.unpricedCostUnitsShare()),
            plain(a.level()));
      }
      BudgetReport.Line t = r.total();
      out.printf(
          row,
          "TOTAL",
          plain(t.mtdUsd()),
          t.ceilingUsd() == null ? "-" : plain(t.ceilingUsd()),
          t.pct() == null ? "-" : plain(t.pct()),
          percent(t.unpricedCostUnitsShare()),
          plain(t.level()));
      List<Map<String, Object>> recs =
          (List<Map<String, Object>>) Wire.toMap(Map.of("r", r.recommendations())).get("r");
      out.println("downgrade opportunities: " + (recs.isEmpty() ? "none" : ""));
      for (Map<String, Object> rec : recs) {
        out.println(
            "  "
                + plain(rec.get("agent"))
                + ": "
                + plain(rec.get("from"))
                + " -> "
                + plain(rec.get("to"))
                + ", ~$"
                + plain(rec.get("estimated_monthly_savings_usd"))
                + "/month, draft "
                + plain(rec.get("draft_path")));
      }
      out.println("alerts raised: " + (r.alertsRaised().isEmpty() ? "none" : ""));
      for (Alert a : r.alertsRaised()) {
        out.println("  " + plain(a.text()));
      }
      if (!delivered) {
        out.println(
            "  (webhook deliveries not finished in "
                + DELIVERY_WAIT.toSeconds()
                + " s were abandoned; see the delivery log: cost/alerts/deliveries.jsonl, or"
                + " webhook_deliveries with a PostgreSQL store)");
      }
      out.println(
          "new deploys: "
              + (r.newDeploys().allowed() ? "ALLOWED" : "VETOED")
              + " ("
              + plain(r.newDeploys().reason())
              + ")");
    }
  }

  /** A share of cost units as a percentage to 0.1, or {@code -} when no usage call counted. */
  private static String percent(Optional<BigDecimal> share) {
    return share.map(v -> Round.pct1(v.movePointRight(2)).toPlainString() + "%").orElse("-");
  }

  /** A value as a person reads it: decimals plain, names with control characters made visible. */
  static String plain(Object o) {
    return o instanceof BigDecimal d
        ? d.toPlainString()
        : dev.burnrate.usage.Text.plain(String.valueOf(o));
  }
}

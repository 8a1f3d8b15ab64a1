package dev.burnrate.control;

import dev.burnrate.budget.AlertLevel;
import dev.burnrate.budget.BudgetReport;
import dev.burnrate.budget.BudgetStatus;
import dev.burnrate.usage.Round;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;

/**
 * What the daily run did for one day: each agent's figures (also {@code cost/daily-<date>.json}),
 * the fleet's line, the alerts it raised, whether new deploys are allowed, the downgrade
 * recommendations drafted and the files written.
 *
 * @param recommendations the downgrade advice's recommendations
 */
public record DailyRun(
    LocalDate date,
    ZoneId timezone,
    Instant asOf,
    List<Row> agents,
    BudgetReport.Line total,
    List<Alert> alertsRaised,
    NewDeploys newDeploys,
    List<dev.burnrate.downgrade.Recommendation> recommendations,
    List<String> files) {

  public DailyRun {
    agents = List.copyOf(agents);
    alertsRaised = List.copyOf(alertsRaised);
    files = List.copyOf(files);
  }

  /**
   * One agent's line of {@code cost/daily-<date>.json}.
   *
   * @param unpricedCostUnitsShare of the month's cost units, the share on unpriced calls; present
   *     when the agent made usage calls this month
   */
  public record Row(
      String agent,
      BigDecimal dailyUsd,
      BigDecimal mtdUsd,
      BigDecimal projectedMonthlyUsd,
      BigDecimal ceilingUsd,
      BigDecimal pct,
      AlertLevel level,
      long unpricedCalls,
      Optional<BigDecimal> unpricedCostUnitsShare) {

    /** The agent's line of a month's status, as the daily file shows it. */
    static Row of(BudgetStatus.Line l) {
      return new Row(
          l.name(),
          Round.cents(l.todayUsd()),
          Round.cents(l.mtdUsd()),
          Round.cents(l.projectedUsd()),
          l.ceilingUsd() == null ? null : Round.cents(l.ceilingUsd()),
          Round.pct1(l.pct()),
          l.level(),
          l.unpricedCalls(),
          l.unpricedCostUnitsShare());
    }
  }

  /** Whether the fleet as a whole still takes new deploys, and why. */
  public record NewDeploys(boolean allowed, String reason) {}
}

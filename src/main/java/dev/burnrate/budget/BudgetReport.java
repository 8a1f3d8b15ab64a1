package dev.burnrate.budget;

import dev.burnrate.usage.UsdByBasis;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The answer of {@code check_budget} and {@code burnrate budget}, and the content of {@code
 * cost/current-month.json}: a {@link BudgetStatus} as shown, dollars to the cent and percentages to
 * 0.1 (see {@code usage.Round}).
 */
public record BudgetReport(
    YearMonth month,
    ZoneId timezone,
    Instant asOf,
    BigDecimal daysLeft,
    Line total,
    List<Line> agents,
    List<Line> teams,
    List<DailyCap> dailyCaps,
    List<AlertThreshold> thresholds,
    Optional<CloudSpend.Note> cloud) {

  public BudgetReport {
    Objects.requireNonNull(cloud, "cloud");
    Objects.requireNonNull(month, "month");
    Objects.requireNonNull(total, "total");
    agents = List.copyOf(agents);
    teams = List.copyOf(teams);
    dailyCaps = List.copyOf(dailyCaps);
    thresholds = List.copyOf(thresholds);
  }

  /**
   * One scope's line. It is named by exactly one of {@code scope} (always {@code total}), {@code
   * agent} or {@code team}, so the key says what kind of line it is.
   *
   * @param unpricedShare the share of month-to-date calls with no dollar value, which {@code
   *     mtdUsd} leaves out
   * @param unpricedCostUnitsShare the share of the month's cost units on those calls; present only
   *     when the line counts usage calls (none for a line of cloud bill alone)
   * @param usdByBasis on the fleet's line, its usage dollars by what priced them, naming the price
   *     tables in force
   * @param saturated present (and true) only when month-to-date dollars hit the counter's bound
   * @param reservedUsd present only when spend reservations are open in this scope
   * @param usageUsd month-to-date dollars from usage events; present (with {@code cloudUsd}) only
   *     when the budget counts the cloud bill, and then {@code mtd_usd} is their sum
   * @param cloudUsd month-to-date dollars from the cloud bill
   */
  public record Line(
      Optional<String> scope,
      Optional<String> agent,
      Optional<String> team,
      BigDecimal mtdUsd,
      BigDecimal ceilingUsd,
      BigDecimal pct,
      BigDecimal todayUsd,
      BigDecimal dailyBurnUsd,
      BigDecimal projectedMonthEndUsd,
      BigDecimal projectedPct,
      LocalDate exhaustionDate,
      AlertLevel level,
      BigDecimal thresholdPct,
      List<AlertAction> actions,
      long unpricedCalls,
      BigDecimal unpricedShare,
      Optional<BigDecimal> unpricedCostUnitsShare,
      Optional<UsdByBasis> usdByBasis,
      Optional<Boolean> saturated,
      Optional<BigDecimal> reservedUsd,
      Optional<BigDecimal> usageUsd,
      Optional<BigDecimal> cloudUsd) {

    public Line {
      if (scope.isPresent()
          ? agent.isPresent() || team.isPresent()
          : agent.isPresent() == team.isPresent()) {
        throw new IllegalArgumentException(
            "a line is named by exactly one of scope, agent and team");
      }
      Objects.requireNonNull(level, "level");
      actions = List.copyOf(actions);
    }
  }

  /** An agent's spend today against its daily cap. */
  public record DailyCap(
      String agent,
      LocalDate date,
      BigDecimal todayUsd,
      BigDecimal capUsd,
      BigDecimal pct,
      AlertLevel level,
      boolean exceeded) {}

  /** The same report with only {@code agents}: for a view that leaves some lines out. */
  public BudgetReport withAgents(List<Line> agents) {
    return with(agents, asOf);
  }

  /** The same report as of another instant (the daily run dates its file by the day's end). */
  public BudgetReport withAsOf(Instant asOf) {
    return with(agents, asOf);
  }

  private BudgetReport with(List<Line> agents, Instant asOf) {
    return new BudgetReport(
        month, timezone, asOf, daysLeft, total, agents, teams, dailyCaps, thresholds, cloud);
  }
}

package dev.burnrate.budget;

import dev.burnrate.usage.EventBounds;
import dev.burnrate.usage.Round;
import dev.burnrate.usage.UsdByBasis;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * Month-to-date spend against the ceilings of {@code budget.yaml}, for the month that contains
 * {@code now} in the budget's time zone.
 *
 * <ul>
 *   <li>{@code daily_burn_usd}: the average of the last 7 complete days (they may reach into the
 *       previous month).
 *   <li>{@code projected_month_end_usd}: month-to-date plus the daily burn times the time left in
 *       the month (in days, fractions included).
 *   <li>{@code exhaustion_date}: the day that projection reaches the ceiling, or null when it does
 *       not within the month; today when the ceiling is already reached.
 *   <li>{@code level}: the action of the highest alert threshold reached ({@code ok} when none); a
 *       threshold is reached when month-to-date dollars are at least that share of the ceiling.
 * </ul>
 *
 * Money is exact; amounts are shown to the cent and percentages to 0.1 (half-even), but every
 * comparison uses the exact figures. (One computation over one spend series for every scope, which
 * is why it runs a little longer than most files; the answer's shape is {@link BudgetReport}.)
 */
public final class BudgetStatus {
  static final int BURN_DAYS = 7;
  private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);
  private static final BigDecimal DAY_SECONDS = BigDecimal.valueOf(86_400);

  /** One scope, exact: the fleet total, an agent or a team. */
  public record Line(
      Scope scope,
      String name,
      BigDecimal mtdUsd,
      BigDecimal ceilingUsd,
      BigDecimal todayUsd,
      BigDecimal dailyBurnUsd,
      BigDecimal projectedUsd,
      LocalDate exhaustionDate,
      long unpricedCalls,
      long calls,
      long costUnits4,
      long unpricedCostUnits4,
      long eventNanos,
      long toolNanos,
      AlertThreshold reached,
      BigDecimal reservedUsd,
      BigDecimal cloudUsd) {

    /**
     * Month-to-date plus what is reserved and not yet settled in this scope: the spend a gate must
     * count, since each open reservation is a call already under way.
     */
    public BigDecimal committedUsd() {
      return mtdUsd.add(reservedUsd);
    }

    Line withReserved(BigDecimal usd) {
      return new Line(
          scope,
          name,
          mtdUsd,
          ceilingUsd,
          todayUsd,
          dailyBurnUsd,
          projectedUsd,
          exhaustionDate,
          unpricedCalls,
          calls,
          costUnits4,
          unpricedCostUnits4,
          eventNanos,
          toolNanos,
          reached,
          usd,
          cloudUsd);
    }

    /** Exact month-to-date percentage of the ceiling, or null without a ceiling. */
    public BigDecimal pct() {
      return percent(mtdUsd, ceilingUsd);
    }

    public BigDecimal projectedPct() {
      return percent(projectedUsd, ceilingUsd);
    }

    /** Of the month's cost units, the share on unpriced calls; empty without usage calls. */
    public Optional<BigDecimal> unpricedCostUnitsShare() {
      return calls > 0
          ? Optional.of(Round.ratio(unpricedCostUnits4, costUnits4, 4))
          : Optional.empty();
    }

    public AlertLevel level() {
      return AlertLevel.of(Optional.ofNullable(reached));
    }

    /** The line as shown; {@code split} adds usage and cloud dollars. */
    BudgetReport.Line report(boolean split) {
      return report(split, Optional.empty());
    }

    /**
     * ... the fleet's saying what priced its usage dollars, with the {@code priceTables} in force
     * ({@link SpendByAgent#priceTables}).
     */
    BudgetReport.Line report(boolean split, Optional<String> priceTables) {
      long usageNanos = mtdUsd.subtract(cloudUsd).movePointRight(9).longValue();
      return new BudgetReport.Line(
          scope == Scope.TOTAL ? Optional.of(Scope.TOTAL.wireName()) : Optional.empty(),
          scope == Scope.AGENT ? Optional.of(name) : Optional.empty(),
          scope == Scope.TEAM ? Optional.of(name) : Optional.empty(),
          Round.cents(mtdUsd),
          ceilingUsd == null ? null : Round.cents(ceilingUsd),
          Round.pct1(pct()),
          Round.cents(todayUsd),
          Round.cents(dailyBurnUsd),
          Round.cents(projectedUsd),
          Round.pct1(projectedPct()),
          exhaustionDate,
          level(),
          reached == null ? null : reached.atPercent(),
          reached == null ? List.of() : List.of(reached.action()),
          unpricedCalls,
          Round.ratio(unpricedCalls, calls, 4),
          unpricedCostUnitsShare(),
          scope == Scope.TOTAL && usageNanos > 0
              ? Optional.of(
                  UsdByBasis.ofNanos(
                      usageNanos,
                      eventNanos,
                      toolNanos,
                      n -> Round.cents(BigDecimal.valueOf(n, 9)),
                      priceTables))
              : Optional.empty(),
          EventBounds.saturated(usageNanos) ? Optional.of(true) : Optional.empty(),
          reservedUsd.signum() > 0 ? Optional.of(Round.cents(reservedUsd)) : Optional.empty(),
          split ? Optional.of(Round.cents(mtdUsd.subtract(cloudUsd))) : Optional.empty(),
          split ? Optional.of(Round.cents(cloudUsd)) : Optional.empty());
    }
  }

  private final Budget budget;
  private final Instant now;
  private final YearMonth month;
  private final LocalDate today;
  private final BigDecimal daysLeft;
  private final Line total;
  private final List<Line> agents;
  private final List<Line> teams;
  private final List<BudgetReport.DailyCap> dailyCaps;
  private final CloudSpend cloud;

  /** The price tables that priced the usage dollars, named once in the answer. */
  private final Optional<String> priceTables;

  /** Reserved-but-unsettled dollars per agent; the fleet's under the key null. */
  private final Map<String, BigDecimal> reserved;

  private BudgetStatus(
      Budget budget,
      Instant now,
      YearMonth month,
      LocalDate today,
      BigDecimal daysLeft,
      Line total,
      List<Line> agents,
      List<Line> teams,
      List<BudgetReport.DailyCap> dailyCaps,
      CloudSpend cloud,
      Optional<String> priceTables,
      Map<String, BigDecimal> reserved) {
    this.priceTables = priceTables;
    this.reserved = reserved;
    this.cloud = cloud;
    this.budget = budget;
    this.now = now;
    this.month = month;
    this.today = today;
    this.daysLeft = daysLeft;
    this.total = total;
    this.agents = agents;
    this.teams = teams;
    this.dailyCaps = dailyCaps;
  }

  /** The first day the spend series must start on: 7 days before the month of {@code now}. */
  public static LocalDate seriesStart(Budget budget, Instant now) {
    return YearMonth.from(now.atZone(budget.timezone())).atDay(1).minusDays(BURN_DAYS);
  }

  /** How many days the series must cover: from {@link #seriesStart} through today. */
  public static int seriesDays(Budget budget, Instant now) {
    LocalDate today = now.atZone(budget.timezone()).toLocalDate();
    return (int) (today.toEpochDay() - seriesStart(budget, now).toEpochDay()) + 1;
  }

  /**
   * @param byAgent spend per agent per day in the budget's zone, starting at {@link #seriesStart}
   *     and covering {@link #seriesDays} days, the last cut at {@code now}
   */
  public static BudgetStatus compute(Budget budget, SpendByAgent byAgent, Instant now) {
    return compute(budget, byAgent, CloudSpend.NONE, now);
  }

  /**
   * @param byAgent spend per agent per day in the budget's zone, starting at {@link #seriesStart}
   *     and covering {@link #seriesDays} days, the last cut at {@code now}
   * @param cloud the cloud bill over the same days, added to each agent's, team's and the fleet's
   *     spend; its agents without usage events (such as {@code untagged}) get lines of their own
   */
  public static BudgetStatus compute(
      Budget budget, SpendByAgent byAgent, CloudSpend cloud, Instant now) {
    ZoneId zone = budget.timezone();
    ZonedDateTime local = now.atZone(zone);
    YearMonth month = YearMonth.from(local);
    LocalDate today = local.toLocalDate();
    LocalDate start = seriesStart(budget, now);
    if (!byAgent.firstDay().equals(start)
        || byAgent.days() < seriesDays(budget, now)
        || (cloud.counted()
            && (!cloud.firstDay().equals(start) || cloud.days() != byAgent.days()))) {
      throw new IllegalArgumentException(
          "spend series must start on "
              + start
              + " and cover "
              + seriesDays(budget, now)
              + " days");
    }
    int monthFrom = (int) (month.atDay(1).toEpochDay() - start.toEpochDay());
    int todayIdx = (int) (today.toEpochDay() - start.toEpochDay());
    Instant monthEnd = month.plusMonths(1).atDay(1).atStartOfDay(zone).toInstant();
    BigDecimal daysLeft =
        new BigDecimal(Duration.between(now, monthEnd).getSeconds())
            .divide(DAY_SECONDS, 6, RoundingMode.HALF_EVEN)
            .max(BigDecimal.ZERO);

    TreeSet<String> names = new TreeSet<>(budget.perAgentCeilingUsd().keySet());
    int days = byAgent.days();
    SpendByAgent.Days fleet = SpendByAgent.Days.zero(days);
    for (int i = 0; i < byAgent.names().size(); i++) {
      String name = byAgent.names().get(i);
      fleet = fleet.plus(byAgent.row(i));
      boolean active = false;
      for (int j = monthFrom; j < days; j++) {
        active |= byAgent.calls()[i][j] > 0;
      }
      if (name != null && active) {
        names.add(name);
      }
    }
    BigDecimal[] totalCloud = zeros(days);
    for (String a : cloud.agents()) {
      boolean active = false;
      for (int j = 0; j < days; j++) {
        BigDecimal usd = cloud.usd(a, j);
        totalCloud[j] = totalCloud[j].add(usd);
        active |= j >= monthFrom && usd.signum() != 0;
      }
      if (active) {
        names.add(a);
      }
    }
    Month m = new Month(budget, monthFrom, todayIdx, daysLeft, now, monthEnd, zone, today);
    List<Line> agents = new ArrayList<>();
    for (String a : names) {
      agents.add(
          m.line(
              Scope.AGENT,
              a,
              byAgent.row(byAgent.indexOf(a)),
              cloudRow(cloud, a, days),
              budget.agentCeilingUsd(a).orElse(null)));
    }
    Line total =
        m.line(Scope.TOTAL, "total", fleet, totalCloud, budget.totalCeilingUsd().orElse(null));
    List<Line> teams = new ArrayList<>();
    for (TeamBudget t : new java.util.TreeMap<>(budget.teams()).values()) {
      SpendByAgent.Days usage = SpendByAgent.Days.zero(days);
      BigDecimal[] teamCloud = zeros(days);
      for (String a : t.agents()) {
        usage = usage.plus(byAgent.row(byAgent.indexOf(a)));
        for (int j = 0; j < days; j++) {
          teamCloud[j] = teamCloud[j].add(cloud.usd(a, j));
        }
      }
      teams.add(m.line(Scope.TEAM, t.name(), usage, teamCloud, t.ceilingUsd()));
    }
    List<BudgetReport.DailyCap> caps = new ArrayList<>();
    for (String a : new TreeSet<>(budget.dailyCapUsd().keySet())) {
      BigDecimal cap = budget.dailyCapUsd().get(a);
      int row = byAgent.indexOf(a);
      BigDecimal todayUsd =
          (row < 0 ? BigDecimal.ZERO : byAgent.usd(row, todayIdx)).add(cloud.usd(a, todayIdx));
      caps.add(
          new BudgetReport.DailyCap(
              a,
              today,
              Round.cents(todayUsd),
              Round.cents(cap),
              Round.pct1(percent(todayUsd, cap)),
              AlertLevel.of(budget.highestReached(todayUsd, cap)),
              todayUsd.compareTo(cap) > 0));
    }
    return new BudgetStatus(
        budget,
        now,
        month,
        today,
        daysLeft,
        total,
        agents,
        teams,
        caps,
        cloud,
        byAgent.priceTables(),
        Map.of());
  }

  private static BigDecimal[] zeros(int days) {
    BigDecimal[] z = new BigDecimal[days];
    java.util.Arrays.fill(z, BigDecimal.ZERO);
    return z;
  }

  private static BigDecimal[] cloudRow(CloudSpend cloud, String agent, int days) {
    BigDecimal[] row = new BigDecimal[days];
    for (int j = 0; j < days; j++) {
      row[j] = cloud.usd(agent, j);
    }
    return row;
  }

  /** What every line of one month's status is computed against. */
  private record Month(
      Budget budget,
      int monthFrom,
      int todayIdx,
      BigDecimal daysLeft,
      Instant now,
      Instant monthEnd,
      ZoneId zone,
      LocalDate today) {

    Line line(
        Scope scope, String name, SpendByAgent.Days usage, BigDecimal[] cloud, BigDecimal ceiling) {
      long[] nanos = usage.usdNanos();
      long mtd = 0;
      long unpricedMtd = 0;
      long callsMtd = 0;
      long unitsMtd = 0;
      long unpricedUnitsMtd = 0;
      long eventMtd = 0;
      long toolMtd = 0;
      BigDecimal cloudMtd = BigDecimal.ZERO;
      for (int j = monthFrom; j <= todayIdx; j++) {
        mtd = EventBounds.plus(mtd, nanos[j]);
        unpricedMtd = EventBounds.plus(unpricedMtd, usage.unpriced()[j]);
        callsMtd = EventBounds.plus(callsMtd, usage.calls()[j]);
        unitsMtd = EventBounds.plus(unitsMtd, usage.cost4()[j]);
        unpricedUnitsMtd = EventBounds.plus(unpricedUnitsMtd, usage.unpricedCost4()[j]);
        eventMtd = EventBounds.plus(eventMtd, usage.eventNanos()[j]);
        toolMtd = EventBounds.plus(toolMtd, usage.toolNanos()[j]);
        cloudMtd = cloudMtd.add(cloud[j]);
      }
      long burnSum = 0;
      BigDecimal cloudBurn = BigDecimal.ZERO;
      for (int j = todayIdx - BURN_DAYS; j < todayIdx; j++) {
        burnSum = EventBounds.plus(burnSum, nanos[j]);
        cloudBurn = cloudBurn.add(cloud[j]);
      }
      BigDecimal mtdUsd = BigDecimal.valueOf(mtd, 9).add(cloudMtd);
      BigDecimal burn =
          BigDecimal.valueOf(burnSum, 9)
              .add(cloudBurn)
              .divide(BigDecimal.valueOf(BURN_DAYS), 9, RoundingMode.HALF_EVEN);
      BigDecimal projected = mtdUsd.add(burn.multiply(daysLeft));
      LocalDate exhaustion = null;
      if (ceiling != null) {
        if (mtdUsd.compareTo(ceiling) >= 0) {
          exhaustion = today;
        } else if (burn.signum() > 0 && projected.compareTo(ceiling) >= 0) {
          BigDecimal days = ceiling.subtract(mtdUsd).divide(burn, 6, RoundingMode.CEILING);
          long seconds =
              days.multiply(DAY_SECONDS).setScale(0, RoundingMode.CEILING).longValueExact();
          Instant at = now.plusSeconds(seconds);
          exhaustion = at.isBefore(monthEnd) ? at.atZone(zone).toLocalDate() : null;
        }
      }
      AlertThreshold reached =
          ceiling == null ? null : budget.highestReached(mtdUsd, ceiling).orElse(null);
      return new Line(
          scope,
          name,
          mtdUsd,
          ceiling,
          BigDecimal.valueOf(nanos[todayIdx], 9).add(cloud[todayIdx]),
          burn,
          projected,
          exhaustion,
          unpricedMtd,
          callsMtd,
          unitsMtd,
          unpricedUnitsMtd,
          eventMtd,
          toolMtd,
          reached,
          BigDecimal.ZERO,
          cloudMtd);
    }
  }

  static BigDecimal percent(BigDecimal usd, BigDecimal ceiling) {
    return ceiling == null
        ? null
        : usd.multiply(HUNDRED).divide(ceiling, 12, RoundingMode.HALF_EVEN);
  }

  public Budget budget() {
    return budget;
  }

  public Instant now() {
    return now;
  }

  public YearMonth month() {
    return month;
  }

  public LocalDate today() {
    return today;
  }

  /** Days (with fractions) from now to the end of the month. */
  public BigDecimal daysLeft() {
    return daysLeft;
  }

  public Line total() {
    return total;
  }

  public List<Line> agents() {
    return agents;
  }

  public List<Line> teams() {
    return teams;
  }

  /**
   * The same status with reserved-but-unsettled dollars per agent (the fleet's under the key null);
   * a team's are the sum of its agents'. Shown as {@code reserved_usd} and counted by the gate
   * ({@link Line#committedUsd()}).
   */
  public BudgetStatus withReservations(Map<String, BigDecimal> byAgent) {
    if (byAgent.isEmpty()) {
      return this;
    }
    List<Line> a = new ArrayList<>();
    for (Line l : agents) {
      a.add(l.withReserved(byAgent.getOrDefault(l.name(), BigDecimal.ZERO)));
    }
    List<Line> t = new ArrayList<>();
    for (Line l : teams) {
      BigDecimal sum = BigDecimal.ZERO;
      for (String member : budget.teams().get(l.name()).agents()) {
        sum = sum.add(byAgent.getOrDefault(member, BigDecimal.ZERO));
      }
      t.add(l.withReserved(sum));
    }
    Map<String, BigDecimal> copy = new java.util.HashMap<>(byAgent);
    return new BudgetStatus(
        budget,
        now,
        month,
        today,
        daysLeft,
        total.withReserved(byAgent.getOrDefault(null, BigDecimal.ZERO)),
        a,
        t,
        dailyCaps,
        cloud,
        priceTables,
        java.util.Collections.unmodifiableMap(copy));
  }

  /** The agent's line; one without spend or ceiling has zeros. */
  public Line agent(String name) {
    for (Line l : agents) {
      if (l.name().equals(name)) {
        return l;
      }
    }
    return new Line(
        Scope.AGENT,
        name,
        BigDecimal.ZERO,
        budget.agentCeilingUsd(name).orElse(null),
        BigDecimal.ZERO,
        BigDecimal.ZERO,
        BigDecimal.ZERO,
        null,
        0,
        0,
        0,
        0,
        0,
        0,
        null,
        reserved.getOrDefault(name, BigDecimal.ZERO),
        BigDecimal.ZERO);
  }

  /** The answer of {@code check_budget} and {@code burnrate budget}; {@code only} limits agents. */
  public BudgetReport report(String only) {
    boolean split = cloud.counted();
    List<BudgetReport.Line> a = new ArrayList<>();
    for (Line l : agents) {
      if (only == null || only.equals(l.name())) {
        a.add(l.report(split));
      }
    }
    if (only != null && a.isEmpty()) {
      a.add(agent(only).report(split));
    }
    List<BudgetReport.Line> t = new ArrayList<>();
    teams.forEach(l -> t.add(l.report(split)));
    List<BudgetReport.DailyCap> caps = new ArrayList<>();
    for (BudgetReport.DailyCap c : dailyCaps) {
      if (only == null || only.equals(c.agent())) {
        caps.add(c);
      }
    }
    return new BudgetReport(
        month,
        budget.timezone(),
        now,
        Round.to(daysLeft, 2),
        total.report(split, priceTables),
        a,
        t,
        caps,
        budget.alerts(),
        cloud.note());
  }
}

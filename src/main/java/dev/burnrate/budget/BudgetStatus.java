package dev.burnrate.budget;

import dev.burnrate.usage.EventBounds;
import dev.burnrate.usage.Round;
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

    public AlertLevel level() {
      return AlertLevel.of(Optional.ofNullable(reached));
    }

    /** The line as shown; {@code split} adds usage and cloud dollars. */
    BudgetReport.Line report(boolean split) {
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
          EventBounds.saturated(mtdUsd.subtract(cloudUsd).movePointRight(9).longValue())
              ? Optional.of(true)
              : Optional.empty(),
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

  /** Of the month's cost units, the share on calls with no dollar value (when usage counts). */
  private final Optional<BigDecimal> unpricedCostUnitsShare;

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
      Optional<BigDecimal> unpricedCostUnitsShare,
      Map<String, BigDecimal> reserved) {
    this.unpricedCostUnitsShare = unpricedCostUnitsShare;
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
    long[] totalNanos = new long[byAgent.days()];
    long[] totalUnpriced = new long[byAgent.days()];
    long[] totalCalls = new long[byAgent.days()];
    for (int i = 0; i < byAgent.names().size(); i++) {
      String name = byAgent.names().get(i);
      boolean active = false;
      for (int j = 0; j < byAgent.days(); j++) {
        totalNanos[j] = EventBounds.plus(totalNanos[j], byAgent.usdNanos()[i][j]);
        totalUnpriced[j] = EventBounds.plus(totalUnpriced[j], byAgent.unpriced()[i][j]);
        totalCalls[j] = EventBounds.plus(totalCalls[j], byAgent.calls()[i][j]);
        active |= j >= monthFrom && byAgent.calls()[i][j] > 0;
      }
      if (name != null && active) {
        names.add(name);
      }
    }
    int days = byAgent.days();
    Optional<BigDecimal> unpricedUnitsShare = Optional.empty();
    if (byAgent.cost4().length == days && days > 0) {
      long units = 0;
      long unpricedUnits = 0;
      for (int j = Math.max(0, monthFrom); j <= todayIdx && j < days; j++) {
        units = EventBounds.plus(units, byAgent.cost4()[j]);
        unpricedUnits = EventBounds.plus(unpricedUnits, byAgent.unpricedCost4()[j]);
      }
      unpricedUnitsShare = Optional.of(Round.ratio(unpricedUnits, units, 4));
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
    List<Line> agents = new ArrayList<>();
    for (String a : names) {
      int row = byAgent.indexOf(a);
      long[] nanos = row < 0 ? new long[byAgent.days()] : byAgent.usdNanos()[row];
      long[] unpriced = row < 0 ? new long[byAgent.days()] : byAgent.unpriced()[row];
      long[] calls = row < 0 ? new long[byAgent.days()] : byAgent.calls()[row];
      agents.add(
          line(
              budget,
              Scope.AGENT,
              a,
              nanos,
              cloudRow(cloud, a, days),
              unpriced,
              calls,
              budget.agentCeilingUsd(a).orElse(null),
              monthFrom,
              todayIdx,
              daysLeft,
              now,
              monthEnd,
              zone,
              today));
    }
    Line total =
        line(
            budget,
            Scope.TOTAL,
            "total",
            totalNanos,
            totalCloud,
            totalUnpriced,
            totalCalls,
            budget.totalCeilingUsd().orElse(null),
            monthFrom,
            todayIdx,
            daysLeft,
            now,
            monthEnd,
            zone,
            today);
    List<Line> teams = new ArrayList<>();
    for (TeamBudget t : new java.util.TreeMap<>(budget.teams()).values()) {
      long[] nanos = new long[byAgent.days()];
      long[] unpriced = new long[byAgent.days()];
      BigDecimal[] teamCloud = zeros(days);
      long[] calls = new long[byAgent.days()];
      for (String a : t.agents()) {
        int row = byAgent.indexOf(a);
        for (int j = 0; row >= 0 && j < byAgent.days(); j++) {
          nanos[j] = EventBounds.plus(nanos[j], byAgent.usdNanos()[row][j]);
          unpriced[j] = EventBounds.plus(unpriced[j], byAgent.unpriced()[row][j]);
          calls[j] = EventBounds.plus(calls[j], byAgent.calls()[row][j]);
        }
        for (int j = 0; j < days; j++) {
          teamCloud[j] = teamCloud[j].add(cloud.usd(a, j));
        }
      }
      teams.add(
          line(
              budget,
              Scope.TEAM,
              t.name(),
              nanos,
              teamCloud,
              unpriced,
              calls,
              t.ceilingUsd(),
              monthFrom,
              todayIdx,
              daysLeft,
              now,
              monthEnd,
              zone,
              today));
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
        unpricedUnitsShare,
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

  private static Line line(
      Budget budget,
      Scope scope,
      String name,
      long[] nanos,
      BigDecimal[] cloud,
      long[] unpriced,
      long[] calls,
      BigDecimal ceiling,
      int monthFrom,
      int todayIdx,
      BigDecimal daysLeft,
      Instant now,
      Instant monthEnd,
      ZoneId zone,
      LocalDate today) {
    long mtd = 0;
    long unpricedMtd = 0;
    long callsMtd = 0;
    for (int j = monthFrom; j <= todayIdx; j++) {
      mtd = EventBounds.plus(mtd, nanos[j]);
      unpricedMtd = EventBounds.plus(unpricedMtd, unpriced[j]);
      callsMtd = EventBounds.plus(callsMtd, calls[j]);
    }
    BigDecimal cloudMtd = BigDecimal.ZERO;
    for (int j = monthFrom; j <= todayIdx; j++) {
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
        reached,
        BigDecimal.ZERO,
        cloudMtd);
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
        unpricedCostUnitsShare,
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
        total.report(split),
        unpricedCostUnitsShare,
        a,
        t,
        caps,
        budget.alerts(),
        cloud.note());
  }
}

package dev.burnrate.reserve;

import dev.burnrate.budget.Budget;
import dev.burnrate.budget.TeamBudget;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Which scopes apply to a request and their hard limits. Monthly ceilings (agent, team, fleet) stop
 * at the budget's freeze threshold: the highest alert threshold's share of the ceiling (100 % when
 * no alert is configured), since that is where {@code budget.yaml} says spending stops. Daily caps,
 * run ceilings and rolling caps are hard limits as written. Months and days are counted in the
 * budget's time zone; rolling windows are trailing durations that ignore it.
 */
public final class Scopes {
  public static final Duration HOUR = Duration.ofHours(1);
  public static final Duration DAY = Duration.ofHours(24);
  private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);

  private Scopes() {}

  /**
   * The scopes a request of {@code agent} (in {@code run}, when it names one) is checked against at
   * {@code now}, in a fixed order: agent month, teams, fleet, agent day, run, last hour, last 24 h.
   */
  public static List<Scope> applicable(
      Budget budget, ReservePolicy policy, String agent, Optional<String> run, Instant now) {
    ZoneId zone = budget.timezone();
    LocalDate today = now.atZone(zone).toLocalDate();
    YearMonth month = YearMonth.from(today);
    Instant monthStart = month.atDay(1).atStartOfDay(zone).toInstant();
    Instant monthEnd = month.plusMonths(1).atDay(1).atStartOfDay(zone).toInstant();
    BigDecimal freezePct =
        budget.alerts().isEmpty()
            ? HUNDRED
            : budget.alerts().get(budget.alerts().size() - 1).atPercent();
    List<Scope> out = new ArrayList<>();
    budget
        .agentCeilingUsd(agent)
        .ifPresent(
            c ->
                out.add(
                    new Scope(
                        ScopeKind.AGENT_MONTH, agent, freeze(c, freezePct), monthStart, monthEnd)));
    budget.teams().values().stream()
        .filter(t -> t.agents().contains(agent))
        .sorted(java.util.Comparator.comparing(TeamBudget::name))
        .forEach(
            t ->
                out.add(
                    new Scope(
                        ScopeKind.TEAM_MONTH,
                        t.name(),
                        freeze(t.ceilingUsd(), freezePct),
                        monthStart,
                        monthEnd)));
    budget
        .totalCeilingUsd()
        .ifPresent(
            c ->
                out.add(
                    new Scope(
                        ScopeKind.FLEET_MONTH,
                        "total",
                        freeze(c, freezePct),
                        monthStart,
                        monthEnd)));
    BigDecimal daily = budget.dailyCapUsd().get(agent);
    if (daily != null) {
      out.add(
          new Scope(
              ScopeKind.AGENT_DAY,
              agent,
              Usd.limitNanos(daily),
              today.atStartOfDay(zone).toInstant(),
              today.plusDays(1).atStartOfDay(zone).toInstant()));
    }
    if (run.isPresent()) {
      policy
          .runCeilingUsd(agent)
          .ifPresent(
              c -> out.add(new Scope(ScopeKind.RUN, run.get(), Usd.limitNanos(c), null, null)));
    }
    ReservePolicy.RollingCaps caps = policy.rollingCapsUsd().get(agent);
    if (caps != null) {
      caps.lastHourUsd()
          .ifPresent(
              c ->
                  out.add(
                      new Scope(
                          ScopeKind.AGENT_LAST_HOUR,
                          agent,
                          Usd.limitNanos(c),
                          now.minus(HOUR),
                          now.plus(HOUR))));
      caps.last24hUsd()
          .ifPresent(
              c ->
                  out.add(
                      new Scope(
                          ScopeKind.AGENT_LAST_24H,
                          agent,
                          Usd.limitNanos(c),
                          now.minus(DAY),
                          now.plus(DAY))));
    }
    return List.copyOf(out);
  }

  /** The agents of every team named by a team scope in {@code scopes}, keyed by team. */
  public static java.util.Map<String, Set<String>> teamAgents(Budget budget) {
    java.util.Map<String, Set<String>> out = new java.util.HashMap<>();
    budget.teams().forEach((name, t) -> out.put(name, Set.copyOf(t.agents())));
    return out;
  }

  private static long freeze(BigDecimal ceiling, BigDecimal pct) {
    return Usd.limitNanos(ceiling.multiply(pct).divide(HUNDRED));
  }
}

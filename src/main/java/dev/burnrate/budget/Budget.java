package dev.burnrate.budget;

import dev.burnrate.downgrade.Downgrade;
import java.math.BigDecimal;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Validated {@code budget.yaml}: monthly ceilings (fleet total, per agent, per team), daily caps,
 * the alert thresholds sorted by percentage, downgrade rules, alert delivery and where spend
 * figures come from. Months and days are counted in {@code timezone}.
 *
 * @param totalCeilingUsd the fleet-wide monthly ceiling, empty when none is configured
 */
public record Budget(
    ZoneId timezone,
    Optional<BigDecimal> totalCeilingUsd,
    Map<String, BigDecimal> perAgentCeilingUsd,
    List<AlertThreshold> alerts,
    Map<String, BigDecimal> dailyCapUsd,
    Map<String, TeamBudget> teams,
    Downgrade downgrade,
    Notifications notifications,
    Set<CostSource> costSources) {

  /** No ceilings, no alerts: what a config directory without {@code budget.yaml} means. */
  public static final Budget EMPTY =
      new Budget(
          ZoneId.of("UTC"),
          Optional.empty(),
          Map.of(),
          List.of(),
          Map.of(),
          Map.of(),
          Downgrade.DISABLED,
          Notifications.NONE,
          Set.of(CostSource.USAGE));

  public Budget {
    Objects.requireNonNull(timezone, "timezone");
    Objects.requireNonNull(totalCeilingUsd, "totalCeilingUsd");
    Objects.requireNonNull(downgrade, "downgrade");
    Objects.requireNonNull(notifications, "notifications");
    totalCeilingUsd.ifPresent(t -> requirePositive("monthly_ceiling_usd.total", t));
    perAgentCeilingUsd.forEach((a, usd) -> requirePositive("per_agent." + a, usd));
    dailyCapUsd.forEach((a, usd) -> requirePositive("daily_cap_usd." + a, usd));
    perAgentCeilingUsd = Map.copyOf(perAgentCeilingUsd);
    dailyCapUsd = Map.copyOf(dailyCapUsd);
    teams = Map.copyOf(teams);
    costSources = Set.copyOf(costSources);
    if (costSources.isEmpty()) {
      throw new IllegalArgumentException("cost_sources must name at least one source");
    }
    List<AlertThreshold> sorted = new ArrayList<>(alerts);
    sorted.sort(null);
    for (int i = 1; i < sorted.size(); i++) {
      if (sorted.get(i).compareTo(sorted.get(i - 1)) == 0) {
        throw new IllegalArgumentException(
            "two alerts at " + sorted.get(i).atPercent().toPlainString() + " %");
      }
    }
    alerts = List.copyOf(sorted);
  }

  /** The monthly ceiling of one agent, if it has its own. */
  public Optional<BigDecimal> agentCeilingUsd(String agent) {
    return Optional.ofNullable(perAgentCeilingUsd.get(agent));
  }

  /** The most severe threshold reached by {@code usd} of {@code ceilingUsd}, if any. */
  public Optional<AlertThreshold> highestReached(BigDecimal usd, BigDecimal ceilingUsd) {
    List<AlertThreshold> all = reached(usd, ceilingUsd);
    return all.isEmpty() ? Optional.empty() : Optional.of(all.get(all.size() - 1));
  }

  /** Every threshold reached by {@code usd} of {@code ceilingUsd}, lowest first. */
  public List<AlertThreshold> reached(BigDecimal usd, BigDecimal ceilingUsd) {
    List<AlertThreshold> out = new ArrayList<>();
    for (AlertThreshold t : alerts) {
      if (t.reachedBy(usd, ceilingUsd)) {
        out.add(t);
      }
    }
    return out;
  }

  /** The lowest threshold with {@code action}, if the budget has one. */
  public Optional<AlertThreshold> threshold(AlertAction action) {
    return alerts.stream().filter(t -> t.action() == action).findFirst();
  }

  private static void requirePositive(String what, BigDecimal usd) {
    Objects.requireNonNull(usd, what);
    if (usd.signum() <= 0) {
      throw new IllegalArgumentException(what + " " + usd.toPlainString() + " must be positive");
    }
  }
}

package dev.burnrate.control;

import dev.burnrate.budget.Budget;
import dev.burnrate.budget.CloudSpend;
import dev.burnrate.budget.CostSource;
import dev.burnrate.cloud.CloudCosts;
import dev.burnrate.cloud.CloudCostsFile;
import dev.burnrate.engine.CostEngine;
import dev.burnrate.usage.Round;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.List;

/**
 * The cached cloud bill as a budget counts it: each bill line counted once against usage events
 * (see {@link CloudCosts}) when the budget counts usage too.
 */
final class CountedBill {
  private final Budget budget;
  private final CloudCostsFile cloud;

  CountedBill(Budget budget, CloudCostsFile cloud) {
    this.budget = budget;
    this.cloud = cloud;
  }

  /** The bill's dollars on the UTC days that start in {@code [from, to)}. */
  BigDecimal usdOfDaysStartingIn(CostEngine engine, Instant from, Instant to) {
    LocalDate first = ceilDay(from);
    LocalDate end = ceilDay(to);
    BigDecimal usd = BigDecimal.ZERO;
    if (first.isBefore(end)) {
      int days = (int) Math.min(400, end.toEpochDay() - first.toEpochDay());
      try {
        for (CloudCosts.AgentDay d : billed(cloud.current(), engine, first, days, to)) {
          usd = usd.add(d.usd());
        }
      } catch (IOException e) {
        throw new java.io.UncheckedIOException("the cached cloud bill cannot be read", e);
      }
    }
    return usd;
  }

  /**
   * The cached cloud bill over the series' days; an unreadable cache counts nothing and says so.
   */
  CloudSpend spend(CostEngine engine, LocalDate first, int days, Instant anchor, Instant end) {
    LocalDate monthStart = YearMonth.from(anchor.atZone(budget.timezone())).atDay(1);
    LocalDate today = anchor.atZone(budget.timezone()).toLocalDate();
    CloudCosts costs;
    try {
      costs = cloud.current();
    } catch (IOException e) {
      return new CloudSpend.Builder(first, days)
          .build(
              new CloudSpend.Note(
                  "cloud costs not counted: " + e.getMessage(),
                  (int) (today.toEpochDay() - monthStart.toEpochDay()),
                  BigDecimal.ZERO));
    }
    CloudSpend.Builder b = new CloudSpend.Builder(first, days);
    BigDecimal replaced = BigDecimal.ZERO;
    for (CloudCosts.AgentDay d : billed(costs, engine, first, days, end)) {
      b.add(d.agent(), d.day(), d.usd());
      if (!d.day().isBefore(monthStart)) {
        replaced = replaced.add(d.replacedByUsageUsd());
      }
    }
    return b.build(
        new CloudSpend.Note(
            costs.freshness(anchor).summary(),
            costs.missingDays(monthStart, today).size(),
            Round.cents(replaced)));
  }

  /**
   * The bill's spend per agent and UTC day over {@code days} days from {@code first}, each line
   * counted once against usage events (when the budget counts usage) as of {@code end}.
   */
  private List<CloudCosts.AgentDay> billed(
      CloudCosts costs, CostEngine engine, LocalDate first, int days, Instant end) {
    CloudCosts.UsagePriced priced =
        budget.costSources().contains(CostSource.USAGE)
            ? engine.pricedByUsage(first, days, end)::test
            : CloudCosts.UsagePriced.NONE;
    return costs.byAgentAndDay(first, first.plusDays(days), priced);
  }

  /** The first UTC date that starts at or after {@code t}. */
  private static LocalDate ceilDay(Instant t) {
    LocalDate d = LocalDate.ofInstant(t, ZoneOffset.UTC);
    return d.atStartOfDay(ZoneOffset.UTC).toInstant().equals(t) ? d : d.plusDays(1);
  }
}

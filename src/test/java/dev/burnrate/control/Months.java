package dev.burnrate.control;

import dev.burnrate.budget.AlertAction;
import dev.burnrate.budget.AlertThreshold;
import dev.burnrate.budget.Budget;
import dev.burnrate.budget.BudgetStatus;
import dev.burnrate.budget.CostSource;
import dev.burnrate.budget.Notifications;
import dev.burnrate.budget.SpendByAgent;
import dev.burnrate.downgrade.Downgrade;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Hand-made budget months for the control loop's tests: one agent's spend on one day. */
final class Months {
  static final Instant NOW = Instant.parse("2026-03-20T12:00:00Z");
  static final List<AlertThreshold> ALERTS =
      List.of(
          new AlertThreshold(BigDecimal.valueOf(80), AlertAction.NOTIFY),
          new AlertThreshold(BigDecimal.valueOf(95), AlertAction.VETO_NEW_DEPLOYS),
          new AlertThreshold(BigDecimal.valueOf(100), AlertAction.FREEZE_AND_ESCALATE));

  private Months() {}

  static Budget budget(String total, Map<String, BigDecimal> perAgent) {
    return new Budget(
        ZoneId.of("UTC"),
        Optional.ofNullable(total).map(BigDecimal::new),
        perAgent,
        ALERTS,
        Map.of(),
        Map.of(),
        Downgrade.DISABLED,
        Notifications.NONE,
        Set.of(CostSource.USAGE));
  }

  /** {@code agent} spent {@code usd} on March 10th, nothing else happened. */
  static BudgetStatus status(Budget budget, String agent, String usd) {
    LocalDate first = BudgetStatus.seriesStart(budget, NOW);
    int days = BudgetStatus.seriesDays(budget, NOW);
    long[][] nanos = new long[1][days];
    long[][] calls = new long[1][days];
    int day = (int) (LocalDate.parse("2026-03-10").toEpochDay() - first.toEpochDay());
    nanos[0][day] = new BigDecimal(usd).movePointRight(9).longValueExact();
    calls[0][day] = 1;
    return BudgetStatus.compute(
        budget,
        new SpendByAgent(
            first,
            days,
            List.of(agent),
            nanos,
            calls,
            new long[1][days],
            new long[1][days],
            new long[1][days],
            nanos,
            new long[1][days],
            java.util.Optional.empty()),
        NOW);
  }
}

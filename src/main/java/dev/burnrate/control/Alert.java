package dev.burnrate.control;

import dev.burnrate.budget.AlertAction;
import dev.burnrate.budget.Scope;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.YearMonth;
import java.util.Objects;

/**
 * One alert, raised once per (scope, threshold, month): {@code cost/alerts/<id>.json}, the body
 * posted to webhooks (with {@code text} first) and a line of the daily run's answer.
 *
 * @param name the agent's or team's name; {@code total} for the fleet
 * @param text the message for chat webhooks, names escaped as markdown
 */
public record Alert(
    String id,
    YearMonth month,
    Scope scope,
    String name,
    BigDecimal thresholdPct,
    AlertAction action,
    BigDecimal pct,
    BigDecimal mtdUsd,
    BigDecimal ceilingUsd,
    BigDecimal projectedMonthEndUsd,
    Instant raisedAt,
    String text) {

  public Alert {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(scope, "scope");
    Objects.requireNonNull(action, "action");
    Objects.requireNonNull(text, "text");
  }
}

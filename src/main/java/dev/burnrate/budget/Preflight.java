package dev.burnrate.budget;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The deploy gate. For a target {@code agent[:version]} and the deploy's additional cost this month
 * (or, without one, the agent's 7-day average daily spend times the days left), it vetoes when:
 *
 * <ol>
 *   <li>a freeze is active for the month;
 *   <li>month-to-date plus the estimate exceeds the fleet's monthly ceiling, or the agent's
 *       ("projected monthly ceiling exceeded");
 *   <li>the fleet's or the agent's month-to-date share is already at or above the {@code
 *       veto-new-deploys} threshold.
 * </ol>
 *
 * Otherwise it passes, with a warning when the projection reaches the {@code notify} threshold. A
 * valid, unexpired override for the agent turns a veto into a pass and is shown. Dollars are
 * compared with dollars and percentages with percentages, exactly.
 */
public final class Preflight {
  private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);

  private Preflight() {}

  /**
   * @param estimateUsd the deploy's additional cost this month; empty to estimate it
   * @param freeze where the active freeze is recorded, empty when none
   * @param override the agent's override file, parsed, if present and well-formed
   * @param warnings problems found on the way (a malformed override), shown in the answer
   */
  public static Map<String, Object> decide(BudgetStatus status, String target,
      Optional<BigDecimal> estimateUsd, Optional<String> freeze, Optional<DeployOverride> override,
      String overridePath, List<String> warnings) {
    String agent = agentOf(target);
    BudgetStatus.Line total = status.total();
    BudgetStatus.Line mine = status.agent(agent);
    List<String> notes = new ArrayList<>(warnings);

    BigDecimal estimate;
    String basis;
    if (estimateUsd.isPresent()) {
      estimate = estimateUsd.get();
      basis = "given by the caller";
    } else {
      estimate = mine.dailyBurnUsd().multiply(status.daysLeft()).setScale(9, RoundingMode.HALF_EVEN);
      basis = "no estimate given: " + agent + "'s average daily spend over the last 7 complete days ($"
          + BudgetStatus.usd(mine.dailyBurnUsd()).toPlainString() + ") x "
          + status.daysLeft().setScale(2, RoundingMode.HALF_EVEN).toPlainString()
          + " days left in the month";
      notes.add("no estimated_cost_usd was given; " + basis.substring("no estimate given: ".length()));
    }

    Optional<AlertThreshold> veto = threshold(status.budget(), AlertAction.VETO_NEW_DEPLOYS);
    Optional<AlertThreshold> notify = threshold(status.budget(), AlertAction.NOTIFY);
    String decision = "pass";
    String reason = "within budget";
    String rule = null;
    BudgetStatus.Line decidedBy = total.ceilingUsd() != null ? total : mine;

    if (freeze.isPresent()) {
      decision = "veto";
      reason = "spending is frozen for " + status.month() + " (freeze-and-escalate reached)";
      rule = "freeze";
    } else {
      for (BudgetStatus.Line l : List.of(total, mine)) {
        if (l.ceilingUsd() != null && l.mtdUsd().add(estimate).compareTo(l.ceilingUsd()) > 0) {
          decision = "veto";
          reason = l == total ? "projected monthly ceiling exceeded"
              : "projected monthly ceiling of agent " + agent + " exceeded";
          rule = "ceiling";
          decidedBy = l;
          break;
        }
      }
      if (decision.equals("pass") && veto.isPresent()) {
        for (BudgetStatus.Line l : List.of(total, mine)) {
          if (l.ceilingUsd() != null && reachedBy(l.mtdUsd(), l.ceilingUsd(), veto.get())) {
            decision = "veto";
            reason = (l == total ? "monthly spend" : "agent " + agent + "'s monthly spend") + " is at "
                + BudgetStatus.show(l.pct()).toPlainString() + " % of its ceiling, at or above the "
                + veto.get().atPercent().toPlainString() + " % veto-new-deploys threshold";
            rule = "veto-new-deploys";
            decidedBy = l;
            break;
          }
        }
      }
    }
    if (decision.equals("pass") && notify.isPresent()) {
      for (BudgetStatus.Line l : List.of(total, mine)) {
        if (l.ceilingUsd() != null && reachedBy(l.mtdUsd().add(estimate), l.ceilingUsd(), notify.get())) {
          notes.add((l == total ? "the fleet" : "agent " + agent) + " would reach "
              + BudgetStatus.show(BudgetStatus.percent(l.mtdUsd().add(estimate), l.ceilingUsd())).toPlainString()
              + " % of its monthly ceiling, past the " + notify.get().atPercent().toPlainString()
              + " % notify threshold");
        }
      }
    }

    Map<String, Object> ov = new LinkedHashMap<>();
    ov.put("path", overridePath);
    ov.put("present", override.isPresent());
    ov.put("applied", false);
    boolean vetoed = decision.equals("veto");
    if (override.isPresent()) {
      DeployOverride o = override.get();
      ov.put("reason", o.reason());
      ov.put("approver", o.approver());
      ov.put("expires_at", o.expiresAt().toString());
      if (!o.activeAt(status.now())) {
        notes.add("the override at " + overridePath + " expired at " + o.expiresAt() + " and was ignored");
      } else if (vetoed) {
        ov.put("applied", true);
        decision = "pass";
        reason = "overridden by " + o.approver() + " (" + o.reason() + ") until " + o.expiresAt()
            + "; without it: " + reason;
      }
    }

    BigDecimal projected = decidedBy.mtdUsd().add(estimate);
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("target", target);
    m.put("agent", agent);
    m.put("decision", decision);
    m.put("reason", reason);
    m.put("rule", rule);
    m.put("scope", decidedBy == total ? "total" : "agent");
    m.put("ceiling_usd", decidedBy.ceilingUsd() == null ? null : BudgetStatus.usd(decidedBy.ceilingUsd()));
    m.put("mtd_usd", BudgetStatus.usd(decidedBy.mtdUsd()));
    m.put("mtd_pct", BudgetStatus.show(decidedBy.pct()));
    m.put("estimated_cost_usd", BudgetStatus.usd(estimate));
    m.put("estimate_basis", basis);
    m.put("projected_usd", BudgetStatus.usd(projected));
    m.put("projected_pct", BudgetStatus.show(BudgetStatus.percent(projected, decidedBy.ceilingUsd())));
    m.put("month_end_forecast_usd", BudgetStatus.usd(decidedBy.projectedUsd().add(estimate)));
    m.put("month_end_forecast_pct",
        BudgetStatus.show(BudgetStatus.percent(decidedBy.projectedUsd().add(estimate), decidedBy.ceilingUsd())));
    Map<String, Object> agentNumbers = new LinkedHashMap<>();
    agentNumbers.put("mtd_usd", BudgetStatus.usd(mine.mtdUsd()));
    agentNumbers.put("ceiling_usd", mine.ceilingUsd() == null ? null : BudgetStatus.usd(mine.ceilingUsd()));
    agentNumbers.put("pct", BudgetStatus.show(mine.pct()));
    agentNumbers.put("daily_burn_usd", BudgetStatus.usd(mine.dailyBurnUsd()));
    m.put("agent_budget", agentNumbers);
    m.put("freeze", freeze.orElse(null));
    m.put("override", ov);
    m.put("warnings", notes);
    m.put("month", status.month().toString());
    m.put("decided_at", status.now().toString());
    return m;
  }

  /** {@code agent} of {@code agent:version}. */
  public static String agentOf(String target) {
    int colon = target.indexOf(':');
    return colon < 0 ? target : target.substring(0, colon);
  }

  private static boolean reachedBy(BigDecimal usd, BigDecimal ceiling, AlertThreshold t) {
    return usd.multiply(HUNDRED).compareTo(t.atPercent().multiply(ceiling)) >= 0;
  }

  /** The lowest threshold with {@code action}, if the budget has one. */
  static Optional<AlertThreshold> threshold(Budget budget, AlertAction action) {
    return budget.alerts().stream().filter(t -> t.action() == action).findFirst();
  }
}

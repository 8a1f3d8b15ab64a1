package dev.burnrate.budget;

import dev.burnrate.usage.QueryException;
import dev.burnrate.usage.Round;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

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
  /**
   * What a target may look like: an agent, optionally {@code :version}. It becomes part of a file
   * name, so nothing else is let through. The MCP tool's input schema states the same pattern.
   */
  public static final String TARGET = "[A-Za-z0-9._-]{1,128}(:[A-Za-z0-9._+-]{1,64})?";

  private static final Pattern TARGET_PATTERN = Pattern.compile(TARGET);

  private Preflight() {}

  /** Checks a target name, which also becomes part of a file name. */
  public static String requireTarget(String target) {
    if (target == null || !TARGET_PATTERN.matcher(target).matches()) {
      throw new QueryException(
          "target",
          "'"
              + target
              + "' is not an agent or agent:version;"
              + " use letters, digits, '.', '_' and '-', e.g. release-2 or release-2:1.4.0");
    }
    return target;
  }

  /** Checks the deploy's estimated additional cost. */
  public static void requireEstimate(Optional<BigDecimal> estimateUsd) {
    estimateUsd.ifPresent(
        e -> {
          if (e.signum() < 0) {
            throw new QueryException(
                "estimated_cost_usd",
                e.toPlainString()
                    + " is negative;"
                    + " pass the deploy's additional cost this month in dollars");
          }
        });
  }

  /**
   * @param estimateUsd the deploy's additional cost this month; empty to estimate it
   * @param freeze where the active freeze is recorded, empty when none
   * @param override the agent's override file, parsed, if present and well-formed
   * @param warnings problems found on the way (a malformed override), shown in the answer
   */
  public static PreflightDecision decide(
      BudgetStatus status,
      String target,
      Optional<BigDecimal> estimateUsd,
      Optional<String> freeze,
      Optional<DeployOverride> override,
      String overridePath,
      List<String> warnings) {
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
      estimate = Round.to(mine.dailyBurnUsd().multiply(status.daysLeft()), 9);
      basis =
          "no estimate given: "
              + agent
              + "'s average daily spend over the last 7 complete days ($"
              + Round.cents(mine.dailyBurnUsd()).toPlainString()
              + ") x "
              + Round.to(status.daysLeft(), 2).toPlainString()
              + " days left in the month";
      notes.add(
          "no estimated_cost_usd was given; " + basis.substring("no estimate given: ".length()));
    }

    Budget budget = status.budget();
    Optional<AlertThreshold> veto = budget.threshold(AlertAction.VETO_NEW_DEPLOYS);
    Optional<AlertThreshold> notify = budget.threshold(AlertAction.NOTIFY);
    String reason = "within budget";
    PreflightDecision.Rule rule = null;
    BudgetStatus.Line decidedBy = total.ceilingUsd() != null ? total : mine;

    if (freeze.isPresent()) {
      reason = "spending is frozen for " + status.month() + " (freeze-and-escalate reached)";
      rule = PreflightDecision.Rule.FREEZE;
    } else {
      for (BudgetStatus.Line l : List.of(total, mine)) {
        if (l.ceilingUsd() != null
            && l.committedUsd().add(estimate).compareTo(l.ceilingUsd()) > 0) {
          reason =
              l == total
                  ? "projected monthly ceiling exceeded"
                  : "projected monthly ceiling of agent " + agent + " exceeded";
          rule = PreflightDecision.Rule.CEILING;
          decidedBy = l;
          break;
        }
      }
      if (rule == null && veto.isPresent()) {
        for (BudgetStatus.Line l : List.of(total, mine)) {
          if (l.ceilingUsd() != null && veto.get().reachedBy(l.committedUsd(), l.ceilingUsd())) {
            reason =
                (l == total ? "monthly spend" : "agent " + agent + "'s monthly spend")
                    + " is at "
                    + Round.pct1(l.pct()).toPlainString()
                    + " % of its ceiling, at or above the "
                    + veto.get().atPercent().toPlainString()
                    + " % veto-new-deploys threshold";
            rule = PreflightDecision.Rule.VETO_NEW_DEPLOYS;
            decidedBy = l;
            break;
          }
        }
      }
    }
    if (rule == null && notify.isPresent()) {
      for (BudgetStatus.Line l : List.of(total, mine)) {
        if (l.ceilingUsd() != null
            && notify.get().reachedBy(l.committedUsd().add(estimate), l.ceilingUsd())) {
          notes.add(
              (l == total ? "the fleet" : "agent " + agent)
                  + " would reach "
                  + Round.pct1(BudgetStatus.percent(l.committedUsd().add(estimate), l.ceilingUsd()))
                      .toPlainString()
                  + " % of its monthly ceiling, past the "
                  + notify.get().atPercent().toPlainString()
                  + " % notify threshold");
        }
      }
    }

    boolean vetoed = rule != null;
    boolean applied = false;
    if (override.isPresent()) {
      DeployOverride o = override.get();
      if (!o.activeAt(status.now())) {
        notes.add(
            "the override at "
                + overridePath
                + " expired at "
                + o.expiresAt()
                + " and was ignored");
      } else if (vetoed) {
        applied = true;
        reason =
            "overridden by "
                + o.approver()
                + " ("
                + o.reason()
                + ") until "
                + o.expiresAt()
                + "; without it: "
                + reason;
      }
    }
    PreflightDecision.OverrideUse use =
        new PreflightDecision.OverrideUse(
            overridePath,
            override.isPresent(),
            applied,
            override.map(DeployOverride::reason),
            override.map(DeployOverride::approver),
            override.map(DeployOverride::expiresAt),
            vetoed && !applied
                ? Optional.of(request(agent, overridePath, status.now()))
                : Optional.empty());
    boolean frozen = freeze.isPresent();
    PreflightDecision.Headroom headroom =
        new PreflightDecision.Headroom(headroom(total, frozen, veto), headroom(mine, frozen, veto));

    BigDecimal projected = decidedBy.committedUsd().add(estimate);
    BigDecimal forecast = decidedBy.projectedUsd().add(estimate);
    PreflightDecision.Findings findings =
        new PreflightDecision.Findings(
            reason,
            rule,
            decidedBy == total ? Scope.TOTAL : Scope.AGENT,
            decidedBy.ceilingUsd() == null ? null : Round.cents(decidedBy.ceilingUsd()),
            Round.cents(decidedBy.mtdUsd()),
            Round.pct1(decidedBy.pct()),
            Round.cents(estimate),
            basis,
            Round.cents(projected),
            Round.pct1(BudgetStatus.percent(projected, decidedBy.ceilingUsd())),
            Round.cents(forecast),
            Round.pct1(BudgetStatus.percent(forecast, decidedBy.ceilingUsd())),
            headroom,
            new PreflightDecision.AgentBudget(
                Round.cents(mine.mtdUsd()),
                mine.ceilingUsd() == null ? null : Round.cents(mine.ceilingUsd()),
                Round.pct1(mine.pct()),
                Round.cents(mine.dailyBurnUsd())),
            freeze.orElse(null),
            use,
            notes,
            status.month(),
            status.now());
    return vetoed && !applied
        ? new PreflightDecision.Veto(target, agent, findings)
        : new PreflightDecision.Pass(target, agent, findings);
  }

  /**
   * The largest estimate that passes in one scope: what is left under its ceiling (a projection
   * equal to the ceiling passes), rounded down to the cent; 0 when frozen or at the
   * veto-new-deploys threshold already, which no estimate changes; null without a ceiling.
   */
  static BigDecimal headroom(
      BudgetStatus.Line line, boolean frozen, Optional<AlertThreshold> veto) {
    if (line.ceilingUsd() == null) {
      return null;
    }
    if (frozen
        || (veto.isPresent() && veto.get().reachedBy(line.committedUsd(), line.ceilingUsd()))) {
      return Round.cents(BigDecimal.ZERO);
    }
    BigDecimal left = line.ceilingUsd().subtract(line.committedUsd());
    return Round.centsDown(left.signum() < 0 ? BigDecimal.ZERO : left);
  }

  /** The override a human writes to lift this veto, and how to ask for one. */
  static PreflightDecision.OverrideRequest request(String agent, String path, Instant now) {
    return new PreflightDecision.OverrideRequest(
        new PreflightDecision.OverrideFields(
            agent,
            "<why this deploy must go ahead despite the budget>",
            "<who approves the extra spend>",
            now.plus(Duration.ofDays(1))),
        "ask a budget owner to approve; a human with access to the data directory then runs"
            + " `burnrate override AGENT --reason TEXT --approver WHO --for 1d` (AGENT: the"
            + " fields' agent) or writes these four keys as YAML to "
            + path
            + " (expires_at: any future time with a zone; a day ahead is suggested), and the"
            + " deploy is preflighted again. An agent does not write its own override.");
  }

  /** {@code agent} of {@code agent:version}. */
  public static String agentOf(String target) {
    int colon = target.indexOf(':');
    return colon < 0 ? target : target.substring(0, colon);
  }
}

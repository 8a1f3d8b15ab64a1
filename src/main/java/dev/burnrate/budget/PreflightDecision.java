package dev.burnrate.budget;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.YearMonth;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The gate's answer for one deploy: {@link Pass} or {@link Veto}, each with the numbers it was
 * decided on. A veto always names its {@link Rule}; a pass names one only when an override lifted
 * that rule's veto. On the wire (and in {@code state/preflight-<target>.json}) it is one object:
 * {@code target}, {@code agent}, {@code decision} ({@code pass} or {@code veto}), then the
 * findings.
 */
public sealed interface PreflightDecision permits PreflightDecision.Pass, PreflightDecision.Veto {

  String target();

  String agent();

  Findings findings();

  /** {@code pass} or {@code veto}, as shown. */
  String decision();

  /** Whether the deploy may go ahead. */
  boolean passed();

  record Pass(String target, String agent, Findings findings) implements PreflightDecision {
    public Pass {
      Objects.requireNonNull(target, "target");
      Objects.requireNonNull(agent, "agent");
      Objects.requireNonNull(findings, "findings");
      if (findings.rule() != null && !findings.override().applied()) {
        throw new IllegalArgumentException("a pass names a rule only when an override lifted it");
      }
    }

    @Override
    public String decision() {
      return "pass";
    }

    @Override
    public boolean passed() {
      return true;
    }
  }

  record Veto(String target, String agent, Findings findings) implements PreflightDecision {
    public Veto {
      Objects.requireNonNull(target, "target");
      Objects.requireNonNull(agent, "agent");
      Objects.requireNonNull(findings, "findings");
      Objects.requireNonNull(findings.rule(), "a veto names its rule");
    }

    @Override
    public String decision() {
      return "veto";
    }

    @Override
    public boolean passed() {
      return false;
    }
  }

  /** Which rule vetoed. */
  enum Rule {
    FREEZE("freeze"),
    CEILING("ceiling"),
    VETO_NEW_DEPLOYS("veto-new-deploys"),
    /** The shared store cannot be read, so spend since it was last read is unknown. */
    STORE_UNAVAILABLE("store-unavailable");

    private final String wireName;

    Rule(String wireName) {
      this.wireName = wireName;
    }

    public String wireName() {
      return wireName;
    }

    @Override
    public String toString() {
      return wireName;
    }
  }

  /**
   * What the decision rests on, shown rounded: the scope that decided (the fleet when it has a
   * ceiling, else the agent), its figures with the estimate added, the agent's own figures, the
   * freeze and override in force, and warnings found on the way.
   *
   * @param rule null on a plain pass
   * @param ceilingUsd null when the deciding scope has no ceiling, as are the percentages
   * @param freeze the freeze file in force, null when none
   */
  record Findings(
      String reason,
      Rule rule,
      Scope scope,
      BigDecimal ceilingUsd,
      BigDecimal mtdUsd,
      BigDecimal mtdPct,
      BigDecimal estimatedCostUsd,
      String estimateBasis,
      BigDecimal projectedUsd,
      BigDecimal projectedPct,
      BigDecimal monthEndForecastUsd,
      BigDecimal monthEndForecastPct,
      Headroom headroom,
      AgentBudget agentBudget,
      String freeze,
      OverrideUse override,
      List<String> warnings,
      YearMonth month,
      Instant decidedAt) {

    public Findings {
      Objects.requireNonNull(reason, "reason");
      Objects.requireNonNull(scope, "scope");
      Objects.requireNonNull(override, "override");
      Objects.requireNonNull(headroom, "headroom");
      warnings = List.copyOf(warnings);
    }

    Findings with(String reason, Rule rule, Headroom headroom, List<String> warnings) {
      return new Findings(
          reason,
          rule,
          scope,
          ceilingUsd,
          mtdUsd,
          mtdPct,
          estimatedCostUsd,
          estimateBasis,
          projectedUsd,
          projectedPct,
          monthEndForecastUsd,
          monthEndForecastPct,
          headroom,
          agentBudget,
          freeze,
          override,
          warnings,
          month,
          decidedAt);
    }
  }

  /**
   * {@code d} turned into a veto because the shared store cannot be read: the gate fails closed,
   * whatever the budget figures (which are as of the last read) say. No headroom is offered.
   */
  public static PreflightDecision storeUnavailable(PreflightDecision d, String reason) {
    Findings f = d.findings();
    BigDecimal none = BigDecimal.ZERO.setScale(2);
    Headroom h =
        new Headroom(
            f.headroom().totalUsd() == null ? null : none,
            f.headroom().agentUsd() == null ? null : none);
    return new Veto(d.target(), d.agent(), f.with(reason, Rule.STORE_UNAVAILABLE, h, f.warnings()));
  }

  /** {@code d} with {@code warnings} in place of its own. */
  public static PreflightDecision withWarnings(PreflightDecision d, List<String> warnings) {
    Findings f =
        d.findings()
            .with(d.findings().reason(), d.findings().rule(), d.findings().headroom(), warnings);
    return d instanceof Veto
        ? new Veto(d.target(), d.agent(), f)
        : new Pass(d.target(), d.agent(), f);
  }

  /**
   * The largest estimate that would still pass, per scope, without an override: what is left under
   * the ceiling, rounded down to the cent; 0 when the scope is frozen or already at its
   * veto-new-deploys threshold; null when the scope has no ceiling.
   */
  record Headroom(BigDecimal totalUsd, BigDecimal agentUsd) {}

  /** The target agent's own month-to-date figures. */
  record AgentBudget(
      BigDecimal mtdUsd, BigDecimal ceilingUsd, BigDecimal pct, BigDecimal dailyBurnUsd) {}

  /**
   * The override file a human writes to lift a veto: where it goes, whether one is there and
   * whether it was applied; what it says only when one is there.
   */
  record OverrideUse(
      String path,
      boolean present,
      boolean applied,
      Optional<String> reason,
      Optional<String> approver,
      Optional<Instant> expiresAt,
      Optional<OverrideRequest> request) {

    public OverrideUse {
      Objects.requireNonNull(path, "path");
      if (applied && !present) {
        throw new IllegalArgumentException("an override is applied only when present");
      }
      Objects.requireNonNull(request, "request");
    }
  }

  /**
   * On a veto that no override lifted: the file a human must write to lift it, field by field
   * ({@code expires_at} suggested a day ahead), and how to ask for it.
   */
  record OverrideRequest(OverrideFields fields, String how) {
    public OverrideRequest {
      Objects.requireNonNull(fields, "fields");
      Objects.requireNonNull(how, "how");
    }
  }

  /** The keys of an override file, with the agent filled in and what goes in the others. */
  record OverrideFields(String agent, String reason, String approver, Instant expiresAt) {}
}

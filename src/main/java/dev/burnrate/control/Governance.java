package dev.burnrate.control;

import dev.burnrate.budget.AlertAction;
import dev.burnrate.budget.AlertThreshold;
import dev.burnrate.budget.Budget;
import dev.burnrate.budget.BudgetReport;
import dev.burnrate.budget.BudgetStatus;
import dev.burnrate.budget.CloudSpend;
import dev.burnrate.budget.CostSource;
import dev.burnrate.budget.DeployOverride;
import dev.burnrate.budget.Preflight;
import dev.burnrate.budget.PreflightDecision;
import dev.burnrate.budget.SpendByAgent;
import dev.burnrate.cloud.CloudCostsFile;
import dev.burnrate.downgrade.Advice;
import dev.burnrate.downgrade.Advisor;
import dev.burnrate.downgrade.DowngradeQuery;
import dev.burnrate.engine.CostEngine;
import dev.burnrate.engine.SpendSeries;
import dev.burnrate.pricing.PriceCatalog;
import dev.burnrate.usage.Dimension;
import dev.burnrate.usage.Round;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The budget control loop over one data directory: status, the preflight gate, alerts and the daily
 * run. The state every replica must share lives in the {@link dev.burnrate.store.GovernanceState}
 * the store config chooses (files under {@code <data>}, or tables of the shared database): the
 * gate's decisions ({@code state/preflight-<target>.json}), {@link Freezes} ({@code
 * state/freeze-<YYYY-MM>.json}), {@link Overrides} ({@code cost/overrides/<agent>.yaml}, written by
 * a human), the claims of the {@link AlertLedger} (each alert once) and the {@link Notifier}'s
 * deliveries ({@code cost/alerts/deliveries.jsonl}). What each process writes for itself stays
 * under {@code <data>}: the alerts it raised ({@code cost/alerts/<id>.json}) and {@link DailyFiles}
 * ({@code cost/daily-<date>.json}, {@code cost/current-month.json}).
 */
public final class Governance {
  private final Budget budget;
  private final Path data;
  private final Notifier notifier;
  private final Freezes freezes;
  private final Overrides overrides;
  private final AlertLedger alerts;
  private final java.util.function.Supplier<dev.burnrate.store.GovernanceState> state;
  private final DailyFiles dailyFiles;

  Governance(
      Budget budget,
      Path data,
      java.util.function.Supplier<dev.burnrate.store.GovernanceState> state,
      Notifier notifier) {
    this.budget = budget;
    this.data = data;
    this.notifier = notifier;
    this.freezes = new Freezes(state);
    this.overrides = new Overrides(state);
    this.alerts = new AlertLedger(budget, data, state, freezes, notifier);
    this.state = state;
    this.dailyFiles = new DailyFiles(data);
  }

  /** The control loop for {@code budget} with its state in files under {@code data}. */
  public static Governance over(Budget budget, Path data) {
    FileGovernanceState files = new FileGovernanceState(data);
    return over(budget, data, () -> files);
  }

  /**
   * The control loop for {@code budget} writing its artifacts under {@code data} and keeping the
   * state every replica shares in {@code state} (resolved on first use, then kept).
   */
  public static Governance over(
      Budget budget,
      Path data,
      java.util.function.Supplier<? extends dev.burnrate.store.GovernanceState> state) {
    java.util.function.Supplier<dev.burnrate.store.GovernanceState> once =
        GovernanceStates.once(state);
    return new Governance(budget, data, once, new Notifier(budget.notifications(), once));
  }

  /**
   * The control loop as every command and server wires it: over {@code data}, adding the cached
   * cloud bill when the budget counts it, and the open reservations of {@code gate} once there is a
   * reservation ledger (always on PostgreSQL; for JSONL once the data directory has one, the gate
   * is only made then); the gate fails closed while {@code log} cannot read its store or the ledger
   * cannot be read, unless the store's config says to fail open.
   */
  public static Governance wired(
      dev.burnrate.config.Config config,
      Path data,
      java.util.function.Supplier<SpendGate> gate,
      java.util.function.Supplier<? extends dev.burnrate.store.EventLog> log) {
    Governance g = over(config.budget(), data, GovernanceStates.chosen(config, data, log));
    CloudCostsFile.forBudget(
            config.budget(), config.costExplorer(), GovernanceStates.cloudCache(config, data, log))
        .ifPresent(g::countingCloud);
    Path ledger = data.resolve("reservations").resolve("ledger.jsonl");
    g.watchingStore(
        () -> log.get().unavailableSince(),
        config.store() instanceof dev.burnrate.config.StoreConfig.Postgres p
            && p.preflightFailOpen());
    boolean shared = config.store() instanceof dev.burnrate.config.StoreConfig.Postgres;
    return g.countingReservations(
        at ->
            shared || java.nio.file.Files.exists(ledger)
                ? gate.get().reservedUsdByAgent(at)
                : java.util.Map.of());
  }

  public Notifier notifier() {
    return notifier;
  }

  /** For messages and the CLI: where the data lives. */
  public Path data() {
    return data;
  }

  /**
   * Reserved-but-unsettled dollars per agent (the fleet's under null) at an instant: the spend
   * gate's open reservations, which status shows and the gate counts. None unless wired.
   */
  private java.util.function.Function<Instant, java.util.Map<String, java.math.BigDecimal>>
      reservations = now -> java.util.Map.of();

  /** Counts the open spend reservations this function reports in every status and decision. */
  public Governance countingReservations(
      java.util.function.Function<Instant, java.util.Map<String, java.math.BigDecimal>> open) {
    this.reservations = open;
    return this;
  }

  /**
   * The cloud bill this control loop adds to usage spend; null when the budget counts usage only.
   */
  private CountedBill cloud;

  /**
   * Adds the cloud bill cached in {@code cloud} to every status and decision (the budget names
   * {@code aws_cost_explorer} among its {@code cost_sources}).
   */
  public Governance countingCloud(CloudCostsFile cloud) {
    this.cloud = new CountedBill(budget, cloud);
    return this;
  }

  /**
   * Dollars of {@code [from, to)} by source: the usage events {@code usage} totals, and, when the
   * budget counts the bill, the cached bill's UTC days that start in the range, each line counted
   * once against usage as budgets count it.
   */
  public List<SourceSpend> spendBySource(
      CostEngine engine, dev.burnrate.engine.Totals usage, Instant from, Instant to) {
    List<SourceSpend> rows = new ArrayList<>();
    rows.add(
        new SourceSpend(
            "usage",
            Optional.of(usage.calls()),
            usage.costUsd(),
            Optional.of(usage.unpricedCalls())));
    if (cloud == null) {
      return rows;
    }
    BigDecimal usd = cloud.usdOfDaysStartingIn(engine, from, to);
    rows.add(new SourceSpend("cloud", Optional.empty(), Round.cents(usd), Optional.empty()));
    return rows;
  }

  /** Whether the budget counts the cloud bill, so answers split dollars by source. */
  public boolean countsCloud() {
    return cloud != null;
  }

  /** Month-to-date status at {@code now}, open reservations included. */
  public BudgetStatus status(CostEngine engine, Instant now) {
    return status(engine, now, now).withReservations(reservations.apply(now));
  }

  /** The status at {@code anchor} from spend up to {@code end}. */
  private BudgetStatus status(CostEngine engine, Instant anchor, Instant end) {
    int days = BudgetStatus.seriesDays(budget, anchor);
    SpendSeries s =
        engine.spendByDay(
            Dimension.AGENT,
            BudgetStatus.seriesStart(budget, anchor),
            days,
            budget.timezone(),
            end);
    SpendByAgent usage =
        budget.costSources().contains(CostSource.USAGE)
            ? new SpendByAgent(
                s.firstDay(),
                days,
                s.names(),
                s.usdNanos(),
                s.calls(),
                s.unpriced(),
                s.cost4(),
                s.unpricedCost4(),
                s.eventNanos(),
                s.toolNanos(),
                s.priceTables())
            : SpendByAgent.none(s.firstDay(), days);
    CloudSpend bill =
        cloud == null ? CloudSpend.NONE : cloud.spend(engine, s.firstDay(), days, anchor, end);
    return BudgetStatus.compute(budget, usage, bill, anchor);
  }

  /** The gate: decides, records the decision atomically, and raises any alert now due. */
  public PreflightDecision preflight(
      CostEngine engine, String target, Optional<BigDecimal> estimate, Instant now)
      throws IOException {
    Preflight.requireTarget(target);
    Preflight.requireEstimate(estimate);
    BudgetStatus status;
    Optional<String> ledgerDown = Optional.empty();
    try {
      status = status(engine, now);
    } catch (java.io.UncheckedIOException e) {
      // Open reservations are spend on its way: without them the figures may be too low.
      status = status(engine, now, now);
      ledgerDown = Optional.of(e.getCause() == null ? e.getMessage() : e.getCause().getMessage());
    }
    Optional<String> ledger = ledgerDown;
    String agent = Preflight.agentOf(target);
    List<String> warnings = new ArrayList<>();
    Optional<DeployOverride> override = Optional.empty();
    Optional<String> freeze = Optional.empty();
    Optional<String> stateDown = Optional.empty();
    try {
      counted(alerts.raise(status));
      override = overrides.read(agent, warnings);
      freeze = freezes.active(status.month());
    } catch (dev.burnrate.store.postgres.StoreUnavailableException e) {
      // Without the shared state a freeze may be missed: decide, then fail closed (or open) below.
      stateDown = Optional.of(e.getMessage());
    }
    Optional<String> governance = stateDown;
    unseen(engine, agent).ifPresent(warnings::add);
    PreflightDecision decision =
        Preflight.decide(
            status, target, estimate, freeze, override, overrides.path(agent), warnings);
    Optional<Instant> stale = storeUnavailableSince.get();
    Optional<String> unknown =
        stale
            .map(
                t ->
                    "the shared store has been unreachable since "
                        + t
                        + ", so spend recorded after that is unknown")
            .or(() -> ledger.map(m -> "open reservations are unknown: " + m))
            .or(() -> governance.map(m -> "freezes and overrides are unknown: " + m));
    if (unknown.isPresent()) {
      String since = unknown.get();
      if (storeFailOpen) {
        List<String> w = new ArrayList<>(decision.findings().warnings());
        w.add(
            since
                + (stale.isPresent()
                    ? "; this decision counts spend up to then"
                    : ledger.isPresent()
                        ? "; this decision counts none"
                        : "; this decision assumes none")
                + " (preflight_fail_open in store.yml)");
        decision = PreflightDecision.withWarnings(decision, w);
      } else {
        decision =
            PreflightDecision.storeUnavailable(
                decision,
                "store unavailable: "
                    + since
                    + "; the gate fails closed until it is back (retry shortly, or set"
                    + " preflight_fail_open: true in store.yml to let deploys through on the last"
                    + " figures)");
      }
    }
    try {
      state.get().recordDecision(target, now, dev.burnrate.wire.Wire.pretty(decision) + "\n");
    } catch (dev.burnrate.store.postgres.StoreUnavailableException e) {
      List<String> w = new ArrayList<>(decision.findings().warnings());
      w.add("this decision could not be recorded: " + e.getMessage());
      decision = PreflightDecision.withWarnings(decision, w);
    }
    return decision;
  }

  private java.util.function.Supplier<Optional<Instant>> storeUnavailableSince = Optional::empty;
  private boolean storeFailOpen;

  /**
   * Makes the gate watch the shared store: while {@code since} says it cannot be read, a preflight
   * vetoes (fails closed), or with {@code failOpen} passes on the last figures with a warning.
   */
  public Governance watchingStore(
      java.util.function.Supplier<Optional<Instant>> since, boolean failOpen) {
    this.storeUnavailableSince = since;
    this.storeFailOpen = failOpen;
    return this;
  }

  private final java.util.concurrent.atomic.AtomicLong alertsRaised =
      new java.util.concurrent.atomic.AtomicLong();

  private List<Alert> counted(List<Alert> raised) {
    alertsRaised.addAndGet(raised.size());
    return raised;
  }

  /** Alerts this process raised (each is raised once across every process on the data). */
  public long alertsRaised() {
    return alertsRaised.get();
  }

  /**
   * A warning when no usage names {@code agent}: a misspelled target would otherwise pass on $0 of
   * its own spend, silently.
   */
  static Optional<String> unseen(CostEngine engine, String agent) {
    CostEngine.Sighting s = engine.sighting(agent);
    if (s == CostEngine.Sighting.SEEN) {
      return Optional.empty();
    }
    List<String> near = engine.agentsNear(agent, 3);
    return Optional.of(
        "agent '"
            + agent
            + "' "
            + (s == CostEngine.Sighting.UNSEEN
                ? "has never been seen in the usage"
                : "is not among the agents the usage names by name (too many distinct agents)")
            + ", so its own spend counts as $0; check the spelling"
            + (near.isEmpty() ? "" : " (known agents near it: " + String.join(", ", near) + ")")
            + " or deploy as the agent id its usage events carry");
  }

  /** The freeze in force for {@code month}, as where it is recorded. */
  public Optional<String> activeFreeze(YearMonth month) throws IOException {
    return freezes.active(month);
  }

  /**
   * Creates the alerts due at this status, each exactly once per (scope, threshold, month) across
   * re-runs and processes; posts notifications and sets the freeze as the actions say. Returns the
   * alerts created by this call.
   */
  public List<Alert> evaluateAlerts(BudgetStatus status) throws IOException {
    return counted(alerts.raise(status));
  }

  /**
   * The daily run for {@code date} (a day in the budget's zone): attributes its spend per agent,
   * writes {@code cost/daily-<date>.json} and {@code cost/current-month.json}, raises the alerts
   * due, and writes downgrade drafts. Re-running a date rewrites the same files with the same
   * content and raises nothing twice.
   */
  public DailyRun daily(CostEngine engine, PriceCatalog catalog, LocalDate date)
      throws IOException {
    Instant end = date.plusDays(1).atStartOfDay(budget.timezone()).toInstant();
    Instant anchor = end.minusMillis(1); // the last moment of the day: month and "today" are date's
    BudgetStatus status = status(engine, anchor, end);
    List<DailyRun.Row> rows = status.agents().stream().map(DailyRun.Row::of).toList();
    BudgetReport month = status.report(null).withAsOf(end);
    List<String> files = dailyFiles.write(date, rows, month);
    List<Alert> raised = counted(alerts.raise(status));

    Advice advice =
        Advisor.advise(engine, budget.downgrade(), catalog, new DowngradeQuery(end, 7, null));
    Drafts.write(data, advice);

    Optional<String> freeze = freezes.active(status.month());
    Optional<AlertThreshold> veto = budget.threshold(AlertAction.VETO_NEW_DEPLOYS);
    BudgetStatus.Line total = status.total();
    boolean vetoed =
        freeze.isPresent()
            || (veto.isPresent()
                && total.ceilingUsd() != null
                && veto.get().reachedBy(total.mtdUsd(), total.ceilingUsd()));
    DailyRun.NewDeploys deploys =
        new DailyRun.NewDeploys(
            !vetoed,
            freeze.isPresent()
                ? "frozen (" + freeze.get() + ")"
                : vetoed
                    ? "the fleet is at or above the "
                        + veto.get().atPercent().toPlainString()
                        + " % veto-new-deploys threshold"
                    : "below the veto-new-deploys threshold; each deploy is still checked by preflight");
    return new DailyRun(
        date,
        budget.timezone(),
        end,
        rows,
        month.total(),
        raised,
        deploys,
        advice.recommendations(),
        files);
  }
}

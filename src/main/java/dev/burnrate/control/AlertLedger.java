package dev.burnrate.control;

import dev.burnrate.budget.AlertAction;
import dev.burnrate.budget.AlertThreshold;
import dev.burnrate.budget.Budget;
import dev.burnrate.budget.BudgetStatus;
import dev.burnrate.budget.Scope;
import dev.burnrate.store.AtomicFiles;
import dev.burnrate.store.GovernanceState;
import dev.burnrate.usage.FileNames;
import dev.burnrate.usage.Round;
import dev.burnrate.usage.Text;
import dev.burnrate.wire.Wire;
import java.io.IOException;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * Raises each alert exactly once per (scope, threshold, month), across re-runs, threads, processes
 * sharing a data directory and replicas sharing a database.
 *
 * <p>Method: the alert is claimed in the governance state before anything else is done for it (a
 * create-new marker file {@code cost/alerts/sent/<YYYY-MM>/<scope>@<pct>}, or a row of {@code
 * alerts} inserted with {@code ON CONFLICT DO NOTHING}); the store lets exactly one claimant win,
 * so whoever wins writes {@code cost/alerts/<id>.json} in its own data directory, sets the freeze
 * and queues the webhooks, and everyone else skips it.
 */
final class AlertLedger {
  private static final DateTimeFormatter STAMP =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

  private final Budget budget;
  private final Path data;
  private final Supplier<GovernanceState> state;
  private final Freezes freezes;
  private final Notifier notifier;

  AlertLedger(
      Budget budget,
      Path data,
      Supplier<GovernanceState> state,
      Freezes freezes,
      Notifier notifier) {
    this.budget = budget;
    this.data = data;
    this.state = state;
    this.freezes = freezes;
    this.notifier = notifier;
  }

  /** Raises the alerts due at {@code status} not raised before; returns those raised now. */
  List<Alert> raise(BudgetStatus status) throws IOException {
    List<Alert> created = new ArrayList<>();
    List<BudgetStatus.Line> lines = new ArrayList<>();
    lines.add(status.total());
    lines.addAll(status.agents());
    lines.addAll(status.teams());
    for (BudgetStatus.Line l : lines) {
      if (l.ceilingUsd() == null) {
        continue;
      }
      for (AlertThreshold t : budget.reached(l.mtdUsd(), l.ceilingUsd())) {
        String scope =
            l.scope() == Scope.TOTAL
                ? "total"
                : l.scope().wireName() + "-" + FileNames.of(l.name());
        String id = STAMP.format(status.now()) + "-" + scope + "-" + t.atPercent().toPlainString();
        Alert alert = alert(status, l, t, id);
        GovernanceState.AlertKey key =
            new GovernanceState.AlertKey(status.month(), l.scope(), l.name(), t.atPercent());
        String json = Wire.pretty(alert) + "\n";
        if (!state.get().claimAlert(key, id, json)) {
          continue; // raised before, by this or another process or replica
        }
        if (t.action() == AlertAction.FREEZE_AND_ESCALATE) {
          freezes.set(alert);
        }
        AtomicFiles.write(data.resolve("cost/alerts").resolve(id + ".json"), json);
        if (t.action() == AlertAction.NOTIFY || t.action() == AlertAction.FREEZE_AND_ESCALATE) {
          notifier.post(alert);
        }
        created.add(alert);
      }
    }
    return created;
  }

  private static Alert alert(
      BudgetStatus status, BudgetStatus.Line l, AlertThreshold t, String id) {
    String pct = Round.pct1(l.pct()).toPlainString();
    String mtd = Round.cents(l.mtdUsd()).toPlainString();
    String ceiling = Round.cents(l.ceilingUsd()).toPlainString();
    // The text goes to chat webhooks: a name in it must not mention, link or break lines.
    String who =
        l.scope() == Scope.TOTAL
            ? "the fleet"
            : l.scope().wireName() + " " + Text.markdown(l.name());
    String text =
        "burnrate: "
            + who
            + " is at "
            + pct
            + " % of its "
            + status.month()
            + " ceiling ($"
            + mtd
            + " of $"
            + ceiling
            + "): "
            + t.action().wireName()
            + ".";
    if (t.action() == AlertAction.FREEZE_AND_ESCALATE) {
      text = "ESCALATION " + text + " New deploys are frozen until an override or the next month.";
    }
    return new Alert(
        id,
        status.month(),
        l.scope(),
        l.name(),
        t.atPercent(),
        t.action(),
        Round.pct1(l.pct()),
        Round.cents(l.mtdUsd()),
        Round.cents(l.ceilingUsd()),
        Round.cents(l.projectedUsd()),
        status.now(),
        text);
  }
}

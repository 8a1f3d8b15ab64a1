package dev.burnrate.control;

import dev.burnrate.budget.AlertAction;
import dev.burnrate.budget.AlertThreshold;
import dev.burnrate.budget.Budget;
import dev.burnrate.budget.BudgetStatus;
import dev.burnrate.budget.Scope;
import dev.burnrate.store.AtomicFiles;
import dev.burnrate.usage.FileNames;
import dev.burnrate.usage.Round;
import dev.burnrate.usage.Text;
import dev.burnrate.wire.Wire;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

/**
 * Raises each alert exactly once per (scope, threshold, month), across re-runs, threads and
 * processes sharing a data directory.
 *
 * <p>Method: a marker file {@code cost/alerts/sent/<YYYY-MM>/<scope>@<pct>} is created with
 * create-new before anything else is done for an alert; the file system lets exactly one creator
 * win, so whoever creates it writes {@code cost/alerts/<id>.json}, sets the freeze and queues the
 * webhooks, and everyone else skips it.
 */
final class AlertLedger {
  private static final DateTimeFormatter STAMP =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

  private final Budget budget;
  private final Path data;
  private final Freezes freezes;
  private final Notifier notifier;

  AlertLedger(Budget budget, Path data, Freezes freezes, Notifier notifier) {
    this.budget = budget;
    this.data = data;
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
        Path marker =
            data.resolve("cost/alerts/sent")
                .resolve(status.month().toString())
                .resolve(scope + "@" + t.atPercent().toPlainString());
        Files.createDirectories(marker.getParent());
        String id = STAMP.format(status.now()) + "-" + scope + "-" + t.atPercent().toPlainString();
        try {
          Files.writeString(
              marker,
              id + "\n",
              StandardCharsets.UTF_8,
              StandardOpenOption.CREATE_NEW,
              StandardOpenOption.WRITE);
        } catch (FileAlreadyExistsException e) {
          continue; // raised before, by this or another process
        }
        Alert alert = alert(status, l, t, id);
        if (t.action() == AlertAction.FREEZE_AND_ESCALATE) {
          freezes.set(alert);
        }
        AtomicFiles.write(
            data.resolve("cost/alerts").resolve(id + ".json"), Wire.pretty(alert) + "\n");
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

package dev.burnrate.control;

import dev.burnrate.budget.AlertAction;
import dev.burnrate.budget.Scope;
import dev.burnrate.store.AtomicFiles;
import dev.burnrate.wire.Wire;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.YearMonth;
import java.util.Optional;

/**
 * Freezes: {@code state/freeze-<YYYY-MM>.json}, written when a {@code freeze-and-escalate}
 * threshold is reached and in force for the rest of that month.
 */
final class Freezes {
  static final String LIFTED_BY = "an override in cost/overrides/<agent>.yaml, or the next month";

  private final Path data;

  Freezes(Path data) {
    this.data = data;
  }

  /** The freeze file's content: the alert that set it (without its text) and what lifts it. */
  record Freeze(
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
      String liftedBy) {

    static Freeze by(Alert a) {
      return new Freeze(
          a.id(),
          a.month(),
          a.scope(),
          a.name(),
          a.thresholdPct(),
          a.action(),
          a.pct(),
          a.mtdUsd(),
          a.ceilingUsd(),
          a.projectedMonthEndUsd(),
          a.raisedAt(),
          LIFTED_BY);
    }
  }

  /** The freeze in force for {@code month}, as the path of its state file. */
  Optional<String> active(YearMonth month) {
    Path f = file(month);
    return Files.exists(f) ? Optional.of(data.relativize(f).toString()) : Optional.empty();
  }

  void set(Alert by) throws IOException {
    AtomicFiles.write(file(by.month()), Wire.pretty(Freeze.by(by)) + "\n");
  }

  private Path file(YearMonth month) {
    return data.resolve("state").resolve("freeze-" + month + ".json");
  }
}

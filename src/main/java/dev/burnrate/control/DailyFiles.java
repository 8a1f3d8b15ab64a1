package dev.burnrate.control;

import dev.burnrate.budget.BudgetReport;
import dev.burnrate.store.AtomicFiles;
import dev.burnrate.wire.Wire;
import java.io.IOException;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;

/**
 * The daily run's files: {@code cost/daily-<date>.json} (each agent's day) and {@code
 * cost/current-month.json} (the budget report as of the day's end), each replaced atomically.
 */
final class DailyFiles {
  private final Path data;

  DailyFiles(Path data) {
    this.data = data;
  }

  /** Writes both files; returns their paths relative to the data directory. */
  List<String> write(LocalDate date, List<DailyRun.Row> rows, BudgetReport month)
      throws IOException {
    Path dailyFile = data.resolve("cost").resolve("daily-" + date + ".json");
    AtomicFiles.write(dailyFile, Wire.pretty(rows) + "\n");
    Path monthFile = data.resolve("cost").resolve("current-month.json");
    AtomicFiles.write(monthFile, Wire.pretty(month) + "\n");
    return List.of(data.relativize(dailyFile).toString(), data.relativize(monthFile).toString());
  }
}

package dev.burnrate.control;

import dev.burnrate.budget.PreflightDecision;
import dev.burnrate.store.AtomicFiles;
import dev.burnrate.usage.FileNames;
import dev.burnrate.wire.Wire;
import java.io.IOException;
import java.nio.file.Path;

/**
 * The gate's last decision per target, {@code state/preflight-<target>.json}: the decision as
 * answered, replaced atomically so a reader never sees half of one.
 */
final class PreflightState {
  private final Path data;

  PreflightState(Path data) {
    this.data = data;
  }

  Path file(String target) {
    return data.resolve("state").resolve("preflight-" + FileNames.of(target) + ".json");
  }

  void record(PreflightDecision decision) throws IOException {
    AtomicFiles.write(file(decision.target()), Wire.pretty(decision) + "\n");
  }
}

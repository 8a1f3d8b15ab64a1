package dev.burnrate.control;

import dev.burnrate.budget.PreflightDecision;
import dev.burnrate.store.AtomicFiles;
import dev.burnrate.usage.FileNames;
import dev.burnrate.wire.Wire;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;

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
    record(decision.target(), Wire.pretty(decision) + "\n");
  }

  void record(String target, String json) throws IOException {
    AtomicFiles.write(file(target), json);
  }

  Optional<String> last(String target) throws IOException {
    try {
      return Optional.of(Files.readString(file(target), StandardCharsets.UTF_8));
    } catch (NoSuchFileException e) {
      return Optional.empty();
    }
  }
}

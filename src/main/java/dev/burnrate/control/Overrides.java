package dev.burnrate.control;

import dev.burnrate.budget.DeployOverride;
import dev.burnrate.config.OverrideFile;
import dev.burnrate.usage.FileNames;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The overrides humans write to lift a veto: {@code cost/overrides/<agent>.yaml}, read with
 * config's strict YAML reader ({@link OverrideFile}). A missing file is no override; a malformed
 * one is ignored with a warning.
 */
final class Overrides {
  private final Path data;

  Overrides(Path data) {
    this.data = data;
  }

  /** Where {@code agent}'s override goes, relative to the data directory, as shown. */
  String path(String agent) {
    return data.relativize(file(agent)).toString();
  }

  /**
   * {@code agent}'s override if present and well-formed; what was wrong goes to {@code warnings}.
   */
  Optional<DeployOverride> read(String agent, List<String> warnings) {
    Path file = file(agent);
    if (!Files.exists(file)) {
      return Optional.empty();
    }
    String where = path(agent);
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException | RuntimeException e) {
      String why = e.getMessage() == null ? e.toString() : e.getMessage();
      warnings.add(
          "the override at "
              + where
              + " is not readable YAML and was ignored ("
              + why.lines().findFirst().orElse("")
              + ")");
      return Optional.empty();
    }
    OverrideFile.Read r = OverrideFile.read(where, text, agent);
    warnings.addAll(r.warnings());
    return r.override();
  }

  private Path file(String agent) {
    return data.resolve("cost/overrides").resolve(FileNames.of(agent) + ".yaml");
  }
}

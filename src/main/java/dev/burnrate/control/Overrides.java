package dev.burnrate.control;

import dev.burnrate.budget.DeployOverride;
import dev.burnrate.config.OverrideFile;
import dev.burnrate.store.AtomicFiles;
import dev.burnrate.usage.FileNames;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The overrides humans write to lift a veto: {@code cost/overrides/<agent>.yaml}, read with
 * config's strict YAML reader ({@link OverrideFile}). A missing file is no override; a malformed
 * one is ignored with a warning.
 */
public final class Overrides {
  private final Path data;

  public Overrides(Path data) {
    this.data = data;
  }

  /**
   * Writes {@code agent}'s override, replacing any (atomically: the gate reads the old one or the
   * new one), and reads it back through the gate's own reader, so what was written is what lifts
   * the veto.
   *
   * @return where it was written, relative to the data directory
   */
  public String write(String agent, String reason, String approver, Instant expiresAt)
      throws IOException {
    Path file = file(agent);
    AtomicFiles.write(file, OverrideFile.text(agent, reason, approver, expiresAt));
    List<String> warnings = new ArrayList<>();
    if (read(agent, warnings).isEmpty()) {
      Files.deleteIfExists(file);
      throw new IllegalStateException("the override written does not read back: " + warnings);
    }
    return path(agent);
  }

  /** Removes {@code agent}'s override; false when there was none. */
  public boolean revoke(String agent) throws IOException {
    return Files.deleteIfExists(file(agent));
  }

  /** Where {@code agent}'s override goes, relative to the data directory, as shown. */
  public String path(String agent) {
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

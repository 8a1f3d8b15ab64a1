package dev.burnrate.control;

import dev.burnrate.budget.DeployOverride;
import dev.burnrate.budget.Scope;
import dev.burnrate.config.OverrideFile;
import dev.burnrate.store.AtomicFiles;
import dev.burnrate.store.GovernanceState;
import dev.burnrate.usage.FileNames;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.YearMonth;
import java.util.List;
import java.util.Optional;

/**
 * The governance state as files under one data directory, shared by every process that points at it
 * (the embedded default).
 *
 * <ul>
 *   <li>Alerts: a marker file {@code cost/alerts/sent/<YYYY-MM>/<scope>@<pct>} holding the alert's
 *       id is created with create-new; the file system lets exactly one creator win.
 *   <li>Freezes: {@code state/freeze-<YYYY-MM>.json}, replaced atomically.
 *   <li>Preflight decisions: the last per target, {@code state/preflight-<target>.json} ({@link
 *       PreflightState}).
 *   <li>Webhook deliveries: a line per attempt in {@code cost/alerts/deliveries.jsonl} ({@link
 *       DeliveryFile}).
 *   <li>Overrides: {@code cost/overrides/<agent>.yaml}, written atomically and read with config's
 *       strict YAML reader ({@link OverrideFile}); a human may also write one by hand. A missing
 *       file is no override; a malformed one is ignored with a warning.
 * </ul>
 *
 * <p>It lives beside the control loop rather than in {@code store} because overrides are read with
 * config's reader, and {@code store} sits below {@code config}.
 */
public final class FileGovernanceState implements GovernanceState {
  private final Path data;
  private final PreflightState decisions;
  private final DeliveryFile deliveries;

  public FileGovernanceState(Path data) {
    this.data = data;
    this.decisions = new PreflightState(data);
    this.deliveries = new DeliveryFile(data.resolve("cost/alerts/deliveries.jsonl"));
  }

  @Override
  public boolean claimAlert(AlertKey key, String id, String json) throws IOException {
    String scope =
        key.scope() == Scope.TOTAL
            ? "total"
            : key.scope().wireName() + "-" + FileNames.of(key.name());
    Path marker =
        data.resolve("cost/alerts/sent")
            .resolve(key.month().toString())
            .resolve(scope + "@" + key.thresholdPct().toPlainString());
    Files.createDirectories(marker.getParent());
    try {
      Files.writeString(
          marker,
          id + "\n",
          StandardCharsets.UTF_8,
          StandardOpenOption.CREATE_NEW,
          StandardOpenOption.WRITE);
      return true;
    } catch (FileAlreadyExistsException e) {
      return false; // raised before, by this or another process
    }
  }

  @Override
  public void setFreeze(YearMonth month, String alertId, String json) throws IOException {
    AtomicFiles.write(freezeFile(month), json);
  }

  @Override
  public Optional<String> freeze(YearMonth month) {
    Path f = freezeFile(month);
    return Files.exists(f) ? Optional.of(data.relativize(f).toString()) : Optional.empty();
  }

  private Path freezeFile(YearMonth month) {
    return data.resolve("state").resolve("freeze-" + month + ".json");
  }

  @Override
  public void writeOverride(String agent, String reason, String approver, Instant expiresAt)
      throws IOException {
    AtomicFiles.write(overrideFile(agent), OverrideFile.text(agent, reason, approver, expiresAt));
  }

  @Override
  public boolean revokeOverride(String agent) throws IOException {
    return Files.deleteIfExists(overrideFile(agent));
  }

  @Override
  public Optional<DeployOverride> override(String agent, List<String> warnings) {
    Path file = overrideFile(agent);
    if (!Files.exists(file)) {
      return Optional.empty();
    }
    String where = overridePath(agent);
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

  @Override
  public String overridePath(String agent) {
    return data.relativize(overrideFile(agent)).toString();
  }

  private Path overrideFile(String agent) {
    return data.resolve("cost/overrides").resolve(FileNames.of(agent) + ".yaml");
  }

  @Override
  public void recordDecision(String target, Instant decidedAt, String json) throws IOException {
    decisions.record(target, json);
  }

  @Override
  public Optional<String> lastDecision(String target) throws IOException {
    return decisions.last(target);
  }

  @Override
  public void recordDelivery(Delivery attempt) throws IOException {
    deliveries.append(attempt);
  }

  @Override
  public List<Delivery> deliveries(String alertId) throws IOException {
    return deliveries.read(alertId);
  }

  @Override
  public void close() {}
}

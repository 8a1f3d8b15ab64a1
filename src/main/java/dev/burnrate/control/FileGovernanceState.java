package dev.burnrate.control;

import dev.burnrate.budget.Scope;
import dev.burnrate.store.GovernanceState;
import dev.burnrate.usage.FileNames;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The governance state as files under one data directory, shared by every process that points at it
 * (the embedded default).
 *
 * <p>Alerts: a marker file {@code cost/alerts/sent/<YYYY-MM>/<scope>@<pct>} holding the alert's id
 * is created with create-new; the file system lets exactly one creator win.
 *
 * <p>It lives beside the control loop rather than in {@code store} because overrides are read with
 * config's strict YAML reader, and {@code store} sits below {@code config}.
 */
public final class FileGovernanceState implements GovernanceState {
  private final Path data;

  public FileGovernanceState(Path data) {
    this.data = data;
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
  public void close() {}
}

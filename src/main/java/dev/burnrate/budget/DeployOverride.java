package dev.burnrate.budget;

import java.time.Instant;
import java.util.Objects;

/**
 * A human's decision to lift a preflight veto for one agent: {@code
 * <data>/cost/overrides/<agent>.yaml} with {@code agent} (the agent's exact id, checked against the
 * agent being decided for), {@code reason}, {@code approver} and {@code expires_at}.
 */
public record DeployOverride(
    String agent, String reason, String approver, Instant expiresAt, String path) {
  public DeployOverride {
    Objects.requireNonNull(agent, "agent");
    Objects.requireNonNull(reason, "reason");
    Objects.requireNonNull(approver, "approver");
    Objects.requireNonNull(expiresAt, "expiresAt");
    Objects.requireNonNull(path, "path");
  }

  public boolean activeAt(Instant now) {
    return now.isBefore(expiresAt);
  }
}

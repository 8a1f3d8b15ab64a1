package dev.burnrate.store;

import dev.burnrate.budget.DeployOverride;
import dev.burnrate.budget.Scope;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.YearMonth;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The governance state every server of a deployment must agree on, the port behind which it is
 * kept: files under one data directory ({@code control.FileGovernanceState}, the embedded default)
 * or tables in the shared PostgreSQL database ({@code store.postgres.PostgresGovernanceState}), as
 * {@code store.yml} chooses. {@code GovernanceStateContract} holds both to the same promises.
 *
 * <p>The port stores and answers; what an alert says and what a freeze means stay with the control
 * loop, which hands over the JSON it wants kept.
 */
public interface GovernanceState extends AutoCloseable {

  /** One threshold of one scope in one month: what an alert is raised once for. */
  record AlertKey(YearMonth month, Scope scope, String name, BigDecimal thresholdPct) {
    public AlertKey {
      Objects.requireNonNull(month, "month");
      Objects.requireNonNull(scope, "scope");
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(thresholdPct, "thresholdPct");
    }
  }

  /**
   * One attempt to deliver an alert to a webhook, whatever came of it.
   *
   * @param url the webhook's URL as logs show it (credentials and secrets redacted)
   * @param httpStatus the answer's status; null when there was none
   * @param outcome {@code delivered}, {@code retrying}, {@code gave_up}, {@code interrupted} or
   *     {@code abandoned}
   * @param error what went wrong; null when nothing did
   */
  record Delivery(
      Instant at,
      String alertId,
      String webhook,
      String url,
      int attempt,
      Integer httpStatus,
      String outcome,
      String error) {
    public Delivery {
      Objects.requireNonNull(at, "at");
      Objects.requireNonNull(alertId, "alertId");
      Objects.requireNonNull(webhook, "webhook");
      Objects.requireNonNull(url, "url");
      Objects.requireNonNull(outcome, "outcome");
    }
  }

  /**
   * Claims {@code key} for the alert {@code id} (its body {@code json}): true for exactly one
   * caller per key, across threads, processes and replicas; that caller alone does what the alert
   * asks. A claim whose outcome is unknown (the store went away mid-way) throws, and is then either
   * made or not, never twice.
   */
  boolean claimAlert(AlertKey key, String id, String json) throws IOException;

  /**
   * Records that {@code month} is frozen by the alert {@code alertId} (its freeze {@code json}); a
   * freeze stays in force for the rest of that month.
   */
  void setFreeze(YearMonth month, String alertId, String json) throws IOException;

  /** Where the freeze in force for {@code month} is recorded, as shown; empty when none. */
  Optional<String> freeze(YearMonth month) throws IOException;

  /**
   * Keeps {@code agent}'s override, replacing any, so every reader sees the old one or the new one;
   * {@code expiresAt} is kept to the microsecond at least.
   */
  void writeOverride(String agent, String reason, String approver, Instant expiresAt)
      throws IOException;

  /** Removes {@code agent}'s override; false when there was none. */
  boolean revokeOverride(String agent) throws IOException;

  /**
   * {@code agent}'s override if one is kept and well-formed, expired or not; what was wrong with a
   * malformed one goes to {@code warnings}.
   */
  Optional<DeployOverride> override(String agent, List<String> warnings) throws IOException;

  /** Where {@code agent}'s override is kept, as shown in answers. */
  String overridePath(String agent);

  /**
   * Records the gate's decision for {@code target}, the answer as JSON: files keep the last one per
   * target, the database every one (the history of what was decided, when).
   */
  void recordDecision(String target, Instant decidedAt, String json) throws IOException;

  /** The last decision recorded for {@code target}, as JSON; empty when none. */
  Optional<String> lastDecision(String target) throws IOException;

  /** Appends one delivery attempt to the delivery log. */
  void recordDelivery(Delivery attempt) throws IOException;

  /** The delivery attempts logged for the alert {@code alertId}, in the order they were logged. */
  List<Delivery> deliveries(String alertId) throws IOException;

  /** Releases what the state holds open (a pool it owns); the state is not used afterwards. */
  @Override
  void close();
}

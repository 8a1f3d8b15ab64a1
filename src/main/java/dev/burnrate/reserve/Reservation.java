package dev.burnrate.reserve;

import java.time.Instant;
import java.util.Objects;

/**
 * One reservation as the ledger knows it now.
 *
 * @param run the run it belongs to, or null
 * @param actualNanos the settled amount; -1 unless settled
 * @param closedAt when it was settled or released; null while open
 */
public record Reservation(
    String id,
    String reqId,
    String agent,
    String run,
    long estimateNanos,
    Instant createdAt,
    Instant expiresAt,
    State state,
    long actualNanos,
    Instant closedAt) {

  /** Open until settled or released; an open reservation past its TTL no longer counts. */
  public enum State {
    OPEN,
    SETTLED,
    RELEASED;

    public String wire() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  public Reservation {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(reqId, "reqId");
    Objects.requireNonNull(agent, "agent");
    Objects.requireNonNull(state, "state");
  }

  /**
   * This reservation closed as {@code state} at {@code at}, with {@code actual} (-1 unless
   * settled).
   */
  public Reservation closed(State state, long actual, Instant at) {
    return new Reservation(
        id, reqId, agent, run, estimateNanos, createdAt, expiresAt, state, actual, at);
  }

  /** The ledger entry that opened it. */
  public LedgerEntry.Reserved reserved() {
    return new LedgerEntry.Reserved(id, reqId, agent, run, estimateNanos, createdAt, expiresAt);
  }

  /** Whether the estimate still holds headroom at {@code now}. */
  public boolean holds(Instant now) {
    return state == State.OPEN && now.isBefore(expiresAt);
  }

  /** The state at {@code now} as callers see it: an open reservation past its TTL is expired. */
  public String status(Instant now) {
    return state == State.OPEN && !now.isBefore(expiresAt) ? "expired" : state.wire();
  }
}

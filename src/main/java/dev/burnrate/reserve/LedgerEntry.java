package dev.burnrate.reserve;

import java.time.Instant;
import java.util.Objects;

/** One line of the reservation ledger; replaying them in order rebuilds the {@link Book}. */
public sealed interface LedgerEntry {
  String id();

  Instant at();

  record Reserved(
      String id,
      String reqId,
      String agent,
      String run,
      long estimateNanos,
      Instant at,
      Instant expiresAt)
      implements LedgerEntry {
    public Reserved {
      Objects.requireNonNull(id, "id");
      Objects.requireNonNull(reqId, "reqId");
      Objects.requireNonNull(agent, "agent");
      Objects.requireNonNull(at, "at");
      Objects.requireNonNull(expiresAt, "expiresAt");
    }
  }

  record Settled(String id, long actualNanos, Instant at) implements LedgerEntry {}

  record Released(String id, Instant at) implements LedgerEntry {}

  /**
   * What a compacted ledger keeps of a run's settles it no longer lists: their total, and when the
   * run last settled. Its {@link #id} is the run.
   */
  record RunTotal(String id, long settledNanos, Instant at) implements LedgerEntry {
    public RunTotal {
      Objects.requireNonNull(id, "id");
      Objects.requireNonNull(at, "at");
    }
  }
}

package dev.burnrate.store;

import dev.burnrate.engine.EventIndex;
import dev.burnrate.usage.UsageEvent;
import java.io.IOException;
import java.util.List;

/**
 * The durable event log, the one port behind which storage lives: the embedded JSONL directory
 * ({@link JsonlEventLog}) or a shared PostgreSQL database for replicated deployments ({@code
 * store.postgres.PostgresEventLog}). Both are held to one contract test suite.
 */
public interface EventLog extends AutoCloseable {
  /**
   * Milliseconds since the index last looked for new events in the log: how far behind it can be (0
   * for stores that push new rows).
   */
  default long refreshAgeMillis() {
    return 0;
  }

  /**
   * While the store cannot be read: the time of the last successful read, which answers are as of.
   * Empty while it can (always, for a local directory).
   */
  default java.util.Optional<java.time.Instant> unavailableSince() {
    return java.util.Optional.empty();
  }

  /** The queryable index over every event the log holds. */
  EventIndex index();

  /** Picks up events appended by other processes since the last look. */
  void refresh() throws IOException;

  /** Refreshes when the last look is older than {@code maxAgeMillis}. */
  void refreshIfOlderThan(long maxAgeMillis) throws IOException;

  /**
   * Appends events durably. Events whose {@code req_id} is already in the log (or earlier in the
   * same batch) are skipped and reported as duplicates, so a resend is never counted twice.
   *
   * @return for each input event, in order, whether it was appended
   * @throws IllegalArgumentException when an event cannot be held at all; nothing of the batch is
   *     written
   * @throws IOException when the store failed; nothing of the batch is acknowledged, and sending it
   *     again is safe
   */
  boolean[] append(List<UsageEvent> events) throws IOException;

  /**
   * As {@link #append}, for events whose spend the caller counts itself until {@link
   * EventIndex#containsRequest} shows them (the spend gate's settles): the store may index them a
   * few milliseconds later, together with the next ones. Every other look ({@link #refresh}, {@link
   * #refreshIfOlderThan}) and every plain append indexes them first.
   */
  default boolean[] appendSettles(List<UsageEvent> events) throws IOException {
    return append(events);
  }

  /**
   * As {@link #refreshIfOlderThan}, for the spend gate: it may leave out this process's events
   * appended with {@link #appendSettles} in the last few milliseconds, which the gate counts
   * itself.
   */
  default void refreshForGate(long maxAgeMillis) throws IOException {
    refreshIfOlderThan(maxAgeMillis);
  }

  @Override
  void close();
}

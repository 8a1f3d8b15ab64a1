package dev.burnrate.store;

import dev.burnrate.usage.UsageEvent;
import dev.burnrate.engine.EventIndex;
import java.io.IOException;
import java.util.List;

/**
 * The durable event log, the one port behind which storage lives: the embedded JSONL directory
 * today, a shared database for replicated deployments later.
 */
public interface EventLog extends AutoCloseable {

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
   */
  boolean[] append(List<UsageEvent> events) throws IOException;

  @Override
  void close();
}

package dev.burnrate.usage;

import java.time.Duration;

/**
 * The times an event may carry, relative to now: far enough back for late batches and backfills, a
 * little ahead for clock skew. Bounding it keeps one call from creating day files for a thousand
 * years and keeps every accepted event inside the log's readable range.
 */
public record EventWindow(Duration maxAge, Duration maxAhead) {
  public static final EventWindow DEFAULT =
      new EventWindow(Duration.ofDays(400), Duration.ofDays(1));

  public EventWindow {
    if (maxAge.isNegative() || maxAhead.isNegative()) {
      throw new IllegalArgumentException(
          "event time window " + maxAge + " / " + maxAhead + " must not be negative");
    }
    if (maxAge.compareTo(Duration.ofDays(36_500)) > 0
        || maxAhead.compareTo(Duration.ofDays(365)) > 0) {
      throw new IllegalArgumentException(
          "event time window "
              + maxAge.toDays()
              + " days back / "
              + maxAhead.toDays()
              + " days ahead is too wide; use at most 36500 days back and 365 ahead");
    }
  }
}

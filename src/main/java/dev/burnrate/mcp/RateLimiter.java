package dev.burnrate.mcp;

import java.time.Clock;
import java.util.ArrayDeque;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * At most {@code limit} calls per key in any 60-second window: a sliding-window log (one timestamp
 * per admitted call, at most {@code limit} per key), exact where a token bucket would allow a burst
 * of a full minute plus the refill. Time comes from the injected clock so tests need not sleep.
 */
final class RateLimiter {
  static final long WINDOW_MS = 60_000;

  private final Clock clock;
  private final Map<String, ArrayDeque<Long>> windows = new ConcurrentHashMap<>();

  RateLimiter(Clock clock) {
    this.clock = clock;
  }

  /**
   * Admits the call and returns 0, or refuses it and returns the milliseconds until it would be
   * admitted. A limit of 0 or less means no limit.
   */
  long tryAcquire(String key, int limit) {
    if (limit <= 0) {
      return 0;
    }
    long now = clock.millis();
    ArrayDeque<Long> log = windows.computeIfAbsent(key, k -> new ArrayDeque<>());
    synchronized (log) {
      while (!log.isEmpty() && log.peekFirst() <= now - WINDOW_MS) {
        log.pollFirst();
      }
      if (log.size() < limit) {
        log.addLast(now);
        return 0;
      }
      return log.peekFirst() + WINDOW_MS - now;
    }
  }
}

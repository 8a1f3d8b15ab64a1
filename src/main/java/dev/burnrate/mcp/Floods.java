package dev.burnrate.mcp;

import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Calls refused by the rate limit, per rate-limit key and window: the first refusal of a window is
 * audited like any call, the rest are only counted, and the count is written as one summary event
 * when the window ends, when the key's next call is admitted, or at close. So a flood costs the
 * audit log about two events per key per minute, not one per call.
 */
final class Floods {
  /** Refusals within one window of one key. */
  static final class Flood {
    final String principal;
    final String auditTool;
    final long windowStartMs;
    long suppressed;

    Flood(String principal, String auditTool, long windowStartMs) {
      this.principal = principal;
      this.auditTool = auditTool;
      this.windowStartMs = windowStartMs;
    }
  }

  private final Map<String, Flood> open = new HashMap<>();
  private final Clock clock;
  private final Consumer<Flood> summary;

  /**
   * @param summary writes an ended window that counted refusals (never called with none)
   */
  Floods(Clock clock, Consumer<Flood> summary) {
    this.clock = clock;
    this.summary = summary;
  }

  /**
   * Whether this call gets its own audit event. Admitted calls always do (and end the key's flood
   * window, writing its count); of rate-limited calls, only the first in each window of a key.
   */
  boolean shouldAudit(String principal, String key, String auditTool, boolean rateLimited) {
    long now = clock.millis();
    Flood ended = null;
    boolean audit;
    synchronized (open) {
      Flood f = open.get(key);
      if (!rateLimited) {
        ended = open.remove(key);
        audit = true;
      } else if (f != null && now - f.windowStartMs < RateLimiter.WINDOW_MS) {
        f.suppressed++;
        audit = false;
      } else {
        ended = f;
        open.put(key, new Flood(principal, auditTool, now));
        audit = true;
      }
    }
    write(ended);
    return audit;
  }

  /** Writes the count of every window that has ended. */
  void flushEnded() {
    long now = clock.millis();
    List<Flood> ended = new ArrayList<>();
    synchronized (open) {
      open.values()
          .removeIf(
              f -> {
                if (now - f.windowStartMs >= RateLimiter.WINDOW_MS) {
                  ended.add(f);
                  return true;
                }
                return false;
              });
    }
    ended.forEach(this::write);
  }

  /** Writes every open window's count (the server is closing). */
  void closeAll() {
    List<Flood> all;
    synchronized (open) {
      all = new ArrayList<>(open.values());
      open.clear();
    }
    all.forEach(this::write);
  }

  private void write(Flood f) {
    if (f != null && f.suppressed > 0) {
      summary.accept(f);
    }
  }
}

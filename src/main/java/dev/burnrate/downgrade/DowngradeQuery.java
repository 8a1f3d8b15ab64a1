package dev.burnrate.downgrade;

import dev.burnrate.usage.QueryException;
import java.time.Instant;
import java.util.Objects;

/**
 * What downgrade advice to give: the last {@code windowDays} complete UTC days before {@code now},
 * for every agent or only {@code agent}.
 *
 * @param agent only this agent's advice; null for every agent
 */
public record DowngradeQuery(Instant now, int windowDays, String agent) {
  public static final int DEFAULT_WINDOW_DAYS = 7;
  public static final int MIN_WINDOW_DAYS = 1;
  public static final int MAX_WINDOW_DAYS = 90;

  public DowngradeQuery {
    Objects.requireNonNull(now, "now");
    if (windowDays < MIN_WINDOW_DAYS || windowDays > MAX_WINDOW_DAYS) {
      throw new QueryException(
          "window_days",
          windowDays + " must be from " + MIN_WINDOW_DAYS + " to " + MAX_WINDOW_DAYS);
    }
  }

  /**
   * Whether advice for {@code candidate} (null: events without an agent, never advised) is asked
   * for.
   */
  boolean includes(String candidate) {
    return candidate != null && (agent == null || agent.equals(candidate));
  }
}

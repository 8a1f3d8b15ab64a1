package dev.burnrate.reserve;

import java.time.Instant;
import java.util.Objects;

/**
 * One scope a request is checked against: what it is, its hard limit in nano-dollars, where its
 * window starts and when it resets.
 *
 * @param name the agent, team or run id; {@code total} for the fleet
 * @param windowStart settled spend counts from here (inclusive) to now; null for a run, whose spend
 *     is everything settled under its id
 * @param resetsAt the end of a calendar period; for a rolling window the time by which all spend
 *     now inside it has aged out; null for a run, which never resets
 */
public record Scope(
    ScopeKind kind, String name, long limitNanos, Instant windowStart, Instant resetsAt) {
  public Scope {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(name, "name");
    if (limitNanos < 0) {
      throw new IllegalArgumentException(
          "scope " + kind.wire() + " " + name + " has a negative limit");
    }
  }

  /** Whether a reservation of {@code agent} in {@code run} (nullable) is inside this scope. */
  public boolean covers(String agent, String run, java.util.Set<String> teamAgents) {
    return switch (kind) {
      case FLEET_MONTH -> true;
      case TEAM_MONTH -> teamAgents.contains(agent);
      case RUN -> name.equals(run);
      case AGENT_MONTH, AGENT_DAY, AGENT_LAST_HOUR, AGENT_LAST_24H -> name.equals(agent);
    };
  }
}

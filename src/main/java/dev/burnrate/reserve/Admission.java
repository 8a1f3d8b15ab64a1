package dev.burnrate.reserve;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The decision: an estimate is admitted iff, for every scope, settled + reserved + estimate is
 * within the scope's hard limit. Nothing else (no soft margin, no projection), so the rule is the
 * same one a property test checks after every step.
 */
public final class Admission {
  private Admission() {}

  /**
   * The outcome, with every scope's state: after the reservation when granted, before it when not.
   */
  public record Decision(boolean granted, Optional<ScopeState> refusedBy, List<ScopeState> scopes) {
    public Decision {
      scopes = List.copyOf(scopes);
    }
  }

  /**
   * Decides {@code estimateNanos} against {@code tallies}. A denial names the scope with the least
   * headroom (the first of them in scope order on a tie), since that one must reset or free up
   * before a smaller request can pass.
   */
  public static Decision decide(List<Tally> tallies, long estimateNanos) {
    if (estimateNanos < 0) {
      throw new IllegalArgumentException("an estimate is never negative");
    }
    Tally refusing = null;
    for (Tally t : tallies) {
      if (!t.admits(estimateNanos)
          && (refusing == null || t.headroomNanos() < refusing.headroomNanos())) {
        refusing = t;
      }
    }
    List<ScopeState> states = new ArrayList<>();
    for (Tally t : tallies) {
      states.add(refusing == null ? t.plusReserved(estimateNanos).state() : t.state());
    }
    return new Decision(refusing == null, Optional.ofNullable(refusing).map(Tally::state), states);
  }
}

package dev.burnrate.reserve;

import java.util.Objects;

/**
 * What a scope holds at one moment, in nano-dollars: spend already settled (events in the index
 * plus settles the index does not show yet) and reservations still open.
 */
public record Tally(Scope scope, long settledNanos, long reservedNanos) {
  public Tally {
    Objects.requireNonNull(scope, "scope");
  }

  /** Settled plus reserved; saturates rather than wraps. */
  public long usedNanos() {
    long sum = settledNanos + reservedNanos;
    return ((settledNanos ^ sum) & (reservedNanos ^ sum)) < 0 ? Long.MAX_VALUE : sum;
  }

  /** Limit minus used: negative when actual spend ran past the limit. */
  public long headroomNanos() {
    return scope.limitNanos() - usedNanos();
  }

  /** Whether {@code estimateNanos} more stays within the limit. */
  public boolean admits(long estimateNanos) {
    return estimateNanos <= headroomNanos();
  }

  public Tally plusReserved(long nanos) {
    return new Tally(scope, settledNanos, reservedNanos + nanos);
  }

  public ScopeState state() {
    return new ScopeState(
        scope.kind().wire(),
        scope.name(),
        Usd.show(scope.limitNanos()),
        Usd.show(settledNanos),
        Usd.show(reservedNanos),
        Usd.show(headroomNanos()),
        scope.resetsAt() == null ? null : scope.resetsAt().toString());
  }
}

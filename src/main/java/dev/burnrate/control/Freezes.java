package dev.burnrate.control;

import dev.burnrate.budget.AlertAction;
import dev.burnrate.budget.Scope;
import dev.burnrate.store.GovernanceState;
import dev.burnrate.wire.Wire;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.YearMonth;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Freezes, set when a {@code freeze-and-escalate} threshold is reached and in force for the rest of
 * that month: {@code state/freeze-<YYYY-MM>.json}, or a row of {@code freezes} that every replica
 * of a PostgreSQL store reads.
 */
final class Freezes {
  static final String LIFTED_BY = "an override in cost/overrides/<agent>.yaml, or the next month";
  static final String LIFTED_BY_SHARED =
      "an override (burnrate override <agent>, kept in the shared store), or the next month";

  private final Supplier<GovernanceState> state;

  Freezes(Supplier<GovernanceState> state) {
    this.state = state;
  }

  /** The freeze file's content: the alert that set it (without its text) and what lifts it. */
  record Freeze(
      String id,
      YearMonth month,
      Scope scope,
      String name,
      BigDecimal thresholdPct,
      AlertAction action,
      BigDecimal pct,
      BigDecimal mtdUsd,
      BigDecimal ceilingUsd,
      BigDecimal projectedMonthEndUsd,
      Instant raisedAt,
      String liftedBy) {

    static Freeze by(Alert a, String liftedBy) {
      return new Freeze(
          a.id(),
          a.month(),
          a.scope(),
          a.name(),
          a.thresholdPct(),
          a.action(),
          a.pct(),
          a.mtdUsd(),
          a.ceilingUsd(),
          a.projectedMonthEndUsd(),
          a.raisedAt(),
          liftedBy);
    }
  }

  /** The freeze in force for {@code month}, as where it is recorded. */
  Optional<String> active(YearMonth month) throws IOException {
    return state.get().freeze(month);
  }

  void set(Alert by) throws IOException {
    GovernanceState s = state.get();
    String liftedBy = s instanceof FileGovernanceState ? LIFTED_BY : LIFTED_BY_SHARED;
    s.setFreeze(by.month(), by.id(), Wire.pretty(Freeze.by(by, liftedBy)) + "\n");
  }
}

package dev.burnrate.control;

import dev.burnrate.budget.DeployOverride;
import dev.burnrate.store.GovernanceState;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The overrides humans write to lift a veto, kept in the governance state: {@code
 * cost/overrides/<agent>.yaml} under the data directory, or the {@code overrides} table of a
 * PostgreSQL store, which every replica reads.
 */
public final class Overrides {
  private final Supplier<? extends GovernanceState> state;

  /** The overrides in files under {@code data}. */
  public Overrides(Path data) {
    FileGovernanceState files = new FileGovernanceState(data);
    this.state = () -> files;
  }

  /** The overrides in {@code state}. */
  public Overrides(GovernanceState state) {
    this.state = () -> state;
  }

  Overrides(Supplier<? extends GovernanceState> state) {
    this.state = state;
  }

  /**
   * Writes {@code agent}'s override, replacing any (atomically: the gate reads the old one or the
   * new one), and reads it back through the gate's own reader, so what was written is what lifts
   * the veto.
   *
   * @return where it was written, as shown
   */
  public String write(String agent, String reason, String approver, Instant expiresAt)
      throws IOException {
    GovernanceState s = state.get();
    s.writeOverride(agent, reason, approver, expiresAt);
    List<String> warnings = new ArrayList<>();
    if (s.override(agent, warnings).isEmpty()) {
      s.revokeOverride(agent);
      throw new IllegalStateException("the override written does not read back: " + warnings);
    }
    return path(agent);
  }

  /** Removes {@code agent}'s override; false when there was none. */
  public boolean revoke(String agent) throws IOException {
    return state.get().revokeOverride(agent);
  }

  /** Where {@code agent}'s override is kept, as shown. */
  public String path(String agent) {
    return state.get().overridePath(agent);
  }

  /**
   * {@code agent}'s override if present and well-formed; what was wrong goes to {@code warnings}.
   */
  Optional<DeployOverride> read(String agent, List<String> warnings) throws IOException {
    return state.get().override(agent, warnings);
  }
}

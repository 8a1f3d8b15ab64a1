package dev.burnrate.control;

import dev.burnrate.config.Config;
import dev.burnrate.config.StoreConfig;
import dev.burnrate.store.EventLog;
import dev.burnrate.store.GovernanceState;
import dev.burnrate.store.postgres.PostgresEventLog;
import dev.burnrate.store.postgres.PostgresGovernanceState;
import java.nio.file.Path;
import java.util.function.Supplier;

/** Picks the governance state {@code store.yml} chooses, as {@link SpendGate#ledger} does. */
final class GovernanceStates {
  private GovernanceStates() {}

  /**
   * With {@code kind: postgres} the governance tables beside the events, over the log's own pool
   * (so every replica of that database shares them); else files under {@code data}. The log is only
   * asked for on first use, when a server has opened it.
   */
  static Supplier<GovernanceState> chosen(
      Config config, Path data, Supplier<? extends EventLog> log) {
    if (config.store() instanceof StoreConfig.Postgres) {
      return () -> {
        EventLog l = log.get();
        if (l instanceof PostgresEventLog pg) {
          return PostgresGovernanceState.beside(pg);
        }
        throw new IllegalStateException(
            "store.yml names PostgreSQL but the event log is " + l.getClass().getSimpleName());
      };
    }
    FileGovernanceState files = new FileGovernanceState(data);
    return () -> files;
  }

  /** {@code state}, resolved on the first call and kept (a failed call is tried again). */
  static Supplier<GovernanceState> once(Supplier<? extends GovernanceState> state) {
    return new Supplier<>() {
      private GovernanceState resolved;

      @Override
      public synchronized GovernanceState get() {
        if (resolved == null) {
          resolved = state.get();
        }
        return resolved;
      }
    };
  }
}

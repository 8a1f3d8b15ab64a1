package dev.burnrate.control;

import dev.burnrate.config.Config;
import dev.burnrate.config.StoreConfig;
import dev.burnrate.store.CloudCostCache;
import dev.burnrate.store.EventLog;
import dev.burnrate.store.GovernanceState;
import dev.burnrate.store.postgres.PostgresCloudCostCache;
import dev.burnrate.store.postgres.PostgresEventLog;
import dev.burnrate.store.postgres.PostgresGovernanceState;
import java.nio.file.Path;
import java.util.function.Supplier;

/**
 * Picks the governance state and cloud cost cache {@code store.yml} chooses, as {@link
 * SpendGate#ledger} picks the reservation ledger.
 */
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

  /** The cloud cost cache {@code store.yml} chooses, likewise (the log asked for on first use). */
  static Supplier<CloudCostCache> cloudCache(
      Config config, Path data, Supplier<? extends EventLog> log) {
    if (config.store() instanceof StoreConfig.Postgres) {
      return once(
          () -> {
            EventLog l = log.get();
            if (l instanceof PostgresEventLog pg) {
              return PostgresCloudCostCache.beside(pg);
            }
            throw new IllegalStateException(
                "store.yml names PostgreSQL but the event log is " + l.getClass().getSimpleName());
          });
    }
    CloudCostCache files = CloudCostCache.in(data);
    return () -> files;
  }

  /** {@code state}, resolved on the first call and kept (a failed call is tried again). */
  static <T> Supplier<T> once(Supplier<? extends T> state) {
    return new Supplier<>() {
      private T resolved;

      @Override
      public synchronized T get() {
        if (resolved == null) {
          resolved = state.get();
        }
        return resolved;
      }
    };
  }
}

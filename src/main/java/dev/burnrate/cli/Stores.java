package dev.burnrate.cli;

import dev.burnrate.config.Config;
import dev.burnrate.config.StoreConfig;
import dev.burnrate.control.FileGovernanceState;
import dev.burnrate.engine.EventIndex;
import dev.burnrate.store.CloudCostCache;
import dev.burnrate.store.EventLog;
import dev.burnrate.store.GovernanceState;
import dev.burnrate.store.JsonlEventLog;
import dev.burnrate.store.postgres.Database;
import dev.burnrate.store.postgres.PgSettings;
import dev.burnrate.store.postgres.PostgresCloudCostCache;
import dev.burnrate.store.postgres.PostgresEventLog;
import dev.burnrate.store.postgres.PostgresGovernanceState;
import java.io.IOException;
import java.util.Map;

/**
 * Opens the event log, governance state and cloud cost cache {@code store.yml} chooses: the one
 * place the CLI knows which stores exist. The password is read here, from the environment variable
 * the config names.
 */
final class Stores {
  private Stores() {}

  static EventLog open(Config config, CommonOptions o, EventIndex index) throws IOException {
    if (config.store() instanceof StoreConfig.Postgres p) {
      return PostgresEventLog.open(connect(p), index, o.data.resolve("index/postgres"));
    }
    return JsonlEventLog.open(o.auditDir(), o.data.resolve("index"), index);
  }

  /** A log to append to without reading the history first (ingest). */
  static EventLog openForWrites(Config config, CommonOptions o, EventIndex index)
      throws IOException {
    if (config.store() instanceof StoreConfig.Postgres p) {
      return PostgresEventLog.writer(connect(p), index);
    }
    return open(config, o, index);
  }

  /**
   * The governance state {@code store.yml} chooses (alerts, freezes, overrides): the database's
   * tables, or files under the data directory. The caller closes it.
   */
  static GovernanceState governanceState(Config config, CommonOptions o) throws IOException {
    if (config.store() instanceof StoreConfig.Postgres p) {
      return PostgresGovernanceState.open(connect(p));
    }
    return new FileGovernanceState(o.data);
  }

  /**
   * The cloud cost cache {@code store.yml} chooses: the database's tables, or the file under the
   * data directory. The caller closes it.
   */
  static CloudCostCache cloudCache(Config config, CommonOptions o) throws IOException {
    if (config.store() instanceof StoreConfig.Postgres p) {
      return PostgresCloudCostCache.open(connect(p));
    }
    return CloudCostCache.in(o.data);
  }

  /** The configured database; a usage error when the store is the JSONL directory. */
  static Database database(Config config, String command) throws IOException {
    if (config.store() instanceof StoreConfig.Postgres p) {
      return connect(p);
    }
    throw new UsageException(
        command
            + " works on a PostgreSQL store, and "
            + config.dir().resolve("store.yml")
            + " does not set kind: postgres (the JSONL audit directory needs no "
            + command
            + ")");
  }

  static Database connect(StoreConfig.Postgres p) throws IOException {
    return Database.connect(settings(p));
  }

  static PgSettings settings(StoreConfig.Postgres p) {
    String password = null;
    if (p.passwordEnv() != null) {
      password = System.getenv(p.passwordEnv());
      if (password == null || password.isEmpty()) {
        throw new UsageException(
            "store.yml names password_env "
                + p.passwordEnv()
                + ", but "
                + p.passwordEnv()
                + " is not set in the environment; export it before starting burnrate");
      }
    }
    return new PgSettings(p.url(), p.user(), password, p.poolSize(), p.schema());
  }

  /** What the log holds, for command output. */
  static Map<String, Object> describe(EventLog log) {
    if (log instanceof JsonlEventLog j) {
      return j.stats();
    }
    return Map.of("store", "postgres", "events", log.index().eventCount());
  }
}

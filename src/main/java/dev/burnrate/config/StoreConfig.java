package dev.burnrate.config;

import java.util.Objects;

/**
 * Where the event log lives, from {@code store.yml}: the embedded JSONL audit directory (the
 * default when the file is absent) or a shared PostgreSQL database. The password is never part of
 * the config: {@code passwordEnv} names the environment variable that holds it.
 */
public sealed interface StoreConfig permits StoreConfig.Jsonl, StoreConfig.Postgres {

  StoreConfig JSONL = new Jsonl();

  /** The audit JSONL directory under {@code --data} (or {@code --audit-dir}). */
  record Jsonl() implements StoreConfig {}

  /**
   * A PostgreSQL database.
   *
   * @param url a {@code jdbc:postgresql:} URL without credentials
   * @param passwordEnv the environment variable holding the password, or null for none (trust, peer
   *     or {@code ~/.pgpass} authentication)
   * @param schema where burnrate's tables live; created by {@code burnrate migrate}
   * @param preflightFailOpen whether preflight_deploy passes on the last figures while the database
   *     cannot be read (default false: it vetoes)
   */
  record Postgres(
      String url,
      String user,
      String passwordEnv,
      int poolSize,
      String schema,
      boolean preflightFailOpen)
      implements StoreConfig {
    public static final int DEFAULT_POOL_SIZE = 4;
    public static final String DEFAULT_SCHEMA = "burnrate";

    public Postgres {
      Objects.requireNonNull(url, "url");
      Objects.requireNonNull(user, "user");
      Objects.requireNonNull(schema, "schema");
      if (poolSize < 1) {
        throw new IllegalArgumentException("pool_size " + poolSize + " must be at least 1");
      }
    }
  }
}

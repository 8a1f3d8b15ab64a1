package dev.burnrate.store.postgres;

import java.util.Objects;

/**
 * How to reach the database: the JDBC URL, the role, its password (already read from the
 * environment variable {@code store.yml} names; null for trust, peer or {@code ~/.pgpass}), the
 * pool size and the schema holding burnrate's tables.
 */
public record PgSettings(String url, String user, String password, int poolSize, String schema) {
  public PgSettings {
    Objects.requireNonNull(url, "url");
    Objects.requireNonNull(user, "user");
    Objects.requireNonNull(schema, "schema");
    if (poolSize < 1) {
      throw new IllegalArgumentException("pool size " + poolSize + " must be at least 1");
    }
  }

  /** Never shows the password. */
  @Override
  public String toString() {
    return "PgSettings[url="
        + url
        + ", user="
        + user
        + ", password="
        + (password == null ? "none" : "***")
        + ", poolSize="
        + poolSize
        + ", schema="
        + schema
        + "]";
  }
}

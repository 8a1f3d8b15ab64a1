package dev.burnrate.store.postgres;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Properties;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;

/**
 * A PostgreSQL database holding burnrate's tables: a HikariCP pool over the official driver, the
 * schema's migrations (Flyway, {@code db/migration/V<n>__*.sql}) and the check that the schema is
 * the one this build knows.
 *
 * <p>Opening probes the server once with a plain driver connection, so an unreachable server or a
 * refused role becomes one clear {@link StoreUnavailableException} instead of a pool's stack trace;
 * the pool itself then starts lazily and reconnects by itself after an outage.
 */
public final class Database implements AutoCloseable {
  /** The newest migration this build ships; a database beyond it is refused. */
  public static final int SCHEMA_VERSION = 3;

  static final int CONNECT_TIMEOUT_SECONDS = 3;
  private static final int MIN_SERVER_VERSION = 140000;

  private final PgSettings settings;
  private final HikariDataSource pool;

  private Database(PgSettings settings, HikariDataSource pool) {
    this.settings = settings;
    this.pool = pool;
  }

  /** Connects (probing the server first); does not look at the schema. */
  public static Database connect(PgSettings s) throws StoreUnavailableException {
    probe(s);
    HikariConfig h = new HikariConfig();
    h.setPoolName("burnrate-pg");
    h.setJdbcUrl(s.url());
    h.setUsername(s.user());
    h.setPassword(s.password());
    h.setMaximumPoolSize(s.poolSize());
    h.setMinimumIdle(1);
    h.setSchema(s.schema());
    // Stated, not assumed from the server's default: the writers' advisory locks rely on each
    // statement after the lock taking a fresh snapshot (see PostgresReservationLedger).
    h.setTransactionIsolation("TRANSACTION_READ_COMMITTED");
    h.setConnectionTimeout(CONNECT_TIMEOUT_SECONDS * 1000L);
    h.setValidationTimeout(1000);
    h.setKeepaliveTime(30_000);
    h.setInitializationFailTimeout(-1);
    h.setDataSourceProperties(driverProperties(s));
    return new Database(s, new HikariDataSource(h));
  }

  private static Properties driverProperties(PgSettings s) {
    Properties p = new Properties();
    p.setProperty("ApplicationName", "burnrate");
    p.setProperty("connectTimeout", Integer.toString(CONNECT_TIMEOUT_SECONDS));
    p.setProperty("tcpKeepAlive", "true");
    return p;
  }

  private static void probe(PgSettings s) throws StoreUnavailableException {
    Properties p = driverProperties(s);
    p.setProperty("user", s.user());
    if (s.password() != null) {
      p.setProperty("password", s.password());
    }
    try (Connection c = DriverManager.getConnection(s.url(), p);
        ResultSet r = c.createStatement().executeQuery("SHOW server_version_num")) {
      r.next();
      int v = Integer.parseInt(r.getString(1));
      if (v < MIN_SERVER_VERSION) {
        throw new StoreUnavailableException(
            "PostgreSQL at "
                + s.url()
                + " is version "
                + v / 10000
                + "; burnrate needs 14 or newer");
      }
    } catch (SQLException e) {
      throw new StoreUnavailableException(describe(s, e), e);
    }
  }

  /** One line saying what went wrong talking to the server and what to check. */
  static String describe(PgSettings s, SQLException e) {
    String state = e.getSQLState() == null ? "" : e.getSQLState();
    String msg = firstLine(e.getMessage());
    if (state.startsWith("28")) {
      return "PostgreSQL at "
          + s.url()
          + " refused role "
          + s.user()
          + ": "
          + msg
          + "; check user and the password variable in store.yml";
    }
    if (state.equals("3D000")) {
      return "PostgreSQL at "
          + s.url()
          + ": "
          + msg
          + "; create the database or fix url in store.yml";
    }
    if (state.startsWith("57P")) {
      return "PostgreSQL at " + s.url() + " is shutting down or restarting: " + msg;
    }
    if (state.startsWith("08") || e instanceof java.sql.SQLTransientConnectionException) {
      return "cannot reach PostgreSQL at "
          + s.url()
          + ": "
          + msg
          + "; check that the server is running and url in store.yml";
    }
    return "PostgreSQL at " + s.url() + " failed: " + msg;
  }

  private static String firstLine(String s) {
    if (s == null) {
      return "no detail";
    }
    int nl = s.indexOf('\n');
    return (nl < 0 ? s : s.substring(0, nl)).strip();
  }

  PgSettings settings() {
    return settings;
  }

  /** A pooled connection; waits at most a few seconds when the server is away. */
  Connection connection() throws SQLException {
    return pool.getConnection();
  }

  /** The outcome of {@link #migrate}. */
  public record Migration(String schema, String from, String to, int applied) {}

  /** Applies every pending migration (creating the schema when absent). */
  public Migration migrate() throws StoreUnavailableException {
    requireNotNewer();
    try {
      MigrateResult r = flyway().migrate();
      return new Migration(
          settings.schema(),
          r.initialSchemaVersion == null ? "none" : r.initialSchemaVersion,
          r.targetSchemaVersion == null ? r.initialSchemaVersion : r.targetSchemaVersion,
          r.migrationsExecuted);
    } catch (org.flywaydb.core.api.FlywayException e) {
      throw new StoreUnavailableException(
          "migrating schema "
              + settings.schema()
              + " at "
              + settings.url()
              + " failed: "
              + firstLine(e.getMessage()),
          e);
    }
  }

  private Flyway flyway() {
    // Flyway holds one connection for its lock and another for the migration itself: its own
    // connections, so a pool_size of 1 cannot starve it.
    return Flyway.configure(Database.class.getClassLoader())
        .dataSource(settings.url(), settings.user(), settings.password())
        .schemas(settings.schema())
        .defaultSchema(settings.schema())
        .locations("classpath:db/migration")
        .load();
  }

  /**
   * The schema version recorded in the database: 0 when burnrate's tables are not there yet. Read
   * straight from Flyway's history table, so starting a server costs one query.
   */
  public int schemaVersion() throws StoreUnavailableException {
    try (Connection c = connection()) {
      try (PreparedStatement ps =
              c.prepareStatement("SELECT to_regclass('flyway_schema_history') IS NOT NULL");
          ResultSet r = ps.executeQuery()) {
        r.next();
        if (!r.getBoolean(1)) {
          return 0;
        }
      }
      int max = 0;
      try (PreparedStatement ps =
              c.prepareStatement(
                  "SELECT version FROM flyway_schema_history WHERE success AND version IS NOT NULL");
          ResultSet r = ps.executeQuery()) {
        while (r.next()) {
          max = Math.max(max, major(r.getString(1)));
        }
      }
      return max;
    } catch (SQLException e) {
      throw new StoreUnavailableException(describe(settings, e), e);
    }
  }

  private static int major(String version) {
    int dot = version.indexOf('.');
    try {
      return Integer.parseInt(dot < 0 ? version : version.substring(0, dot));
    } catch (NumberFormatException e) {
      return Integer.MAX_VALUE; // not one of ours: treat as newer
    }
  }

  private int requireNotNewer() throws StoreUnavailableException {
    int v = schemaVersion();
    if (v > SCHEMA_VERSION) {
      throw new StoreUnavailableException(
          "schema "
              + settings.schema()
              + " at "
              + settings.url()
              + " is at version "
              + v
              + ", newer than this burnrate knows ("
              + SCHEMA_VERSION
              + "); run a newer burnrate");
    }
    return v;
  }

  /**
   * Refuses a schema that is missing, older (run migrate) or newer (upgrade burnrate) than this
   * build.
   */
  /**
   * {@link #requireCurrentSchema}, closing this database when it fails: what opening a store that
   * takes ownership of the database does first.
   */
  public void requireCurrentSchemaOrClose() throws StoreUnavailableException {
    try {
      requireCurrentSchema();
    } catch (StoreUnavailableException | RuntimeException e) {
      close();
      throw e;
    }
  }

  public void requireCurrentSchema() throws StoreUnavailableException {
    int v = requireNotNewer();
    if (v < SCHEMA_VERSION) {
      throw new StoreUnavailableException(
          "schema "
              + settings.schema()
              + " at "
              + settings.url()
              + (v == 0
                  ? " has no burnrate tables"
                  : " is at version " + v + ", older than this burnrate (" + SCHEMA_VERSION + ")")
              + "; run 'burnrate migrate' first");
    }
  }

  @Override
  public void close() {
    pool.close();
  }
}

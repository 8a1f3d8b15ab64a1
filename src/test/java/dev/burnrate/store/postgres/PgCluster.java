package dev.burnrate.store.postgres;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;

/**
 * A throwaway PostgreSQL cluster for tests: {@code initdb} into {@code target/pg-<id>}, {@code
 * pg_ctl start} on a free loopback port with durability switched off (about a second), removed on
 * {@link #close}. The binaries are found on {@code $BURNRATE_PG_BIN}, under {@code
 * /usr/lib/postgresql/<version>/bin} (newest first) or on the PATH; tests are skipped, saying so,
 * only when none exist. PostgreSQL refuses to run as root, so as root every command runs as the
 * {@code postgres} user through {@code runuser} and the cluster directory is handed to it.
 */
public final class PgCluster implements AutoCloseable {
  public static final String USER = "burnrate";
  private static final Path ROOT = Path.of("target");
  private static PgCluster shared;

  private final Path bin;
  private final Path dir;
  private final Path data;
  private final int port;
  private boolean running;

  private PgCluster(Path bin, Path dir, int port) {
    this.bin = bin;
    this.dir = dir;
    this.data = dir.resolve("data");
    this.port = port;
  }

  /** The directory holding initdb and pg_ctl, if this machine has PostgreSQL. */
  static Optional<Path> binaries() {
    String env = System.getenv("BURNRATE_PG_BIN");
    if (env != null && Files.isExecutable(Path.of(env, "initdb"))) {
      return Optional.of(Path.of(env));
    }
    Path lib = Path.of("/usr/lib/postgresql");
    if (Files.isDirectory(lib)) {
      try (Stream<Path> s = Files.list(lib)) {
        Optional<Path> newest =
            s.map(p -> p.resolve("bin"))
                .filter(p -> Files.isExecutable(p.resolve("initdb")))
                .max(Comparator.comparingInt(p -> version(p.getParent().getFileName().toString())));
        if (newest.isPresent()) {
          return newest;
        }
      } catch (IOException e) {
        // fall through to the PATH
      }
    }
    for (String d : System.getenv().getOrDefault("PATH", "").split(":")) {
      Path p = Path.of(d.isEmpty() ? "." : d, "initdb");
      if (Files.isExecutable(p)) {
        try {
          return Optional.of(p.toRealPath().getParent());
        } catch (IOException e) {
          return Optional.of(p.getParent());
        }
      }
    }
    return Optional.empty();
  }

  private static int version(String s) {
    try {
      return Integer.parseInt(s);
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  /** Skips the calling test (with the reason) when this machine has no PostgreSQL binaries. */
  public static Path requireBinaries() {
    Optional<Path> bin = binaries();
    Assumptions.assumeTrue(
        bin.isPresent(),
        "PostgreSQL binaries not found (looked at $BURNRATE_PG_BIN, /usr/lib/postgresql/*/bin and"
            + " the PATH); install the Debian package postgresql to run the PostgreSQL tests");
    return bin.get();
  }

  /** One cluster for the whole test JVM, started on first use and removed at exit. */
  public static synchronized PgCluster shared() throws IOException {
    if (shared == null) {
      shared = start();
      PgCluster c = shared;
      Runtime.getRuntime().addShutdownHook(new Thread(c::close, "pg-cluster-stop"));
    }
    return shared;
  }

  /** A new cluster of its own (for tests that stop and start it). */
  public static PgCluster start() throws IOException {
    Path bin = requireBinaries();
    Path dir = ROOT.toAbsolutePath().resolve("pg-" + UUID.randomUUID().toString().substring(0, 8));
    Files.createDirectories(dir);
    PgCluster c = new PgCluster(bin, dir, freePort());
    try {
      c.init();
      c.startServer();
      return c;
    } catch (IOException | RuntimeException e) {
      c.close();
      throw e;
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  private void init() throws IOException {
    if (root()) {
      run(List.of("chown", "postgres:", dir.toString()), false);
    }
    run(
        List.of(
            bin.resolve("initdb").toString(),
            "-D",
            data.toString(),
            "-U",
            USER,
            "-A",
            "trust",
            "-E",
            "UTF8",
            "--no-locale",
            "--no-sync"),
        true);
    Files.writeString(
        data.resolve("postgresql.conf"),
        String.join(
            "\n",
            "",
            "port = " + port,
            "listen_addresses = '127.0.0.1'",
            "unix_socket_directories = ''",
            "fsync = off",
            "synchronous_commit = off",
            "full_page_writes = off",
            "max_connections = 100",
            "shared_buffers = 64MB",
            ""),
        StandardCharsets.UTF_8,
        StandardOpenOption.APPEND);
  }

  private void startServer() throws IOException {
    run(
        List.of(
            bin.resolve("pg_ctl").toString(),
            "-D",
            data.toString(),
            "-l",
            dir.resolve("server.log").toString(),
            "-w",
            "-t",
            "60",
            "start"),
        true);
    running = true;
  }

  /** Stops the server (fast shutdown, connections are cut), keeping its data. */
  public void stop() throws IOException {
    run(
        List.of(
            bin.resolve("pg_ctl").toString(), "-D", data.toString(), "-m", "fast", "-w", "stop"),
        true);
    running = false;
  }

  /** Starts a stopped server again, on the same port with the same data. */
  public void restart() throws IOException {
    startServer();
  }

  Path dir() {
    return dir;
  }

  public int port() {
    return port;
  }

  /** A JDBC URL for a database of this cluster. */
  public String url(String database) {
    return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
  }

  /** A fresh, empty database (tests isolate from each other by database, not by cluster). */
  public String createDatabase() throws SQLException {
    String name = "t_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    try (Connection c = DriverManager.getConnection(url("postgres"), USER, "");
        Statement s = c.createStatement()) {
      s.execute("CREATE DATABASE " + name); // a generated identifier: nothing to bind
    }
    return url(name);
  }

  private static boolean root() {
    return "root".equals(System.getProperty("user.name"));
  }

  private void run(List<String> command, boolean asPostgres) throws IOException {
    List<String> cmd = new ArrayList<>();
    if (asPostgres && root()) {
      cmd.addAll(List.of("runuser", "-u", "postgres", "--"));
    }
    cmd.addAll(command);
    Path log = dir.resolve("commands.log");
    ProcessBuilder pb =
        new ProcessBuilder(cmd)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    pb.environment().put("LC_ALL", "C");
    try {
      Process p = pb.start();
      if (!p.waitFor(90, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new IOException(String.join(" ", cmd) + " did not finish in 90 s; see " + log);
      }
      if (p.exitValue() != 0) {
        throw new IOException(
            String.join(" ", cmd)
                + " exited "
                + p.exitValue()
                + ": "
                + tail(log)
                + (Files.exists(dir.resolve("server.log"))
                    ? "\nserver log: " + tail(dir.resolve("server.log"))
                    : ""));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted running " + cmd, e);
    }
  }

  private static String tail(Path p) {
    try {
      String s = Files.readString(p);
      return s.length() > 2000 ? s.substring(s.length() - 2000) : s;
    } catch (IOException e) {
      return "(" + p + " unreadable)";
    }
  }

  /** Stops the server (immediately) and removes its directory. */
  @Override
  public synchronized void close() {
    if (running) {
      try {
        run(
            List.of(
                bin.resolve("pg_ctl").toString(),
                "-D",
                data.toString(),
                "-m",
                "immediate",
                "-w",
                "stop"),
            true);
      } catch (IOException e) {
        System.err.println("could not stop the test cluster in " + dir + ": " + e.getMessage());
      }
      running = false;
    }
    try (Stream<Path> s = Files.walk(dir)) {
      s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // already gone
    }
  }
}

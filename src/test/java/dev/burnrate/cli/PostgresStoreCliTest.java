package dev.burnrate.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.burnrate.demo.DemoData;
import dev.burnrate.store.postgres.PgCluster;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The PostgreSQL store from the command line: migrate, ingest, export, and refusing to start. */
class PostgresStoreCliTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String NOW = Fixture.NOW.toString();

  /** Before the req_id-less events, which the second ingest adds to PostgreSQL a second time. */
  private static final String BEFORE_EXTRAS = "2026-02-23T08:00:00Z";

  @TempDir Path dir;
  private Path config;
  private String url;

  @BeforeEach
  void configPointingAtAFreshDatabase() throws Exception {
    url = PgCluster.shared().createDatabase();
    config = dir.resolve("config");
    Files.createDirectories(config);
    try (Stream<Path> s = Files.list(Path.of("config"))) {
      for (Path p : s.toList()) {
        Files.copy(p, config.resolve(p.getFileName()));
      }
    }
    store("kind: postgres\nurl: " + url + "\nuser: " + PgCluster.USER + "\nschema: spend\n");
  }

  private void store(String yaml) throws IOException {
    Files.writeString(config.resolve("store.yml"), yaml);
  }

  private Fixture.Result run(String... args) {
    return Fixture.runRaw(args);
  }

  @Test
  void historyMovedInWithIngestComesBackOutByteForByte() throws Exception {
    // The source history in the audit shape: the demo fleet, normalised by the JSONL store, plus
    // lines whose values are easy to get subtly wrong (escapes, scales, absent fields, no req_id).
    Path raw = dir.resolve("raw");
    DemoData.generate(raw, Fixture.NOW, 3, 5_000, 11);
    Files.writeString(
        raw.resolve("tool_audit_2026-02-23.jsonl"),
        String.join(
            "\n",
            "{\"ts\":\"2026-02-23T10:00:00.000001Z\",\"req_id\":\"odd-1\",\"agent_id\":\"tab\\tnew\\nline \\\"q\\\" \\\\ é 漢\","
                + "\"tool\":\"t\",\"status\":\"denied\",\"duration_ms\":0,\"cost_usd\":0.0100,\"complexity_score\":1e-05}",
            "{\"ts\":\"2026-02-23T10:00:01+02:00\",\"tool\":\"no-req-id\",\"status\":\"error\",\"input_tokens\":0,"
                + "\"cache_write_tokens\":7,\"cost_usd\":12345.123456789,\"graph_run_id\":\"g\",\"graph_node\":\"n\",\"job_id\":\"j\"}",
            "{\"ts\":\"2026-02-23T10:00:01+02:00\",\"tool\":\"no-req-id\",\"status\":\"error\"}",
            ""),
        StandardCharsets.UTF_8,
        java.nio.file.StandardOpenOption.APPEND);
    Path source = dir.resolve("source");
    Fixture.Result toJsonl =
        run(
            "ingest",
            "--config",
            "config",
            "--data",
            dir.resolve("d").toString(),
            "--audit-dir",
            source.toString(),
            "--now",
            NOW,
            raw.toString());
    assertEquals(0, toJsonl.exit(), toJsonl.err());

    Fixture.Result migrate = run("migrate", "--config", config.toString());
    assertEquals(0, migrate.exit(), migrate.err());
    assertEquals(
        String.valueOf(dev.burnrate.store.postgres.Database.SCHEMA_VERSION),
        JSON.readTree(migrate.out()).get("to_version").asText());
    assertEquals(
        0,
        JSON.readTree(run("migrate", "--config", config.toString()).out())
            .get("migrations_applied")
            .asInt(),
        "a second migrate has nothing to do");

    Fixture.Result in =
        run("ingest", "--config", config.toString(), "--now", NOW, source.toString());
    assertEquals(0, in.exit(), in.err());
    JsonNode r = JSON.readTree(in.out());
    long events = r.get("accepted").asLong();
    assertTrue(events > 5_000, in.out());
    Path out = dir.resolve("exported");
    Fixture.Result export = run("export", "--config", config.toString(), "--out", out.toString());
    assertEquals(0, export.exit(), export.err());
    assertEquals(events, JSON.readTree(export.out()).get("events").asLong());
    List<String> names = names(source);
    assertEquals(names, names(out));
    for (String n : names) {
      assertArrayEquals(
          Files.readAllBytes(source.resolve(n)),
          Files.readAllBytes(out.resolve(n)),
          n + " round-trips exactly");
    }

    Fixture.Result again =
        run("ingest", "--config", config.toString(), "--now", NOW, source.toString());
    assertEquals(
        events - 2,
        JSON.readTree(again.out()).get("duplicates").asLong(),
        "everything but the two events without a req_id is a duplicate the second time");

    // Answers from PostgreSQL match answers from the JSONL directory it came from.
    Fixture.Result fromJsonl =
        run(
            "report",
            "--config",
            "config",
            "--data",
            dir.resolve("d").toString(),
            "--audit-dir",
            source.toString(),
            "--now",
            NOW,
            "--to",
            BEFORE_EXTRAS,
            "--last",
            "7d",
            "--group-by",
            "agent_id,model");
    Fixture.Result fromPg =
        run(
            "report",
            "--config",
            config.toString(),
            "--now",
            NOW,
            "--to",
            BEFORE_EXTRAS,
            "--last",
            "7d",
            "--group-by",
            "agent_id,model");
    assertEquals(0, fromPg.exit(), fromPg.err());
    assertEquals(0, fromJsonl.exit(), fromJsonl.err());
    JsonNode a = JSON.readTree(fromJsonl.out());
    JsonNode b = JSON.readTree(fromPg.out());
    // data_quality counts over the whole index, which holds the re-sent req_id-less events twice.
    ((com.fasterxml.jackson.databind.node.ObjectNode) a).remove("data_quality");
    ((com.fasterxml.jackson.databind.node.ObjectNode) b).remove("data_quality");
    assertEquals(a, b);
  }

  private static List<String> names(Path d) throws IOException {
    try (Stream<Path> s = Files.list(d)) {
      return s.map(p -> p.getFileName().toString())
          .filter(n -> n.endsWith(".jsonl"))
          .sorted()
          .toList();
    }
  }

  @Test
  void serveRefusesASchemaNewerThanItKnowsWithOneLineAndExit3() throws Exception {
    assertEquals(0, run("migrate", "--config", config.toString()).exit());
    try (Connection c = DriverManager.getConnection(url, PgCluster.USER, "");
        Statement s = c.createStatement()) {
      s.execute(
          "INSERT INTO spend.flyway_schema_history (installed_rank, version, description, type, script,"
              + " checksum, installed_by, execution_time, success) VALUES (99, '99', 'future', 'SQL', 'V99__future.sql',"
              + " 0, 'test', 0, true)");
    }
    for (String cmd : List.of("serve", "report", "migrate")) {
      Fixture.Result r = run(cmd, "--config", config.toString());
      assertEquals(3, r.exit(), cmd + ": " + r.err());
      assertEquals(1, r.err().strip().lines().count(), r.err());
      assertTrue(
          r.err()
              .contains(
                  "is at version 99, newer than this burnrate knows ("
                      + dev.burnrate.store.postgres.Database.SCHEMA_VERSION
                      + ")"),
          r.err());
    }
  }

  @Test
  void anUnmigratedDatabaseSaysToRunMigrate() {
    Fixture.Result r = run("report", "--config", config.toString());
    assertEquals(3, r.exit(), r.err());
    assertTrue(
        r.err()
            .contains(
                "schema spend at " + url + " has no burnrate tables; run 'burnrate migrate' first"),
        r.err());
  }

  @Test
  void unreachableAtStartIsOneLineAndExit3() throws Exception {
    int port;
    try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
      port = s.getLocalPort();
    }
    store(
        "kind: postgres\nurl: jdbc:postgresql://127.0.0.1:" + port + "/burnrate\nuser: burnrate\n");
    for (String cmd : List.of("serve", "report", "ingest")) {
      Fixture.Result r = run(cmd, "--config", config.toString());
      assertEquals(3, r.exit(), cmd + ": " + r.err());
      assertEquals(1, r.err().strip().lines().count(), r.err());
      assertTrue(
          r.err()
              .startsWith(
                  "burnrate: cannot reach PostgreSQL at jdbc:postgresql://127.0.0.1:" + port),
          r.err());
      assertFalse(r.err().contains("\tat "), "no stack trace");
    }
  }

  @Test
  void aPasswordVariableThatIsNotSetIsAUsageError() throws Exception {
    store(
        "kind: postgres\nurl: "
            + url
            + "\nuser: burnrate\npassword_env: BURNRATE_TEST_UNSET_PASSWORD\n");
    Fixture.Result r = run("report", "--config", config.toString());
    assertEquals(2, r.exit(), r.err());
    assertTrue(
        r.err().contains("BURNRATE_TEST_UNSET_PASSWORD is not set in the environment"), r.err());
  }
}

package dev.burnrate.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.burnrate.store.GovernanceState;
import dev.burnrate.store.postgres.Database;
import dev.burnrate.store.postgres.PgCluster;
import dev.burnrate.store.postgres.PgSettings;
import dev.burnrate.store.postgres.PostgresGovernanceState;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two replicas on one PostgreSQL store, each with its own data directory and nothing on disk in
 * common: the alerts one raises the other does not raise again, the freeze one sets the other
 * honours, and an override written through one lifts the veto in the other until it is revoked.
 */
class SharedGovernanceCliTest {
  static final String NOW = "2026-03-20T12:00:00Z";
  static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path root;
  Path config;
  String url;

  @BeforeEach
  void aFrozenMonthInAFreshDatabase() throws Exception {
    config = Files.createDirectories(root.resolve("config"));
    try (Stream<Path> s = Files.list(Path.of("config"))) {
      for (Path p : s.toList()) {
        Files.copy(p, config.resolve(p.getFileName()));
      }
    }
    Files.writeString(
        config.resolve("store.yml"),
        "kind: postgres\nurl: "
            + (url = PgCluster.shared().createDatabase())
            + "\nuser: "
            + PgCluster.USER
            + "\n");
    Files.writeString(
        config.resolve("budget.yaml"),
        "monthly_ceiling_usd:\n  total: 50000\n  per_agent: {small: 100}\n"
            + BudgetGovernanceTest.ALERTS);
    Fixture.Result m = Fixture.runRaw("migrate", "--config", config.toString());
    assertEquals(0, m.exit(), m.err());
    Path spend = root.resolve("spend.jsonl");
    Files.writeString(
        spend,
        "{\"ts\":\"2026-03-05T10:00:00Z\",\"req_id\":\"r1\",\"tool\":\"llm_chat\",\"agent_id\":\"big\","
            + "\"status\":\"pass\",\"duration_ms\":1000,\"cost_usd\":50001}\n");
    Fixture.Result in =
        Fixture.runRaw("ingest", "--config", config.toString(), "--now", NOW, spend.toString());
    assertEquals(0, in.exit(), in.err());
  }

  private Fixture.Result on(String replica, String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    all.addAll(
        List.of(
            "--config",
            config.toString(),
            "--data",
            root.resolve(replica).toString(),
            "--now",
            NOW,
            "--format",
            "json"));
    return Fixture.runRaw(all.toArray(new String[0]));
  }

  private JsonNode preflight(String replica) throws IOException {
    Fixture.Result r = on(replica, "preflight", "small", "--estimate", "0");
    assertTrue(r.exit() == 0 || r.exit() == 1, r.out() + r.err());
    return JSON.readTree(r.out());
  }

  private long alertFiles(String replica) throws IOException {
    Path alerts = root.resolve(replica).resolve("cost/alerts");
    if (!Files.isDirectory(alerts)) {
      return 0;
    }
    try (Stream<Path> s = Files.list(alerts)) {
      return s.filter(p -> p.toString().endsWith(".json")).count();
    }
  }

  @Test
  void alertsFreezesAndOverridesAreOneTruthForEveryReplica() throws Exception {
    JsonNode a = preflight("replica-a");
    assertEquals("veto", a.get("decision").asText(), a.toString());
    assertEquals("freeze", a.get("rule").asText(), a.toString());
    assertEquals(3, alertFiles("replica-a"), "notify, veto and freeze for the total, once each");

    JsonNode b = preflight("replica-b");
    assertEquals("freeze", b.get("rule").asText(), "the freeze set by replica a: " + b);
    assertEquals(0, alertFiles("replica-b"), "replica b raises nothing a raised");
    assertFalse(Files.exists(root.resolve("replica-b/state/freeze-2026-03.json")));
    assertFalse(Files.exists(root.resolve("replica-b/state/preflight-small.json")));
    try (GovernanceState shared =
        PostgresGovernanceState.open(
            Database.connect(new PgSettings(url, PgCluster.USER, null, 1, "burnrate")))) {
      assertEquals(
          b, JSON.readTree(shared.lastDecision("small").orElseThrow()), "recorded in the database");
    }

    Fixture.Result w =
        on(
            "replica-b",
            "override",
            "small",
            "--reason",
            "security patch",
            "--approver",
            "ops lead",
            "--for",
            "6h");
    assertEquals(0, w.exit(), w.out() + w.err());
    assertFalse(
        Files.exists(root.resolve("replica-b/cost/overrides")), "kept in the database, not a file");
    a = preflight("replica-a");
    assertEquals("pass", a.get("decision").asText(), "lifted through replica b: " + a);
    assertEquals("ops lead", a.at("/override/approver").asText(), a.toString());

    Fixture.Result r = on("replica-a", "override", "small", "--revoke");
    assertEquals(0, r.exit(), r.out() + r.err());
    assertTrue(JSON.readTree(r.out()).get("revoked").asBoolean(), r.out());
    b = preflight("replica-b");
    assertEquals("veto", b.get("decision").asText(), "revoked through replica a: " + b);
  }
}

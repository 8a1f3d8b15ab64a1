package dev.burnrate.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.burnrate.store.CloudCostCache;
import dev.burnrate.store.postgres.Database;
import dev.burnrate.store.postgres.PgCluster;
import dev.burnrate.store.postgres.PgSettings;
import dev.burnrate.store.postgres.PostgresCloudCostCache;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The cloud bill cached in PostgreSQL: synced once (here written straight into the shared cache),
 * counted by every replica's budget and shown by every replica's cloud-status, with nothing cached
 * on their disks.
 */
class SharedCloudCostsCliTest {
  static final String NOW = "2026-03-20T12:00:00Z";
  static final ObjectMapper JSON = new ObjectMapper();
  @TempDir Path root;

  @Test
  void aBillCachedInTheDatabaseIsCountedByEveryReplica() throws Exception {
    Path config = Files.createDirectories(root.resolve("config"));
    try (Stream<Path> s = Files.list(Path.of("config"))) {
      for (Path p : s.filter(Files::isRegularFile).toList()) {
        Files.copy(p, config.resolve(p.getFileName()));
      }
    }
    String yaml = Files.readString(config.resolve("budget.yaml"));
    assertTrue(yaml.contains("cost_sources: [usage]"), "the example budget names its sources");
    Files.writeString(
        config.resolve("budget.yaml"),
        yaml.replace(
            "cost_sources: [usage]",
            "cost_sources: [usage, aws_cost_explorer]\n"
                + "aws_cost_explorer:\n  region: us-east-1\n  agent_tag: agent\n"));
    String url = PgCluster.shared().createDatabase();
    Files.writeString(
        config.resolve("store.yml"),
        "kind: postgres\nurl: " + url + "\nuser: " + PgCluster.USER + "\n");
    assertEquals(0, Fixture.runRaw("migrate", "--config", config.toString()).exit());
    LocalDate mar2 = LocalDate.parse("2026-03-02");
    try (CloudCostCache shared =
        PostgresCloudCostCache.open(
            Database.connect(new PgSettings(url, PgCluster.USER, null, 1, "burnrate")))) {
      shared.replaceDays(
          new CloudCostCache.Snapshot(
              Map.of(
                  mar2,
                  new CloudCostCache.Day(
                      mar2,
                      "UnblendedCost",
                      "agent",
                      Instant.parse("2026-03-19T06:00:00Z"),
                      false)),
              List.of(
                  new CloudCostCache.Row(mar2, "ingest-1", "Amazon EC2", new BigDecimal("2000")))));
    }

    Fixture.Result status =
        Fixture.runRaw(
            "cloud-status",
            "--config",
            config.toString(),
            "--data",
            root.resolve("replica-a").toString(),
            "--now",
            NOW,
            "--format",
            "json");
    assertEquals(0, status.exit(), status.out() + status.err());
    assertEquals(1, JSON.readTree(status.out()).get("cached_days").asInt(), status.out());

    Fixture.Result budget =
        Fixture.runRaw(
            "budget",
            "--config",
            config.toString(),
            "--data",
            root.resolve("replica-b").toString(),
            "--now",
            NOW,
            "--format",
            "json");
    assertEquals(0, budget.exit(), budget.out() + budget.err());
    JsonNode b = JSON.readTree(budget.out());
    JsonNode ingest = null;
    for (JsonNode l : b.get("agents")) {
      if (l.path("agent").asText().equals("ingest-1")) {
        ingest = l;
      }
    }
    assertTrue(ingest != null, "the bill's agent has a line: " + b);
    assertEquals(
        0,
        new BigDecimal("2000").compareTo(ingest.get("mtd_usd").decimalValue()),
        ingest.toString());
    assertFalse(
        Files.exists(root.resolve("replica-a/cloud")), "nothing cached on replica a's disk");
    assertFalse(Files.exists(root.resolve("replica-b/cloud")), "nor on replica b's");
  }
}

package dev.burnrate.mcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.burnrate.store.postgres.PgCluster;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shaded jar on a PostgreSQL store: migrate, two servers sharing one database (record_usage
 * through one, counted once in the other's answers within a second), and a refused start.
 */
class PostgresServeIT {
  @TempDir Path root;

  @Test
  void twoServersOnOneDatabaseSeeEachOthersEventsOnce() throws Exception {
    JarFixture f = JarFixture.create(root, 0);
    String url = PgCluster.shared().createDatabase();
    Files.writeString(
        f.config.resolve("store.yml"),
        "kind: postgres\nurl: " + url + "\nuser: " + PgCluster.USER + "\n");

    String[] notYet = JarFixture.runJar(root, Map.of(), "serve", "--config", f.config.toString());
    assertEquals("3", notYet[0], notYet[2]);
    assertTrue(
        notYet[2].contains("has no burnrate tables; run 'burnrate migrate' first"), notYet[2]);
    String[] migrated =
        JarFixture.runJar(root, Map.of(), "migrate", "--config", f.config.toString());
    assertEquals("0", migrated[0], migrated[2]);

    String events =
        "{\"events\":["
            + "{\"ts\":\"2026-02-23T10:00:00Z\",\"tool\":\"web_search\",\"agent_id\":\"a1\",\"req_id\":\"r-1\",\"duration_ms\":100},"
            + "{\"ts\":\"2026-02-23T10:01:00Z\",\"tool\":\"web_search\",\"agent_id\":\"a1\",\"req_id\":\"r-2\",\"status\":\"failed\"}"
            + "]}";
    String range =
        "{\"time_range\":{\"from\":\"2026-02-23T09:00:00Z\",\"to\":\"2026-02-23T11:00:00Z\"}}";
    try (ServerProcess writer = f.serve("ingest-bot");
        ServerProcess reader = f.serve("oncall-bot")) {
      writer.initialize();
      reader.initialize();
      assertEquals(
          0,
          JarFixture.call(reader, 2, "get_cost_report", range)
              .at("/structuredContent/totals/calls")
              .asInt());
      JsonNode first = JarFixture.call(writer, 2, "record_usage", events);
      assertEquals(2, first.at("/structuredContent/accepted").asInt(), first.toString());
      long t0 = System.nanoTime();
      JsonNode again = JarFixture.call(writer, 3, "record_usage", events);
      assertEquals(2, again.at("/structuredContent/duplicates").asInt(), again.toString());
      JsonNode totals;
      int id = 10;
      do {
        totals =
            JarFixture.call(reader, id++, "get_cost_report", range).at("/structuredContent/totals");
      } while (totals.get("calls").asInt() < 2 && System.nanoTime() - t0 < 3_000_000_000L);
      assertEquals(
          2, totals.get("calls").asInt(), "the other server's events, counted once: " + totals);
      assertEquals(1, totals.get("failed").asInt(), totals.toString());
      assertTrue((System.nanoTime() - t0) / 1_000_000 < 1_500, "seen within about a second");
    }
  }
}

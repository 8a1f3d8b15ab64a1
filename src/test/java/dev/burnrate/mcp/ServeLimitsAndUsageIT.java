package dev.burnrate.mcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** limits.yml as the shaded jar applies it, and record_usage shared between two servers. */
class ServeLimitsAndUsageIT {
  @TempDir Path root;

  @Test
  void oversizedArgumentsTrimmedOutputAndTheRateLimit() throws Exception {
    JarFixture f = JarFixture.create(root, 5_000);
    Files.writeString(
        f.config.resolve("limits.yml"),
        String.join(
            "\n",
            "defaults:",
            "  timeout_ms: 10000",
            "  rate_limit_rpm: 600",
            "tools:",
            "  get_cost_report:",
            "    max_chars_in: 60",
            "  get_top_spenders:",
            "    max_bytes_out: 2500",
            "  get_cost_weights:",
            "    rate_limit_rpm: 2",
            ""));
    try (ServerProcess server = f.serve("dev")) {
      server.initialize();

      JsonNode small = JarFixture.call(server, 2, "get_cost_report", "{\"top_n\":2}");
      assertFalse(small.get("isError").asBoolean(), small.toString());
      JsonNode big =
          JarFixture.call(
              server,
              3,
              "get_cost_report",
              "{\"group_by\":[\"tool\",\"agent_id\",\"user_id\",\"workspace_id\",\"model\"],\"top_n\":2}");
      assertTrue(big.get("isError").asBoolean(), big.toString());
      assertTrue(big.at("/content/0/text").asText().contains("max_chars_in"), big.toString());

      JsonNode top = JarFixture.call(server, 4, "get_top_spenders", "{\"top_n\":10}");
      assertFalse(top.get("isError").asBoolean(), top.toString());
      JsonNode structured = top.get("structuredContent");
      assertTrue(structured.get("truncated").asBoolean(), structured.toString());
      String text = top.at("/content/0/text").asText();
      assertTrue(text.getBytes(StandardCharsets.UTF_8).length <= 2500, text.length() + " bytes");
      JsonNode parsed = Json.MAPPER.readTree(text);
      assertTrue(parsed.get("truncated").asBoolean(), "the text is whole JSON, flagged: " + text);
      assertTrue(parsed.get("top_tools").size() < 10, "lists were trimmed: " + text);

      JarFixture.call(server, 5, "get_cost_weights", "{}");
      JarFixture.call(server, 6, "get_cost_weights", "{}");
      JsonNode third = JarFixture.call(server, 7, "get_cost_weights", "{}");
      assertTrue(third.get("isError").asBoolean(), third.toString());
      String msg = third.at("/content/0/text").asText();
      assertTrue(msg.contains("rate_limit_rpm") && msg.matches("(?s).*retry in \\d+ s.*"), msg);
    }
  }

  @Test
  void recordUsageIsIdempotentAndASecondServerSeesTheEvents() throws Exception {
    JarFixture f = JarFixture.create(root, 0);
    String events =
        "{\"events\":["
            + "{\"ts\":\"2026-02-23T10:00:00Z\",\"tool\":\"web_search\",\"agent_id\":\"a1\",\"req_id\":\"r-1\",\"duration_ms\":100},"
            + "{\"ts\":\"2026-02-23T10:01:00Z\",\"tool\":\"web_search\",\"agent_id\":\"a1\",\"req_id\":\"r-2\",\"status\":\"failed\"}"
            + "]}";
    try (ServerProcess writer = f.serve("ingest-bot");
        ServerProcess reader = f.serve("oncall-bot")) {
      writer.initialize();
      reader.initialize();
      JsonNode first = JarFixture.call(writer, 2, "record_usage", events);
      assertEquals(2, first.at("/structuredContent/accepted").asInt(), first.toString());
      JsonNode again = JarFixture.call(writer, 3, "record_usage", events);
      assertEquals(0, again.at("/structuredContent/accepted").asInt(), again.toString());
      assertEquals(2, again.at("/structuredContent/duplicates").asInt(), again.toString());

      String range =
          "{\"time_range\":{\"from\":\"2026-02-23T09:00:00Z\",\"to\":\"2026-02-23T11:00:00Z\"},"
              + "\"group_by\":[\"agent_id\"]}";
      long deadline = System.nanoTime() + 3_000_000_000L;
      JsonNode totals;
      int id = 10;
      do {
        totals =
            JarFixture.call(reader, id++, "get_cost_report", range).at("/structuredContent/totals");
      } while (totals.get("calls").asInt() < 2 && System.nanoTime() < deadline);
      assertEquals(
          2, totals.get("calls").asInt(), "the other server's events, counted once: " + totals);
      assertEquals(1, totals.get("failed").asInt(), totals.toString());
    }
  }
}

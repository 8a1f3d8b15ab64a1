package dev.burnrate.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Rollups written before dollars were split by what priced them (layout BROLLUP3) are computed
 * again from their segments, quietly, on the first start after an upgrade: the answer splits its
 * dollars as a fresh index does, nothing is logged as unreadable, and the rollup is rewritten.
 */
class OlderRollupLayoutTest {
  static final ObjectMapper JSON =
      new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

  @Test
  void aRollupOfTheOlderLayoutIsRecomputedQuietly(@TempDir Path root) throws Exception {
    Path audit = Files.createDirectories(root.resolve("audit"));
    Files.createDirectories(root.resolve("config"));
    Files.writeString(
        audit.resolve("tool_audit_2026-03-01.jsonl"),
        String.join(
            "\n",
            "{\"ts\":\"2026-03-01T10:00:00Z\",\"tool\":\"llm_chat\",\"agent_id\":\"a\",\"status\":\"pass\",\"cost_usd\":2.5}",
            "{\"ts\":\"2026-03-01T10:01:00Z\",\"tool\":\"llm_chat\",\"agent_id\":\"a\",\"status\":\"pass\",\"model\":\"claude-sonnet-4-6\","
                + "\"input_tokens\":1000,\"output_tokens\":100}",
            "{\"ts\":\"2026-03-01T10:02:00Z\",\"tool\":\"web_search\",\"agent_id\":\"a\",\"status\":\"pass\"}",
            ""));
    Fixture.Result fresh = report(root, audit);
    JsonNode split = JSON.readTree(fresh.out()).at("/totals/usd_by_basis");
    // $3 / $15 per M input / output: 1000 x 3 + 100 x 15 = 0.0045
    assertEquals(0, new BigDecimal("2.5").compareTo(split.get("event").decimalValue()), "" + split);
    assertEquals(0, new BigDecimal("0.0045").compareTo(split.get("model_prices").decimalValue()));

    List<Path> rollups;
    try (Stream<Path> files = Files.list(root.resolve("data/index"))) {
      rollups = files.filter(f -> f.toString().endsWith(".rollup")).toList();
    }
    assertFalse(rollups.isEmpty(), "the first run saved rollups");
    for (Path r : rollups) {
      byte[] b = Files.readAllBytes(r);
      assertEquals("BROLLUP4", new String(b, 0, 8, StandardCharsets.US_ASCII));
      b[7] = '3';
      Files.write(r, b);
    }

    Fixture.Result upgraded = report(root, audit);
    assertEquals(fresh.out(), upgraded.out(), "the same answer as a fresh index");
    assertFalse(upgraded.err().contains("unreadable"), upgraded.err());
    for (Path r : rollups) {
      assertEquals(
          "BROLLUP4",
          new String(Files.readAllBytes(r), 0, 8, StandardCharsets.US_ASCII),
          "rewritten in the current layout");
    }
  }

  private static Fixture.Result report(Path root, Path audit) {
    Fixture.Result r =
        Fixture.runRaw(
            "report",
            "--config",
            root.resolve("config").toString(),
            "--data",
            root.resolve("data").toString(),
            "--audit-dir",
            audit.toString(),
            "--from",
            "2026-03-01T00:00:00Z",
            "--to",
            "2026-03-02T00:00:00Z",
            "--now",
            "2026-03-02T00:00:00Z");
    assertEquals(0, r.exit(), r.err());
    return r;
  }
}

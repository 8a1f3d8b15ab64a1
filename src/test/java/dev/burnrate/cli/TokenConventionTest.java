package dev.burnrate.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * input_tokens counts cached tokens too; cache reads and writes are the parts billed at cache
 * rates. An event reporting more cached than input tokens is priced with the uncached part floored
 * at 0 and counted in data_quality.
 */
class TokenConventionTest {
  @Test
  void cachedTokensArePartOfTheInputAndAnOverCountIsFlagged(@TempDir Path root) throws Exception {
    Path audit = Files.createDirectories(root.resolve("audit"));
    Files.createDirectories(root.resolve("config"));
    Files.writeString(
        audit.resolve("tool_audit_2026-03-01.jsonl"),
        String.join(
            "\n",
            "{\"ts\":\"2026-03-01T10:00:00Z\",\"tool\":\"llm_chat\",\"agent_id\":\"a\",\"status\":\"pass\",\"model\":\"claude-sonnet-4-6\","
                + "\"input_tokens\":1000,\"cache_read_tokens\":200,\"output_tokens\":100}",
            "{\"ts\":\"2026-03-01T10:01:00Z\",\"tool\":\"llm_chat\",\"agent_id\":\"a\",\"status\":\"pass\",\"model\":\"claude-sonnet-4-6\","
                + "\"input_tokens\":100,\"cache_read_tokens\":500,\"output_tokens\":10}",
            ""));
    // Twice: the first run indexes the file, the second reads the count its rollup kept.
    for (int run = 0; run < 2; run++) {
      check(root, audit);
    }
    assertTrue(
        Files.list(root.resolve("data/index")).anyMatch(f -> f.toString().endsWith(".rollup")),
        "the second run read a rollup");
  }

  private static void check(Path root, Path audit) throws Exception {
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
    JsonNode out =
        new ObjectMapper()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .readTree(r.out());
    // $3 / $15 / $0.30 per M input / output / cache read:
    // first:  800 uncached x 3 + 200 x 0.30 + 100 x 15 = 0.0024 + 0.00006 + 0.0015 = 0.00396
    // second: uncached max(0, 100 - 500) = 0; 500 x 0.30 + 10 x 15 = 0.00015 + 0.00015 = 0.0003
    assertEquals(2, out.at("/totals/calls").asInt(), out.toString());
    assertEquals(
        0,
        new BigDecimal("0.00426").compareTo(out.at("/totals/cost_usd").decimalValue()),
        out.get("totals").toString());
    assertEquals(0, out.at("/totals/unpriced_calls").asInt());
    assertEquals(
        1,
        out.at("/data_quality/cache_tokens_exceed_input").asInt(),
        out.get("data_quality").toString());
  }
}

package dev.burnrate.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.burnrate.config.Config;
import dev.burnrate.config.ConfigLoader;
import dev.burnrate.usage.CostWeights;
import dev.burnrate.usage.ToolWeight;
import java.io.BufferedReader;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The engine's reports against a deliberately naive reference: every line parsed with Jackson,
 * every cost computed with BigDecimal, every range filtered event by event. Ranges are chosen to
 * cut hours, minutes and days, so both the hourly rollups and the edge scans are exercised.
 */
class ReportReferenceTest {
  @TempDir static Path root;
  static Path audit;
  static final List<JsonNode> EVENTS = new ArrayList<>();
  static CostWeights weights;

  @BeforeAll
  static void load() throws Exception {
    audit = Fixture.auditDir(root);
    Config config = ConfigLoader.load(Fixture.CONFIG);
    weights = config.costWeights();
    ObjectMapper json =
        new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
    try (Stream<Path> files = Files.list(audit)) {
      for (Path f : files.sorted().toList()) {
        try (BufferedReader r = Files.newBufferedReader(f)) {
          String line;
          while ((line = r.readLine()) != null) {
            try {
              JsonNode n = json.readTree(line);
              String s = n.path("status").asText();
              if (n.isObject()
                  && n.path("ts").asText().matches(".*(Z|[+-]\\d\\d:\\d\\d)$")
                  && List.of("pass", "failed", "error", "denied").contains(s)) {
                EVENTS.add(n);
              }
            } catch (Exception notJson) {
              // malformed lines are not events
            }
          }
        }
      }
    }
    assertTrue(EVENTS.size() > 19_000, "fixture has " + EVENTS.size() + " events");
  }

  @ParameterizedTest(name = "[{0}, {1}) excludeFailed={2}")
  @CsvSource({
    "2026-02-20T00:00:00Z, 2026-02-24T00:00:00Z, false",
    "2026-02-22T10:17:31.500Z, 2026-02-23T11:42:00Z, false",
    "2026-02-22T10:17:31.500Z, 2026-02-23T11:42:00Z, true",
    "2026-02-23T11:59:00Z, 2026-02-23T12:00:00Z, false",
    "2026-02-21T23:59:59.999Z, 2026-02-22T00:00:00.001Z, false",
    "2026-02-22T05:00:00Z, 2026-02-22T06:00:00Z, true",
    "2026-01-01T00:00:00Z, 2026-01-02T00:00:00Z, false",
  })
  void reportByToolEqualsTheNaiveReference(String from, String to, boolean excludeFailed)
      throws Exception {
    List<String> args =
        new ArrayList<>(
            List.of(
                "report",
                "--from",
                from,
                "--to",
                to,
                "--group-by",
                "tool,status",
                "--top-n",
                "1000"));
    if (excludeFailed) {
      args.add("--exclude-failed");
    }
    Fixture.Result r = Fixture.run(root.resolve("data"), audit, args);
    assertEquals(0, r.exit(), r.err());
    JsonNode out = new ObjectMapper().readTree(r.out());

    Instant a = Instant.parse(from);
    Instant b = Instant.parse(to);
    Map<String, long[]> expected = new TreeMap<>();
    Map<String, BigDecimal> expectedCost = new TreeMap<>();
    long calls = 0;
    BigDecimal total = BigDecimal.ZERO;
    for (JsonNode e : EVENTS) {
      Instant ts = OffsetDateTime.parse(e.get("ts").asText()).toInstant();
      String status = e.get("status").asText();
      if (ts.isBefore(a) || !ts.isBefore(b)) {
        continue;
      }
      if (excludeFailed && (status.equals("failed") || status.equals("error"))) {
        continue;
      }
      String tool = e.get("tool").asText();
      long dur = e.path("duration_ms").asLong();
      ToolWeight w = weights.forTool(tool);
      BigDecimal cost =
          w.costPerCall()
              .add(w.costPerMs().multiply(BigDecimal.valueOf(dur)))
              .setScale(4, RoundingMode.HALF_EVEN);
      long[] agg = expected.computeIfAbsent(tool, k -> new long[5]);
      agg[0]++;
      agg[1] += dur;
      agg[2] += status.equals("failed") || status.equals("error") ? 1 : 0;
      agg[3] += status.equals("denied") ? 1 : 0;
      agg[4] += e.path("out_size").asLong();
      expectedCost.merge(tool, cost, BigDecimal::add);
      calls++;
      total = total.add(cost);
    }
    assertEquals(calls, out.at("/totals/calls").asLong(), "total calls");
    assertEquals(
        0,
        total
            .setScale(2, RoundingMode.HALF_EVEN)
            .compareTo(out.at("/totals/cost_units").decimalValue()),
        "total cost units: expected " + total + " got " + out.at("/totals/cost_units"));
    Map<String, JsonNode> rows = new TreeMap<>();
    out.at("/breakdowns/tool").forEach(row -> rows.put(row.get("tool").asText(), row));
    assertEquals(expected.keySet(), rows.keySet(), "tools in range");
    for (Map.Entry<String, long[]> x : expected.entrySet()) {
      JsonNode row = rows.get(x.getKey());
      long[] agg = x.getValue();
      assertEquals(agg[0], row.get("count").asLong(), x.getKey() + " count");
      assertEquals(agg[1], row.get("duration_ms_sum").asLong(), x.getKey() + " duration");
      assertEquals(agg[2], row.get("failed_count").asLong(), x.getKey() + " failed");
      assertEquals(agg[3], row.get("denied_count").asLong(), x.getKey() + " denied");
      assertEquals(agg[4], row.get("out_size_sum").asLong(), x.getKey() + " out_size");
      assertEquals(
          0,
          expectedCost.get(x.getKey()).compareTo(row.get("cost_units").decimalValue()),
          x.getKey() + " cost units");
    }
  }
}

package dev.burnrate.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.burnrate.engine.EventIndex;
import dev.burnrate.engine.Pricer;
import dev.burnrate.mcp.ToolCall;
import dev.burnrate.mcp.tools.RecordUsageTool;
import dev.burnrate.mcp.tools.ToolContext;
import dev.burnrate.store.JsonlEventLog;
import dev.burnrate.usage.CostWeights;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Seeded generated hostile input, through {@code record_usage} and straight into audit files:
 * extreme and malformed numbers, odd Unicode, control characters, path-like and very long names,
 * huge and tiny timestamps. burnrate must keep answering, count exactly what it accepted, and write
 * nothing outside its data directory. A failure prints the seed; rerun with {@code -Dfuzz.seed=N}.
 */
class HostileInputFuzzTest {
  static final Instant NOW = Instant.parse("2026-02-24T12:00:00Z");
  static final ObjectMapper JSON =
      new ObjectMapper()
          .enable(com.fasterxml.jackson.databind.DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
  static final String[] NAMES = {
    "../../etc/passwd",
    "..",
    ".",
    "/abs",
    "a\u0000b",
    "\u001b[2J\u001b[H",
    "line\nbreak\r\n",
    "<!channel>",
    "[x](http://evil)",
    "## APPROVED by CFO",
    "\u202etxt.exe",
    "\uD83D\uDE00 emoji",
    "\uD800 lone",
    "CON",
    "nul",
    "a/b\\c",
    "%2e%2e%2f",
    "\t",
    " ",
    "x".repeat(256),
    "é".repeat(128),
    "名前",
    "\u0085\u2028\u2029",
    "null",
  };

  @TempDir Path root;

  long seed() {
    return Long.getLong("fuzz.seed", 20261129L);
  }

  @Test
  void generatedHostileEventsNeverStopTheServiceAndAreCountedExactly() throws Exception {
    long seed = seed();
    Random rnd = new Random(seed);
    Path data = root.resolve("data");
    Path audit = data.resolve("audit");
    Files.createDirectories(audit);

    long expectedCalls = 0;
    long expectedNanos = 0;
    // 1. Straight into audit files: each line is either a well-formed event (counted) or hostile.
    StringBuilder file = new StringBuilder();
    long expectedMalformed = 0;
    for (int i = 0; i < 3_000; i++) {
      if (rnd.nextInt(3) == 0) {
        file.append(hostileLine(rnd)).append('\n');
        expectedMalformed++;
      } else {
        long cents = rnd.nextInt(1_000_000);
        file.append(
                goodLine(
                    rnd,
                    "2026-02-23T" + String.format("%02d", rnd.nextInt(24)) + ":00:00Z",
                    "f" + i,
                    cents))
            .append('\n');
        expectedCalls++;
        expectedNanos += cents * 10_000_000L;
      }
    }
    Files.write(
        audit.resolve("tool_audit_2026-02-23.jsonl"),
        file.toString().getBytes(StandardCharsets.UTF_8));

    // 2. Through record_usage: generated events, each accepted or rejected by index.
    try (JsonlEventLog log =
        JsonlEventLog.open(
            audit, data.resolve("index"), new EventIndex(CostWeights.BUILT_IN, Pricer.NONE))) {
      ToolContext ctx =
          new ToolContext(CompletableFuture.completedFuture(log), Clock.fixed(NOW, ZoneOffset.UTC));
      RecordUsageTool tool = new RecordUsageTool(ctx);
      int reqs = 0;
      for (int call = 0; call < 20; call++) {
        List<Object> events = new ArrayList<>();
        List<BigDecimal> costs = new ArrayList<>();
        for (int k = 0; k < 50; k++) {
          Map<String, Object> e = new LinkedHashMap<>();
          boolean hostile = rnd.nextInt(2) == 0;
          e.put(
              "ts",
              hostile && rnd.nextBoolean()
                  ? hostileTs(rnd)
                  : "2026-02-24T0" + rnd.nextInt(10) + ":00:00Z");
          e.put("req_id", "q" + (reqs++));
          e.put("tool", pick(rnd));
          e.put("agent_id", pick(rnd));
          e.put("team", pick(rnd));
          BigDecimal cost = BigDecimal.valueOf(rnd.nextInt(100_000), 2);
          if (hostile) {
            Object[] numbers = {
              new BigDecimal("1e999999999"),
              new BigDecimal("-1"),
              new BigDecimal("9223371761.854775808"),
              Long.MAX_VALUE,
              5_000_000_000_000L,
              Double.MAX_VALUE,
              "12",
              true,
              List.of(1),
              Map.of()
            };
            String[] fields = {
              "cost_usd",
              "input_tokens",
              "output_tokens",
              "duration_ms",
              "in_size",
              "complexity_score"
            };
            e.put(fields[rnd.nextInt(fields.length)], numbers[rnd.nextInt(numbers.length)]);
          }
          if (!e.containsKey("cost_usd")) {
            e.put("cost_usd", cost);
          }
          events.add(e);
          costs.add(e.get("cost_usd") instanceof BigDecimal b ? b : null);
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> out =
            (Map<String, Object>)
                JSON.convertValue(
                    tool.call(new ToolCall("fuzz", Map.of("events", events))), Map.class);
        Set<Integer> rejected = new HashSet<>();
        for (Object r : (List<?>) out.get("rejected")) {
          rejected.add(((Number) ((Map<?, ?>) r).get("index")).intValue());
        }
        assertEquals(0, ((Number) out.get("duplicates")).intValue(), "seed " + seed);
        assertEquals(
            events.size() - rejected.size(),
            ((Number) out.get("accepted")).intValue(),
            "seed " + seed);
        for (int k = 0; k < events.size(); k++) {
          if (!rejected.contains(k)) {
            expectedCalls++;
            expectedNanos +=
                costs.get(k).movePointRight(9).setScale(0, RoundingMode.HALF_EVEN).longValueExact();
          }
        }
      }
    }

    // 3. Every command still answers, from a fresh process view, with exactly what was accepted.
    Path config = root.resolve("config");
    Files.createDirectories(config);
    Files.writeString(config.resolve("budget.yaml"), "monthly_ceiling_usd: {total: 1000}\n");
    List<String> common =
        List.of(
            "--config",
            config.toString(),
            "--data",
            data.toString(),
            "--now",
            NOW.toString(),
            "--format",
            "json");
    Fixture.Result report =
        run(common, "report", "--from", "2026-02-01T00:00:00Z", "--to", NOW.toString());
    assertEquals(0, report.exit(), "seed " + seed + ": " + report.err());
    JsonNode r = JSON.readTree(report.out());
    assertEquals(expectedCalls, r.at("/totals/calls").asLong(), "seed " + seed);
    BigDecimal expectedUsd =
        BigDecimal.valueOf(expectedNanos, 9).setScale(6, RoundingMode.HALF_EVEN);
    BigDecimal reported = r.at("/totals/cost_usd").decimalValue();
    assertEquals(
        0,
        expectedUsd.compareTo(reported),
        "seed " + seed + ": " + expectedUsd + " vs " + reported);
    assertEquals(expectedMalformed, r.at("/data_quality/malformed_lines").asLong(), "seed " + seed);
    for (String[] cmd :
        List.of(
            new String[] {"top"},
            new String[] {"anomalies"},
            new String[] {"digest"},
            new String[] {"budget"},
            new String[] {"recommend"},
            new String[] {"daily", "--date", "2026-02-23"})) {
      Fixture.Result res = run(common, cmd);
      assertTrue(
          res.exit() == 0 || res.exit() == 1, "seed " + seed + " " + cmd[0] + ": " + res.err());
      assertTrue(
          !res.err().contains("Exception"), "seed " + seed + " " + cmd[0] + ": " + res.err());
      for (String table :
          List.of(
              run(
                      List.of(
                          "--config",
                          config.toString(),
                          "--data",
                          data.toString(),
                          "--now",
                          NOW.toString(),
                          "--format",
                          "table"),
                      cmd)
                  .out())) {
        assertTrue(
            table
                .chars()
                .noneMatch(c -> c < 0x20 && c != '\n' || c == 0x7f || (c >= 0x80 && c < 0xa0)),
            "seed " + seed + " " + cmd[0] + ": raw control character in table output");
      }
    }

    // 4. Nothing was written outside the data directory (and the config burnrate only reads).
    try (Stream<Path> all = Files.walk(root)) {
      all.filter(Files::isRegularFile)
          .forEach(
              p ->
                  assertTrue(
                      p.startsWith(data) || p.startsWith(config), "seed " + seed + ": wrote " + p));
    }
  }

  static Fixture.Result run(List<String> common, String... cmd) {
    List<String> args = new ArrayList<>(List.of(cmd));
    args.addAll(common);
    return Fixture.runRaw(args.toArray(new String[0]));
  }

  static String pick(Random rnd) {
    if (rnd.nextInt(4) == 0) {
      StringBuilder sb = new StringBuilder();
      int n = 1 + rnd.nextInt(40);
      for (int i = 0; i < n; i++) {
        sb.appendCodePoint(rnd.nextInt(4) == 0 ? rnd.nextInt(0x20) : rnd.nextInt(0x2FFFF) + 1);
      }
      String s = sb.toString();
      return s.length() > 256 ? s.substring(0, 256) : s;
    }
    return NAMES[rnd.nextInt(NAMES.length)];
  }

  static String hostileTs(Random rnd) {
    String[] ts = {
      "+10000-01-01T00:00:00Z",
      "-0001-01-01T00:00:00Z",
      "+999999999-12-31T23:59:59Z",
      "-999999999-01-01T00:00:00Z",
      "2026-02-30T00:00:00Z",
      "1970-01-01T00:00:00Z",
      "2026-02-24T00:00:00",
      "9999-12-31T23:59:59.999999999Z",
      "",
      "2030-01-01T00:00:00Z",
      "2026-02-24T12:00:00+25:00"
    };
    return ts[rnd.nextInt(ts.length)];
  }

  static String goodLine(Random rnd, String ts, String req, long cents) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("ts", ts);
    m.put("req_id", req);
    m.put("agent_id", pick(rnd));
    m.put("user_id", pick(rnd));
    m.put("tool", pick(rnd));
    m.put("status", "pass");
    m.put("duration_ms", rnd.nextInt(100_000));
    m.put("cost_usd", BigDecimal.valueOf(cents, 2));
    try {
      return JSON.writeValueAsString(m);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  static String hostileLine(Random rnd) {
    String[] lines = {
      "{\"ts\":\"2026-02-23T10:00:00Z\",\"tool\":\"t\",\"status\":\"pass\",\"model\":\"gpt-4o\",\"input_tokens\":5000000000000}",
      "{\"ts\":\"2026-02-23T10:00:00Z\",\"tool\":\"t\",\"status\":\"pass\",\"cost_usd\":9223371761.854775808}",
      "{\"ts\":\"2026-02-23T10:00:00Z\",\"tool\":\"t\",\"status\":\"pass\",\"cost_usd\":1e999999999}",
      "{\"ts\":\"2026-02-23T10:00:00Z\",\"tool\":\"t\",\"status\":\"pass\",\"duration_ms\":-1e-999999999}",
      "{\"ts\":\"2026-02-23T10:00:00Z\",\"tool\":\"t\",\"status\":\"pass\",\"out_size\":99999999999999999999999}",
      "{\"ts\":\"+10000-01-01T00:00:00Z\",\"tool\":\"t\",\"status\":\"pass\"}",
      "{\"ts\":\"2026-02-23T10:00:00Z\",\"tool\":\"t\u0001x\",\"status\":\"pass\"}",
      "{\"ts\":\"2026-02-23T10:00:00Z\",\"tool\":\"t\",\"status\":\"maybe\"}",
      "{\"ts\":\"2026-02-23T10:00:00Z\",\"tool\":"
          + "[".repeat(100)
          + "]".repeat(100)
          + ",\"status\":\"pass\"}",
      "{\"ts\":\"2026-02-23T10:00:00Z\",\"tool\":\"t\",\"status\":\"pass\"",
      "\u0000\u0000\u0000",
      "{\"ts\":\"2026-02-23T10:00:00Z\",\"tool\":\"t\",\"status\":\"pass\",\"complexity_score\":1e400}",
      "not json " + "x".repeat(rnd.nextInt(5000)),
    };
    return lines[rnd.nextInt(lines.length)];
  }
}

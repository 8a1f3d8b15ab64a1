package dev.burnrate.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.burnrate.engine.EventIndex;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The cap on distinct values per dimension, driven through the command line with a small cap
 * ({@value #CAP}) so that a few hundred events exceed it.
 */
class ValueCapTest {
  static final int CAP = 20;
  static final String NOW = "2026-03-20T12:00:00Z";
  static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path root;
  Path config;
  Path audit;
  Path data;

  @BeforeEach
  void dirs() throws IOException {
    config = Files.createDirectories(root.resolve("config"));
    audit = Files.createDirectories(root.resolve("audit"));
    data = root.resolve("data");
    Files.writeString(config.resolve("budget.yaml"), "monthly_ceiling_usd:\n  total: 50000\n");
    System.setProperty(EventIndex.CAP_PROPERTY, Integer.toString(CAP));
  }

  @AfterEach
  void restoreCap() {
    System.clearProperty(EventIndex.CAP_PROPERTY);
  }

  /**
   * {@code events} events on 2026-03-19, each with its own agent, user, workspace, team and env,
   * costing $1 each.
   */
  void uniqueValues(int events) throws IOException {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < events; i++) {
      String ts = String.format("2026-03-19T%02d:%02d:%02dZ", 8 + i / 3600, i / 60 % 60, i % 60);
      sb.append("{\"ts\":\"")
          .append(ts)
          .append("\",\"tool\":\"t")
          .append(i)
          .append("\",\"agent_id\":\"agent-")
          .append(i)
          .append("\",\"user_id\":\"u")
          .append(i)
          .append("\",\"workspace_id\":\"w")
          .append(i)
          .append("\",\"team\":\"team")
          .append(i)
          .append("\",\"env\":\"e")
          .append(i)
          .append("\",\"status\":\"pass\",\"duration_ms\":10,\"cost_usd\":1}\n");
    }
    Files.writeString(audit.resolve("tool_audit_2026-03-19.jsonl"), sb.toString());
  }

  JsonNode cli(String... args) throws IOException {
    List<String> all = new ArrayList<>(List.of(args));
    all.addAll(
        List.of(
            "--config",
            config.toString(),
            "--data",
            data.toString(),
            "--audit-dir",
            audit.toString(),
            "--now",
            NOW,
            "--format",
            "json"));
    Fixture.Result r = Fixture.runRaw(all.toArray(new String[0]));
    assertEquals(0, r.exit(), r.err());
    return JSON.readTree(r.out());
  }

  // 100,000 events with unique agent/user/workspace/team/env values made check_budget run out of
  // memory: every distinct value was kept, per segment and globally, with no limit.
  @Test
  void agentsBeyondTheCapAreGroupedAsOtherAndReportedInsteadOfExhaustingMemory() throws Exception {
    int events = 300;
    uniqueValues(events);

    JsonNode report = cli("report", "--last", "7d", "--group-by", "agent_id", "--top-n", "1000");
    assertEquals(events, report.at("/totals/calls").asLong());
    JsonNode rows = report.at("/breakdowns/agent_id");
    assertEquals(CAP + 1, rows.size(), "the cap's worth of agents plus (other): " + rows);
    JsonNode other = null;
    for (JsonNode row : rows) {
      if (EventIndex.OTHER.equals(row.get("agent_id").asText())) {
        other = row;
      }
    }
    assertTrue(other != null, "an (other) row: " + rows);
    assertEquals(events - CAP, other.get("count").asLong());
    JsonNode capped = report.at("/data_quality/capped_values");
    for (String dim : List.of("tool", "agent_id", "user_id", "workspace_id", "team", "env")) {
      assertEquals(events - CAP, capped.path(dim).asLong(), dim + " in " + capped);
    }
    assertFalse(capped.has("status"), "status is a closed set and never capped: " + capped);

    JsonNode budget = cli("budget");
    assertEquals(
        0,
        new BigDecimal(events).compareTo(budget.at("/total/mtd_usd").decimalValue()),
        budget.toString());
    assertTrue(budget.toString().length() < 200_000, "at most the cap's worth of agent lines");
  }

  @Test
  void resultsWithoutOverflowCarryNoCappedValues() throws Exception {
    uniqueValues(CAP);
    JsonNode report = cli("report", "--last", "7d", "--group-by", "agent_id");
    assertEquals(CAP, report.at("/totals/calls").asLong());
    assertTrue(report.at("/data_quality/capped_values").isMissingNode(), report.toString());
  }

  // Segments persisted to the index directory kept every distinct string, and a restart read them
  // all back onto the heap: the out-of-memory came back after every restart.
  @Test
  void aSegmentPersistedAndReadBackAfterARestartHoldsNoMoreThanTheCap() throws Exception {
    int events = 8_000; // above the size at which unindexed bytes are persisted as a segment
    uniqueValues(events);
    JsonNode first = cli("report", "--last", "7d", "--group-by", "agent_id", "--top-n", "1000");
    Set<String> segmentStrings = new HashSet<>();
    List<Path> segments;
    try (Stream<Path> s = Files.list(data.resolve("index"))) {
      segments = s.filter(p -> p.toString().endsWith(".seg")).toList();
    }
    assertFalse(segments.isEmpty(), "the day was persisted as a segment");
    for (Path seg : segments) {
      String text =
          new String(Files.readAllBytes(seg), java.nio.charset.StandardCharsets.ISO_8859_1);
      java.util.regex.Matcher m = java.util.regex.Pattern.compile("agent-\\d+").matcher(text);
      while (m.find()) {
        segmentStrings.add(m.group());
      }
    }
    assertTrue(
        segmentStrings.size() <= CAP * segments.size(),
        segmentStrings.size() + " agent names in " + segments.size() + " segment(s)");

    JsonNode again = cli("report", "--last", "7d", "--group-by", "agent_id", "--top-n", "1000");
    assertEquals(first, again, "a restart answers the same from the persisted segment");
    assertEquals(events - CAP, again.at("/data_quality/capped_values/agent_id").asLong());
    assertEquals(CAP + 1, again.at("/breakdowns/agent_id").size());
  }
}

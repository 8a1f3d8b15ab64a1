package dev.burnrate.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.burnrate.engine.BreakdownRow;
import dev.burnrate.engine.CostEngine;
import dev.burnrate.engine.CostReport;
import dev.burnrate.engine.EventIndex;
import dev.burnrate.engine.Pricer;
import dev.burnrate.engine.ReportQuery;
import dev.burnrate.engine.Segment;
import dev.burnrate.engine.SegmentBuilder;
import dev.burnrate.usage.CostWeights;
import dev.burnrate.usage.Dimension;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * The parser checks each field name against the last line's at the same position; names in another
 * order, a longer name sharing the predicted one's start, an escaped name and an unknown name must
 * all read as if every name were looked up.
 */
class JsonlParserTest {
  /** {@code text}, whole lines, as one segment. */
  static Segment segment(String text) {
    SegmentBuilder b = new SegmentBuilder("t", 0, 1);
    JsonlParser p = new JsonlParser(b);
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    assertEquals(bytes.length, p.parse(bytes, 0, bytes.length, 1));
    return b.build(bytes.length, p.lines());
  }

  /** The report of 2026-02-20 over {@code s} alone, by {@code dims}. */
  static CostReport report(Segment s, Dimension... dims) {
    EventIndex index = new EventIndex(CostWeights.BUILT_IN, Pricer.NONE);
    index.add(s);
    return new CostEngine(index)
        .report(
            new ReportQuery(
                Instant.parse("2026-02-20T00:00:00Z"),
                Instant.parse("2026-02-21T00:00:00Z"),
                List.of(dims),
                100,
                true,
                false));
  }

  static Map<String, String> byTool(String text) {
    Segment s = segment(text);
    CostReport r = report(s, Dimension.TOOL);
    Map<String, String> out = new TreeMap<>();
    for (BreakdownRow row : r.breakdowns().get(Dimension.TOOL)) {
      out.put(row.key(), row.count() + " calls, " + row.durationMsSum() + " ms");
    }
    out.put("(malformed)", String.valueOf(s.malformed().size()));
    return out;
  }

  @Test
  void namesOutOfTheLastLinesOrderReadTheSame() {
    String text =
        "{\"ts\":\"2026-02-20T01:00:00Z\",\"tool\":\"a\",\"status\":\"pass\",\"duration_ms\":5}\n"
            + "{\"ts\":\"2026-02-20T01:30:00Z\",\"tool\":\"a\",\"status\":\"pass\",\"duration_ms\":6}\n"
            + "{\"tool\":\"b\",\"ts\":\"2026-02-20T02:00:00Z\",\"duration_ms\":7,\"status\":\"failed\"}\n"
            + "{\"ts\":\"2026-02-20T03:00:00Z\",\"tools\":\"zz\",\"tool\":\"c\",\"status\":\"pass\"}\n"
            + "{\"ts\":\"2026-02-20T04:00:00Z\",\"t\\u006fol\":\"d\",\"status\":\"pass\"}\n"
            + "{\"ts\":\"2026-02-20T05:00:00Z\",\"tool\":\"e\",\"status\":\"pass\",\"duration_ms\":8}\n"
            + "{\"ts\":\"2026-02-20T06:00:00Z\",\"tool\":\"e\",\"stat\":\"x\",\"status\":\"pass\"}\n"
            + "{\"ts\":\"2026-02-20T07:00:00Z\",\"tool\":\"f\"}\n";
    Map<String, String> want = new TreeMap<>();
    want.put("a", "2 calls, 11 ms");
    want.put("b", "1 calls, 7 ms");
    want.put("c", "1 calls, 0 ms");
    want.put("d", "1 calls, 0 ms");
    want.put("e", "2 calls, 8 ms");
    want.put("(malformed)", "1"); // f: no status
    assertEquals(want, byTool(text));
  }

  /**
   * A line is parsed up to its closing brace without first looking for its end: an object that runs
   * on into the next line must still be two malformed lines with the line-bounded parse's reasons,
   * text after an object must still be reported, and a last line without its newline must be left
   * unread, its values not even interned (here: with one value kept per dimension, an interned
   * "zzz" would push "b" or "m" into "(other)").
   */
  @Test
  void aLineIsNeverReadPastItsNewline() {
    SegmentBuilder b = new SegmentBuilder("t", 0, 1, 16, 1);
    JsonlParser p = new JsonlParser(b);
    byte[] partial =
        "{\"ts\":\"2026-02-20T01:00:00Z\",\"tool\":\"zzz\",\"status\":\"pass\"}"
            .getBytes(StandardCharsets.UTF_8);
    assertEquals(0, p.parse(partial, 0, partial.length, 1));
    assertEquals(0, p.lines());
    String text =
        "{\"ts\":\"2026-02-20T01:00:00Z\",\"tool\":\"b\",\"status\":\"pass\",\n"
            + "\"model\":\"zzz\"}\n"
            + "{\"ts\":\"2026-02-20T02:00:00Z\",\"tool\":\"b\",\"status\":\"pass\"} x\n"
            + "{\"ts\":\"2026-02-20T03:00:00Z\",\"tool\":\"b\",\"status\":\"pass\",\"model\":\"m\"}\r\n"
            + "{\"ts\":\"2026-02-20T04:00:00Z\",\"tool\":\"b\",\"status\":\"pass\"}";
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    int consumed = p.parse(bytes, 0, bytes.length, 1);
    assertEquals(text.lastIndexOf('\n') + 1, consumed);
    assertEquals(4, p.lines());
    Segment s = b.build(consumed, p.lines());
    assertEquals(1, s.size());
    assertEquals(
        List.of(
            "1: expected a field name",
            "2: not a JSON object",
            "3: unexpected text after the JSON object at column 58"),
        s.malformed().stream().map(m -> m.line() + ": " + m.reason()).toList());
    CostReport r = report(s, Dimension.TOOL, Dimension.MODEL);
    assertEquals(
        List.of("b"), r.breakdowns().get(Dimension.TOOL).stream().map(BreakdownRow::key).toList());
    assertEquals(
        List.of("m"), r.breakdowns().get(Dimension.MODEL).stream().map(BreakdownRow::key).toList());
  }

  /** Statuses keep their ids from first sight, whatever order they first appear in. */
  @Test
  void eachStatusCountsAsItself() {
    StringBuilder text = new StringBuilder();
    String[] order = {"denied", "pass", "error", "pass", "failed", "error", "pass"};
    for (int i = 0; i < order.length; i++) {
      text.append("{\"ts\":\"2026-02-20T01:00:0")
          .append(i)
          .append("Z\",\"tool\":\"t\",\"status\":\"")
          .append(order[i])
          .append("\"}\n");
    }
    CostReport r = report(segment(text.toString()), Dimension.STATUS);
    Map<String, Long> got = new TreeMap<>();
    for (BreakdownRow row : r.breakdowns().get(Dimension.STATUS)) {
      got.put(row.key(), row.count());
    }
    assertEquals(Map.of("denied", 1L, "error", 2L, "failed", 1L, "pass", 3L), got);
  }
}

package dev.burnrate.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.burnrate.engine.BreakdownRow;
import dev.burnrate.engine.CostEngine;
import dev.burnrate.engine.CostReport;
import dev.burnrate.engine.DataQuality;
import dev.burnrate.engine.EventIndex;
import dev.burnrate.engine.Pricer;
import dev.burnrate.engine.ReportQuery;
import dev.burnrate.usage.CostWeights;
import dev.burnrate.usage.Dimension;
import dev.burnrate.usage.Status;
import dev.burnrate.usage.UsageEvent;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JsonlEventLogTest {
  static final Instant NOW = Instant.parse("2026-02-24T00:00:00Z");
  @TempDir Path dir;

  Path audit() {
    return dir.resolve("audit");
  }

  JsonlEventLog open() throws IOException {
    return JsonlEventLog.open(
        audit(), dir.resolve("index"), new EventIndex(CostWeights.BUILT_IN, Pricer.NONE));
  }

  void write(String day, String text) throws IOException {
    Files.createDirectories(audit());
    Files.writeString(
        audit().resolve("tool_audit_" + day + ".jsonl"),
        text,
        StandardCharsets.UTF_8,
        StandardOpenOption.CREATE,
        StandardOpenOption.APPEND);
  }

  static CostReport report(JsonlEventLog log) {
    return new CostEngine(log.index())
        .report(
            new ReportQuery(
                Instant.parse("2026-02-01T00:00:00Z"),
                NOW,
                List.of(Dimension.TOOL),
                100,
                true,
                false));
  }

  @SuppressWarnings("unchecked")
  static long calls(CostReport report) {
    return report.totals().calls();
  }

  static String line(String ts, String tool) {
    return "{\"ts\":\""
        + ts
        + "\",\"req_id\":\"r-"
        + ts
        + tool
        + "\",\"agent_id\":\"a\",\"tool\":\""
        + tool
        + "\",\"status\":\"pass\",\"duration_ms\":10}\n";
  }

  @Test
  void mixedTimestampFormsLandInTheSameHour() throws IOException {
    write(
        "2026-02-23",
        line("2026-02-23T10:00:00.123456+00:00", "a")
            + line("2026-02-23T10:15:00.123Z", "a")
            + line("2026-02-23T12:30:00+02:00", "a")
            + line("2026-02-23T05:45:00-04:30", "a"));
    try (JsonlEventLog log = open()) {
      CostReport r =
          new CostEngine(log.index())
              .report(
                  new ReportQuery(
                      Instant.parse("2026-02-23T10:00:00Z"),
                      Instant.parse("2026-02-23T11:00:00Z"),
                      List.of(Dimension.TOOL),
                      10,
                      true,
                      false));
      assertEquals(4L, calls(r));
    }
  }

  @Test
  @SuppressWarnings("unchecked")
  void malformedLinesAreSkippedCountedAndLocatedByFileAndLine() throws IOException {
    write(
        "2026-02-23",
        line("2026-02-23T10:00:00Z", "ok")
            + "{not json\n"
            + "\n"
            + "{\"ts\":\"2026-02-23T10:00:00Z\",\"tool\":\"x\",\"status\":\"pass\",\"duration_ms\":\"12\"}\n"
            + "{\"ts\":\"2026-02-23T10:00:00Z\",\"tool\":\"x\",\"status\":\"pass\",\"extra\":{\"nested\":[1,{\"a\":null}]}}\n"
            + "{\"ts\":\"2026-02-23T10:00:00Z\",\"status\":\"pass\"}\n");
    try (JsonlEventLog log = open()) {
      CostReport r = report(log);
      assertEquals(2L, calls(r));
      DataQuality dq = r.dataQuality();
      assertEquals(3L, dq.malformedLines());
      List<DataQuality.MalformedLine> ex = dq.examples();
      assertEquals(List.of(2L, 4L, 6L), ex.stream().map(DataQuality.MalformedLine::line).toList());
      assertEquals("tool_audit_2026-02-23.jsonl", ex.get(0).file());
      assertEquals("duration_ms must be a number, not \"12\"}", ex.get(1).reason());
      assertEquals("missing tool", ex.get(2).reason());
    }
  }

  @Test
  void anIncompleteLastLineWaitsUntilItsNewlineArrives() throws IOException {
    write(
        "2026-02-23",
        line("2026-02-23T10:00:00Z", "a") + "{\"ts\":\"2026-02-23T10:01:00Z\",\"tool\":\"b\",");
    try (JsonlEventLog log = open()) {
      assertEquals(1L, calls(report(log)));
      write("2026-02-23", "\"status\":\"pass\"}\n");
      log.refresh();
      assertEquals(2L, calls(report(log)));
      assertEquals(0L, report(log).dataQuality().malformedLines());
    }
  }

  /**
   * A small day file (under the 1 MiB a tail needs before it is persisted) was parsed again at
   * every start, and the first call after start waited for it; now the whole file is one segment.
   */
  @Test
  void aSmallWholeFileIsPersistedSoARestartDoesNotParseItAgain() throws IOException {
    write("2026-02-22", line("2026-02-22T10:00:00Z", "web_search"));
    write("2026-02-23", line("2026-02-23T10:00:00Z", "web_search"));
    CostReport first;
    try (JsonlEventLog log = open()) {
      first = report(log);
      assertEquals(2L, log.stats().get("persisted_segments"), log.stats().toString());
      assertEquals(0L, log.stats().get("memory_segments"), log.stats().toString());
    }
    write("2026-02-23", line("2026-02-23T11:00:00Z", "web_search"));
    try (JsonlEventLog log = open()) {
      assertEquals(3L, calls(report(log)));
      assertEquals(
          1L, log.stats().get("memory_segments"), "only the appended line: " + log.stats());
    }
    try (JsonlEventLog log = open()) {
      assertEquals(calls(first) + 1, calls(report(log)));
    }
  }

  @Test
  void aRestartReusesPersistedSegmentsAndAnswersTheSame() throws IOException {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < 20_000; i++) {
      sb.append(
          line(
              String.format("2026-02-23T%02d:%02d:%02dZ", i % 24, (i / 24) % 60, i % 60),
              "tool" + (i % 7)));
    }
    write("2026-02-23", sb.toString());
    CostReport first;
    try (JsonlEventLog log = open()) {
      first = report(log);
      assertEquals(1L, log.stats().get("persisted_segments"));
    }
    try (Stream<Path> s = Files.list(dir.resolve("index"))) {
      assertEquals(2, s.count(), "one segment and its rollup");
    }
    try (JsonlEventLog log = open()) {
      assertEquals(first, report(log));
    }
  }

  @Test
  void aReplacedAuditFileIsReindexedNotServedFromItsOldSegment() throws IOException {
    StringBuilder a = new StringBuilder();
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < 20_000; i++) {
      String ts = String.format("2026-02-23T%02d:%02d:%02dZ", i % 24, (i / 24) % 60, i % 60);
      a.append(line(ts, "aaaa"));
      b.append(line(ts, "bbbb"));
    }
    write("2026-02-23", a.toString());
    try (JsonlEventLog log = open()) {
      assertEquals(20_000L, calls(report(log)));
    }
    Files.writeString(audit().resolve("tool_audit_2026-02-23.jsonl"), b.toString());
    try (JsonlEventLog log = open()) {
      CostReport r = report(log);
      @SuppressWarnings("unchecked")
      List<BreakdownRow> rows = r.breakdowns().get(Dimension.TOOL);
      assertEquals("bbbb", rows.get(0).key());
      assertEquals(1, rows.size());
    }
  }

  static UsageEvent event(String reqId, Instant ts) {
    long micros = ts.getEpochSecond() * 1_000_000L;
    return new UsageEvent(
        micros,
        reqId,
        "ws",
        "u",
        "agent",
        "tool",
        "call",
        Status.PASS,
        5,
        1,
        1,
        null,
        null,
        null,
        null,
        null,
        -1,
        -1,
        -1,
        -1,
        null,
        Double.NaN,
        null,
        null);
  }

  @Test
  void anAppendAfterATornLastLineStartsALineOfItsOwn() throws IOException {
    Instant t = Instant.parse("2026-02-23T10:00:00Z");
    try (JsonlEventLog log = open()) {
      log.append(List.of(event("r1", t)));
      write("2026-02-23", "{\"ts\":\"2026-02-23T10:00:00Z\",\"req_id\":\"torn"); // a crash
      log.appendSettles(List.of(event("r2", t)));
      log.append(List.of(event("r3", t)));
      assertEquals(3L, calls(report(log)));
      List<String> lines = Files.readAllLines(audit().resolve("tool_audit_2026-02-23.jsonl"));
      assertEquals(4, lines.size());
      assertTrue(lines.get(1).endsWith("\"torn"), "the torn line is left as it was");
      assertTrue(lines.get(2).contains("\"r2\"") && lines.get(3).contains("\"r3\""));
    }
  }

  @Test
  void appendingTheSameRequestTwiceCountsItOnce() throws IOException {
    Instant t = Instant.parse("2026-02-23T10:00:00Z");
    try (JsonlEventLog log = open()) {
      assertArrayEquals(
          new boolean[] {true, true, false},
          log.append(List.of(event("r1", t), event("r2", t), event("r1", t))));
      assertArrayEquals(
          new boolean[] {false, true}, log.append(List.of(event("r2", t), event("r3", t))));
      assertEquals(3L, calls(report(log)));
    }
    try (JsonlEventLog log = open()) {
      assertArrayEquals(new boolean[] {false}, log.append(List.of(event("r3", t))));
      assertEquals(3L, calls(report(log)));
    }
  }

  @Test
  void threadsAppendingAtOnceShareWritesAndEachRequestIdCountsOnce() throws Exception {
    Instant t = Instant.parse("2026-02-23T10:00:00Z");
    int threads = 12;
    int perThread = 50;
    try (JsonlEventLog log = open()) {
      java.util.concurrent.ExecutorService pool =
          java.util.concurrent.Executors.newFixedThreadPool(threads);
      List<java.util.concurrent.Future<Integer>> done = new java.util.ArrayList<>();
      for (int k = 0; k < threads; k++) {
        done.add(
            pool.submit(
                () -> {
                  int accepted = 0;
                  // Every thread sends the same ids: each must be taken exactly once overall.
                  for (int i = 0; i < perThread; i++) {
                    boolean[] a = log.append(List.of(event("same-" + i, t), event("same-" + i, t)));
                    assertTrue(!a[1], "a duplicate within one call is never taken");
                    accepted += a[0] ? 1 : 0;
                  }
                  return accepted;
                }));
      }
      int accepted = 0;
      for (java.util.concurrent.Future<Integer> f : done) {
        accepted += f.get();
      }
      pool.shutdown();
      assertEquals(perThread, accepted, "each id accepted by exactly one caller");
      assertEquals((long) perThread, calls(report(log)));
    }
    assertEquals(
        perThread,
        Files.readAllLines(dir.resolve("audit").resolve("tool_audit_2026-02-23.jsonl")).size());
  }

  @Test
  void anotherLogOnTheSameDirectorySeesAppendsAfterARefresh() throws IOException {
    Instant t = Instant.parse("2026-02-23T10:00:00Z");
    try (JsonlEventLog writer = open();
        JsonlEventLog reader =
            JsonlEventLog.open(
                audit(),
                dir.resolve("index2"),
                new EventIndex(CostWeights.BUILT_IN, Pricer.NONE))) {
      writer.append(List.of(event("r1", t), event("r2", t.plusSeconds(3_600))));
      assertEquals(0L, calls(report(reader)));
      reader.refresh();
      assertEquals(2L, calls(report(reader)));
    }
  }

  @Test
  void twoProcessesAppendingAtOnceLoseAndTearNothing() throws Exception {
    Files.createDirectories(audit());
    int n = 1500;
    List<Process> ps = new ArrayList<>();
    for (String p : List.of("p1", "p2")) {
      ps.add(
          new ProcessBuilder(
                  javaBin(),
                  "-cp",
                  System.getProperty("java.class.path"),
                  AppendMain.class.getName(),
                  audit().toString(),
                  p,
                  String.valueOf(n),
                  dir.resolve("idx-" + p).toString())
              .redirectErrorStream(true)
              .redirectOutput(dir.resolve(p + ".log").toFile())
              .start());
    }
    for (Process p : ps) {
      assertEquals(
          0,
          p.waitFor(),
          Files.readString(dir.resolve("p1.log")) + Files.readString(dir.resolve("p2.log")));
    }
    List<String> lines = Files.readAllLines(audit().resolve("tool_audit_2026-02-23.jsonl"));
    assertEquals(2 * n, lines.size());
    ObjectMapper json = new ObjectMapper();
    for (String l : lines) {
      assertTrue(json.readTree(l).has("req_id"), "torn line: " + l);
    }
    try (JsonlEventLog log = open()) {
      assertEquals(2L * n, calls(report(log)));
      assertEquals(0L, report(log).dataQuality().malformedLines());
    }
  }

  static String javaBin() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }
}

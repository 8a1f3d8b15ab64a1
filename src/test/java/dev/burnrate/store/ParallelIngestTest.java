package dev.burnrate.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.burnrate.engine.CostEngine;
import dev.burnrate.engine.EventIndex;
import dev.burnrate.engine.Pricer;
import dev.burnrate.usage.CostWeights;
import dev.burnrate.usage.Dimension;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The parallel first ingest (files cut into ranges, parsed on two workers) must index exactly what
 * the single-threaded path indexes: the same events, the same sums to the nano-dollar and the same
 * malformed lines with the same file:line, on a few hundred thousand generated events.
 */
class ParallelIngestTest {
  static final Instant FROM = Instant.parse("2026-02-01T00:00:00Z");
  static final Instant TO = Instant.parse("2026-03-01T00:00:00Z");
  static final String[] TOOLS = {
    "web_fetch", "file_read", "llm_chat", "comfy_generate_video", "kb_lookup"
  };
  static final String[] STATUSES = {"pass", "pass", "pass", "failed", "error", "denied"};

  @TempDir static Path dir;
  static Path audit;

  @BeforeAll
  static void generate() throws IOException {
    audit = dir.resolve("audit");
    Files.createDirectories(audit);
    Random rnd = new Random(42);
    // One big day (cut into many ranges) and four ordinary ones; the last ends mid-line.
    write(audit, rnd, "2026-02-20", 160_000, false);
    write(audit, rnd, "2026-02-21", 40_000, false);
    write(audit, rnd, "2026-02-22", 40_000, false);
    write(audit, rnd, "2026-02-23", 30_000, false);
    write(audit, rnd, "2026-02-24", 30_000, true);
  }

  /** Writes a day file of generated events, about 1 in 300 of them malformed or blank. */
  static void write(Path audit, Random rnd, String day, int events, boolean tornTail)
      throws IOException {
    try (BufferedWriter w =
        Files.newBufferedWriter(
            audit.resolve("tool_audit_" + day + ".jsonl"), StandardCharsets.UTF_8)) {
      for (int i = 0; i < events; i++) {
        int r = rnd.nextInt(1000);
        if (r == 0) {
          w.write("{\"ts\":\"" + day + "T01:00:00Z\",\"tool\":\"x\",\"status\":\"maybe\"}\n");
          continue;
        }
        if (r == 1) {
          w.write("not json at all\n");
          continue;
        }
        if (r == 2) {
          w.write("   \n");
          continue;
        }
        StringBuilder sb = new StringBuilder(256);
        sb.append("{\"ts\":\"")
            .append(day)
            .append('T')
            .append(
                String.format(
                    "%02d:%02d:%02d.%06dZ",
                    i * 24 / events, rnd.nextInt(60), rnd.nextInt(60), rnd.nextInt(1_000_000)))
            .append("\",\"req_id\":\"req_")
            .append(day)
            .append('_')
            .append(i)
            .append("\",\"workspace_id\":\"ws_")
            .append(rnd.nextInt(20))
            .append("\",\"user_id\":\"user_")
            .append(rnd.nextInt(200))
            .append("\",\"agent_id\":\"agent-")
            .append(rnd.nextInt(50))
            .append("\",\"tool\":\"")
            .append(TOOLS[rnd.nextInt(TOOLS.length)])
            .append("\",\"action\":\"run\",\"status\":\"")
            .append(STATUSES[rnd.nextInt(STATUSES.length)])
            .append("\",\"duration_ms\":")
            .append(rnd.nextInt(60_000))
            .append(",\"in_size\":")
            .append(rnd.nextInt(10_000))
            .append(",\"out_size\":")
            .append(rnd.nextInt(50_000));
        if (rnd.nextBoolean()) {
          sb.append(",\"model\":\"claude-sonnet-4-5\",\"input_tokens\":")
              .append(rnd.nextInt(20_000))
              .append(",\"output_tokens\":")
              .append(rnd.nextInt(2_000))
              .append(",\"cost_usd\":")
              .append(rnd.nextInt(3))
              .append('.')
              .append(
                  String.format("%09d", rnd.nextInt(1_000_000_000))
                      .substring(0, 1 + rnd.nextInt(9)))
              .append(",\"complexity_score\":0.")
              .append(rnd.nextInt(100));
        }
        sb.append(",\"input_hash\":\"").append(Long.toHexString(rnd.nextLong())).append("\"}");
        sb.append(rnd.nextInt(50) == 0 ? "\r\n" : "\n");
        w.write(sb.toString());
      }
      if (tornTail) {
        w.write("{\"ts\":\"2026-02-24T23:59:59Z\",\"tool\":\"web_fe");
      }
    }
  }

  static JsonlEventLog open(String index, int workers, long rangeBytes) throws IOException {
    return JsonlEventLog.open(
        audit,
        dir.resolve(index),
        new EventIndex(CostWeights.BUILT_IN, Pricer.NONE),
        workers,
        rangeBytes);
  }

  static Map<String, Object> report(JsonlEventLog log) {
    return dev.burnrate.wire.Wire.toMap(
        new CostEngine(log.index())
            .report(
                new dev.burnrate.engine.ReportQuery(
                    FROM,
                    TO,
                    List.of(Dimension.TOOL, Dimension.AGENT, Dimension.STATUS),
                    1000,
                    true,
                    true)));
  }

  @Test
  void parallelIngestIndexesExactlyWhatTheSingleThreadedPathDoes() throws IOException {
    Map<String, Object> expected;
    List<dev.burnrate.engine.Segment.Malformed> expectedBad;
    long events;
    try (JsonlEventLog one = open("index-1", 1, 0)) {
      expected = report(one);
      expectedBad = one.malformed();
      events = one.index().eventCount();
      long blocks = 0;
      try (var files = Files.list(audit)) {
        for (Path f : files.toList()) {
          blocks += (Files.size(f) + RangeIndexer.BLOCK - 1) / RangeIndexer.BLOCK;
        }
      }
      assertEquals(
          blocks, one.stats().get("persisted_segments"), "one segment per block on one thread");
    }
    assertTrue(events > 290_000, "events: " + events);
    assertTrue(expectedBad.size() > 500, "malformed: " + expectedBad.size());

    try (JsonlEventLog two = open("index-2", 2, 2 << 20)) {
      assertEquals(events, two.index().eventCount());
      assertEquals(expectedBad, two.malformed());
      assertEquals(expected, report(two));
      assertTrue(
          (Long) two.stats().get("persisted_segments") > 20,
          "files were cut into ranges: " + two.stats());
    }
    // A restart maps the ranges' segments instead of parsing, and still agrees.
    try (JsonlEventLog again = open("index-2", 1, 0)) {
      assertEquals(events, again.index().eventCount());
      assertEquals(expectedBad, again.malformed());
      assertEquals(expected, report(again));
    }
  }

  // Broke: every range was submitted at once and each parsed range's rollup stayed on the heap
  // until the whole run ended, so the 50M-event month's first ingest ran out of memory at -Xmx1g.
  @Test
  void workersParseOnlyAFewRangesAheadOfTheOneApplied(@TempDir Path own) throws Exception {
    EventIndex index = new EventIndex(CostWeights.BUILT_IN, Pricer.NONE);
    RangeIndexer indexer = new RangeIndexer(new SegmentCache(own.resolve("index"), index), index);
    FileState st = new FileState(audit.resolve("tool_audit_2026-02-20.jsonl"));
    java.util.concurrent.atomic.AtomicInteger started =
        new java.util.concurrent.atomic.AtomicInteger();
    java.util.concurrent.ThreadPoolExecutor pool =
        new java.util.concurrent.ThreadPoolExecutor(
            2,
            2,
            0,
            java.util.concurrent.TimeUnit.SECONDS,
            new java.util.concurrent.LinkedBlockingQueue<>()) {
          @Override
          protected void beforeExecute(Thread t, Runnable r) {
            started.incrementAndGet();
          }
        };
    int ahead = 4; // two ranges per worker
    java.util.List<Integer> startedAtApply = new java.util.ArrayList<>();
    try {
      ParallelIngest.run(
          List.of(st),
          indexer,
          pool,
          2,
          1 << 20,
          (f, parsed) -> {
            startedAtApply.add(started.get());
            try {
              Thread.sleep(5); // a slow applier: the workers would run far ahead of it
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
            index.add(parsed.segment(), parsed.rollup());
            f.nextLine += parsed.lines();
            f.indexedEnd = parsed.end();
          });
    } finally {
      pool.shutdownNow();
    }
    assertTrue(startedAtApply.size() > 3 * ahead, "ranges: " + startedAtApply.size());
    for (int i = 0; i < startedAtApply.size(); i++) {
      assertTrue(
          startedAtApply.get(i) <= i + ahead + 1,
          "range " + i + " applied with " + startedAtApply.get(i) + " started");
    }
    assertTrue(index.eventCount() > 155_000, "the day's events: " + index.eventCount());
  }

  @Test
  void anEvenShareForTwoWorkersAgreesToo() throws IOException {
    try (JsonlEventLog one = open("index-a", 1, 0);
        JsonlEventLog auto = open("index-b", 2, 0)) {
      assertEquals(one.malformed(), auto.malformed());
      assertEquals(report(one), report(auto));
    }
  }

  // Broke: at -Xmx512m on two cores, 64 MB blocks per worker ran the first ingest of the
  // reference month out of memory now and then, and 32 MB blocks the 50M-event month's; blocks are
  // now a sixteenth of the heap per worker.
  @Test
  void blocksShrinkWithTheHeapSoEveryWorkerFitsInAnEighthOfIt() {
    assertEquals(16 << 20, RangeIndexer.block(512L << 20, 2));
    assertEquals(8 << 20, RangeIndexer.block(256L << 20, 2));
    assertEquals(4 << 20, RangeIndexer.block(256L << 20, 4));
    assertEquals(4 << 20, RangeIndexer.block(32L << 20, 8));
    assertEquals(64 << 20, RangeIndexer.block(16L << 30, 2));
  }

  @Test
  void aFileFarLargerThanTheHeapIsIngestedInA64MegabyteHeap(@TempDir Path own) throws Exception {
    Path a = Files.createDirectories(own.resolve("audit"));
    write(a, new Random(1), "2026-02-21", 250_000, false); // about 80 MB in one file
    assertTrue(Files.size(a.resolve("tool_audit_2026-02-21.jsonl")) > 70L << 20);
    Process p =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx64m",
                "-cp",
                System.getProperty("java.class.path"),
                "dev.burnrate.cli.Main",
                "ingest",
                "--config",
                "config",
                "--data",
                own.resolve("data").toString(),
                "--audit-dir",
                a.toString())
            .redirectErrorStream(true)
            .redirectOutput(own.resolve("out.txt").toFile())
            .start();
    int exit = p.waitFor();
    String out = Files.readString(own.resolve("out.txt"));
    assertEquals(0, exit, out);
    assertTrue(out.contains("\"events\" : 24"), out); // ~249k events, the rest malformed or blank
  }
}

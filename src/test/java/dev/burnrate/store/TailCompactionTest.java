package dev.burnrate.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.burnrate.engine.EventIndex;
import dev.burnrate.engine.Pricer;
import dev.burnrate.usage.CostWeights;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A file that grows a line at a time (a busy appender, or another process) is indexed in small tail
 * segments that are merged as they pile up: the merges must keep every event, keep the tails few,
 * re-parse each line only a logarithmic number of times, and hand the file to the persisted chain
 * once enough has built up.
 */
class TailCompactionTest {
  @TempDir Path dir;

  @Test
  void lineByLineGrowthReparsesEachLineLogarithmicallyOften() throws IOException {
    Path file = dir.resolve("audit/tool_audit_2026-02-23.jsonl");
    Files.createDirectories(file.getParent());
    Files.writeString(file, "");
    int lines = 3_000;
    long bytes = 0;
    try (JsonlEventLog log = open()) {
      for (int i = 0; i < lines; i++) {
        bytes += append(file, i);
        log.refresh();
        long tails = (Long) log.stats().get("memory_segments");
        assertTrue(tails <= 33, "tails pile up: " + tails + " after line " + (i + 1));
      }
      assertEquals(lines, log.index().eventCount());
      assertEquals(bytes, (Long) log.stats().get("bytes_indexed"));
      // log2(3000) is under 12. Merging every tail each time re-parses about 45 times the file.
      assertTrue(
          log.bytesReparsed() <= 12 * bytes,
          "re-parsed " + log.bytesReparsed() + " bytes of a " + bytes + "-byte file");
      assertTrue((Long) log.stats().get("persisted_segments") >= 1, "" + log.stats());
    }
    try (JsonlEventLog reopened = open()) {
      assertEquals(lines, reopened.index().eventCount(), "the persisted link reads back whole");
    }
  }

  private JsonlEventLog open() throws IOException {
    return JsonlEventLog.open(
        dir.resolve("audit"),
        dir.resolve("index"),
        new EventIndex(CostWeights.BUILT_IN, Pricer.NONE));
  }

  /** Appends event {@code i}, about 400 bytes so 3,000 of them pass the persist size; its size. */
  private static long append(Path file, int i) throws IOException {
    String line =
        "{\"ts\":\"2026-02-23T10:%02d:%02dZ\",\"req_id\":\"r-%06d-%s\",\"agent_id\":\"a%d\",\"tool\":\"t%d\",\"status\":\"pass\",\"duration_ms\":10}\n"
            .formatted(i / 60 % 60, i % 60, i, "x".repeat(250), i % 7, i % 5);
    byte[] b = line.getBytes(StandardCharsets.UTF_8);
    Files.write(file, b, StandardOpenOption.APPEND);
    return b.length;
  }
}

package dev.burnrate.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.burnrate.engine.EventIndex;
import dev.burnrate.engine.Pricer;
import dev.burnrate.usage.CostWeights;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Lines another process appends are in the next answer once the directory watch has seen them,
 * without waiting out the refresh age (a server asks with 250 ms; here with a minute, so only the
 * watch can explain a quick view).
 */
class TailingTest {
  @TempDir Path dir;

  @Test
  void anotherProcesssAppendsAreSeenThroughTheWatchBeforeTheAgeRunsOut() throws Exception {
    Path audit = Files.createDirectories(dir.resolve("audit"));
    Files.writeString(
        audit.resolve("tool_audit_2026-02-22.jsonl"),
        "{\"ts\":\"2026-02-22T10:00:00Z\",\"tool\":\"a\",\"status\":\"pass\"}\n");
    try (JsonlEventLog log =
        JsonlEventLog.open(
            audit, dir.resolve("index"), new EventIndex(CostWeights.BUILT_IN, Pricer.NONE))) {
      assertEquals(1, log.index().eventCount());
      Process p =
          new ProcessBuilder(
                  Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                  "-cp",
                  System.getProperty("java.class.path"),
                  AppendMain.class.getName(),
                  audit.toString(),
                  "other",
                  "3",
                  dir.resolve("other-index").toString())
              .redirectErrorStream(true)
              .redirectOutput(dir.resolve("append.log").toFile())
              .start();
      assertEquals(0, p.waitFor(), Files.readString(dir.resolve("append.log")));
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (log.index().eventCount() < 4 && System.nanoTime() < deadline) {
        log.refreshIfOlderThan(60_000);
        Thread.sleep(5);
      }
      assertEquals(4, log.index().eventCount(), "the other process's three events");
      assertTrue(
          log.filesReadLastLook() <= 1,
          "only the changed file was read: " + log.filesReadLastLook());
    }
  }
}

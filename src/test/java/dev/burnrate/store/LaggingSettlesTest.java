package dev.burnrate.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.burnrate.engine.EventIndex;
import dev.burnrate.engine.Pricer;
import dev.burnrate.engine.SegmentBuilder;
import dev.burnrate.usage.CostWeights;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Settles' events appended with {@link JsonlEventLog#appendSettles}: out of the index for a few
 * milliseconds while only the spend gate looks, in it for every other look, and never appended
 * twice.
 */
class LaggingSettlesTest {
  static final Instant T = Instant.parse("2026-02-23T10:00:00Z");
  static final long MICROS = T.getEpochSecond() * 1_000_000L;

  @TempDir Path dir;

  /** A log whose settles lag a minute, so no assertion depends on how fast the disk forces. */
  JsonlEventLog open(String index) throws IOException {
    JsonlEventLog log =
        JsonlEventLog.open(
            dir.resolve("audit"),
            dir.resolve(index),
            new EventIndex(CostWeights.BUILT_IN, Pricer.NONE));
    log.settleLagNanos = 60_000_000_000L;
    return log;
  }

  static boolean indexed(JsonlEventLog log, String reqId) {
    return log.index().containsRequest(SegmentBuilder.reqHash(reqId), MICROS);
  }

  long lines() throws IOException {
    return Files.readAllLines(dir.resolve("audit").resolve("tool_audit_2026-02-23.jsonl")).size();
  }

  @Test
  void theGatesLookLeavesYoungSettlesOutAndEveryOtherLookTakesThemIn() throws IOException {
    try (JsonlEventLog log = open("index")) {
      log.appendSettles(List.of(JsonlEventLogTest.event("s1", T)));
      log.appendSettles(List.of(JsonlEventLogTest.event("s2", T)));
      log.refreshForGate(0);
      assertFalse(indexed(log, "s1"), "a settle just written waits for the next ones");
      assertEquals(0, log.index().eventCount());
      log.refreshIfOlderThan(60_000);
      assertTrue(indexed(log, "s1") && indexed(log, "s2"), "any other look includes them");
      assertEquals(2, log.index().eventCount());
    }
  }

  @Test
  void theFirstSettleAfterTheLagIndexesThoseBeforeIt() throws Exception {
    try (JsonlEventLog log = open("index")) {
      log.settleLagNanos = 5_000_000L;
      log.appendSettles(List.of(JsonlEventLogTest.event("s1", T)));
      Thread.sleep(10);
      log.refreshForGate(0);
      assertFalse(indexed(log, "s1"), "the gate's look leaves them to the appends");
      log.appendSettles(List.of(JsonlEventLogTest.event("s2", T)));
      assertTrue(indexed(log, "s1"));
      assertFalse(indexed(log, "s2"), "the new one lags in turn");
    }
  }

  @Test
  void aLaggingSettleIsNotAppendedTwice() throws IOException {
    try (JsonlEventLog log = open("index")) {
      assertArrayEquals(
          new boolean[] {true}, log.appendSettles(List.of(JsonlEventLogTest.event("s1", T))));
      assertFalse(indexed(log, "s1"));
      assertArrayEquals(
          new boolean[] {false}, log.appendSettles(List.of(JsonlEventLogTest.event("s1", T))));
      assertArrayEquals(
          new boolean[] {false, true},
          log.append(List.of(JsonlEventLogTest.event("s1", T), JsonlEventLogTest.event("r1", T))));
      assertTrue(indexed(log, "s1") && indexed(log, "r1"), "a plain append indexes them too");
      assertEquals(2, log.index().eventCount());
      assertEquals(2, lines());
    }
  }

  @Test
  void anotherProcessesLinesAfterThemAreIndexedWithThem() throws IOException {
    try (JsonlEventLog log = open("index");
        JsonlEventLog other = open("index2")) {
      log.appendSettles(List.of(JsonlEventLogTest.event("s1", T)));
      other.append(List.of(JsonlEventLogTest.event("o1", T)));
      assertTrue(indexed(other, "s1"), "the other process reads them before it writes");
      log.refreshForGate(0);
      assertTrue(indexed(log, "o1") && indexed(log, "s1"));
      assertEquals(2, log.index().eventCount());
      // The other process's duplicate of a line this one has lagging is refused, and the reverse.
      log.appendSettles(List.of(JsonlEventLogTest.event("s2", T)));
      assertArrayEquals(
          new boolean[] {false}, other.append(List.of(JsonlEventLogTest.event("s2", T))));
      assertArrayEquals(
          new boolean[] {false}, log.appendSettles(List.of(JsonlEventLogTest.event("o1", T))));
      assertEquals(3, lines());
    }
  }

  @Test
  void atMostTheLimitOfLinesLag() throws IOException {
    try (JsonlEventLog log = open("index")) {
      for (int i = 0; i <= JsonlEventLog.MAX_LAGGING_LINES; i++) {
        log.appendSettles(List.of(JsonlEventLogTest.event("s" + i, T)));
      }
      // The append past the limit indexed those before it and stayed out itself.
      assertEquals(JsonlEventLog.MAX_LAGGING_LINES, log.index().eventCount());
      log.refresh();
      assertEquals(JsonlEventLog.MAX_LAGGING_LINES + 1L, log.index().eventCount());
    }
  }

  @Test
  void aReopenedLogIndexesEveryLine() throws IOException {
    try (JsonlEventLog log = open("index")) {
      log.appendSettles(List.of(JsonlEventLogTest.event("s1", T)));
    }
    try (JsonlEventLog log = open("index")) {
      assertTrue(indexed(log, "s1"));
    }
  }
}

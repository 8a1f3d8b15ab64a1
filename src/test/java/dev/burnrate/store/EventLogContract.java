package dev.burnrate.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.burnrate.engine.CostEngine;
import dev.burnrate.engine.EventIndex;
import dev.burnrate.engine.Pricer;
import dev.burnrate.usage.CostWeights;
import dev.burnrate.usage.Dimension;
import dev.burnrate.usage.Status;
import dev.burnrate.usage.UsageEvent;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link EventLog} promises, run against each implementation: events read back as
 * written, a {@code req_id} is counted once however often and through whichever instance it is
 * sent, concurrent writers lose and duplicate nothing, and another instance on the same store sees
 * an append within a second.
 */
public abstract class EventLogContract {
  protected static final Instant NOW = Instant.parse("2026-02-24T00:00:00Z");
  private static final long BASE = (NOW.getEpochSecond() - 3_600) * 1_000_000L;
  private final List<EventLog> opened = new ArrayList<>();

  /** A new instance over the store this test uses (as another process would open it). */
  protected abstract EventLog openInstance() throws Exception;

  protected static EventIndex newIndex() {
    return new EventIndex(CostWeights.BUILT_IN, Pricer.NONE);
  }

  protected final EventLog open() throws Exception {
    EventLog log = openInstance();
    opened.add(log);
    return log;
  }

  @AfterEach
  void closeInstances() {
    opened.forEach(EventLog::close);
  }

  protected static UsageEvent event(String reqId, String agent, int second) {
    return new UsageEvent(
        BASE + second * 1_000_000L + 123_456,
        reqId,
        "ws",
        "u",
        agent,
        "search",
        "call",
        Status.PASS,
        40,
        10,
        20,
        "h",
        null,
        null,
        null,
        "claude-sonnet-4",
        100,
        50,
        -1,
        -1,
        new BigDecimal("0.0125"),
        0.25,
        "core",
        "prod");
  }

  protected static long calls(EventLog log) {
    return new CostEngine(log.index())
        .report(
            new dev.burnrate.engine.ReportQuery(
                NOW.minusSeconds(86_400), NOW, List.of(Dimension.AGENT), 100, true, false))
        .totals()
        .calls();
  }

  @Test
  void appendedEventsAreReadBackByThisAndANewInstance() throws Exception {
    EventLog log = open();
    boolean[] ok = log.append(List.of(event("a", "x", 1), event("b", "y", 2), event("c", "x", 3)));
    assertArrayEquals(new boolean[] {true, true, true}, ok);
    assertEquals(3, log.index().eventCount());
    assertEquals(3, calls(log));
    EventLog other = open();
    assertEquals(3, other.index().eventCount());
    assertEquals(3, calls(other));
  }

  @Test
  void sameReqIdTwiceInOneBatchIsAppendedOnce() throws Exception {
    EventLog log = open();
    assertArrayEquals(
        new boolean[] {true, false, true},
        log.append(List.of(event("a", "x", 1), event("a", "x", 1), event("b", "x", 2))));
    assertEquals(2, open().index().eventCount());
  }

  @Test
  void reqIdResentInALaterBatchOrThroughAnotherInstanceIsADuplicate() throws Exception {
    EventLog log = open();
    log.append(List.of(event("a", "x", 1), event("b", "x", 2)));
    assertArrayEquals(
        new boolean[] {false, true}, log.append(List.of(event("b", "x", 2), event("c", "x", 3))));
    EventLog other = open();
    assertArrayEquals(
        new boolean[] {false, true}, other.append(List.of(event("c", "x", 3), event("d", "x", 4))));
    assertEquals(4, open().index().eventCount());
  }

  @Test
  void largeBatchesAreIdempotentToo() throws Exception {
    EventLog log = open();
    List<UsageEvent> first = new ArrayList<>();
    for (int i = 0; i < 150; i++) {
      first.add(event("r" + i, "x", i));
    }
    assertEquals(150, count(log.append(first)));
    List<UsageEvent> second = new ArrayList<>();
    for (int i = 100; i < 300; i++) {
      second.add(event("r" + i, "x", i));
    }
    second.add(event("r299", "x", 299));
    boolean[] ok = log.append(second);
    assertEquals(150, count(ok));
    assertTrue(
        !ok[0] && ok[50] && !ok[200], "r100 duplicate, r150 new, the repeated r299 a duplicate");
    assertEquals(300, open().index().eventCount());
  }

  @Test
  void eventsWithoutReqIdAreNeverDeduplicated() throws Exception {
    EventLog log = open();
    assertArrayEquals(
        new boolean[] {true, true}, log.append(List.of(event(null, "x", 1), event(null, "x", 1))));
    assertArrayEquals(new boolean[] {true}, log.append(List.of(event(null, "x", 1))));
    assertEquals(3, open().index().eventCount());
  }

  @Test
  void aBatchWithAnEventTheLogCannotHoldIsRefusedWhole() throws Exception {
    EventLog log = open();
    UsageEvent farFuture =
        new UsageEvent(
            java.time.Instant.parse("+10000-01-01T00:00:00Z").getEpochSecond() * 1_000_000L,
            "far",
            null,
            null,
            "x",
            "t",
            null,
            Status.PASS,
            1,
            0,
            0,
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
    IllegalArgumentException e =
        org.junit.jupiter.api.Assertions.assertThrows(
            IllegalArgumentException.class,
            () -> log.append(List.of(event("ok", "x", 1), farFuture)));
    assertTrue(e.getMessage().startsWith("event 1 has ts in 10000"), e.getMessage());
    assertEquals(0, open().index().eventCount(), "nothing of the batch was written");
    assertArrayEquals(
        new boolean[] {true}, log.append(List.of(event("ok", "x", 1))), "and it can be sent again");
  }

  @Test
  void concurrentWritersLoseAndDuplicateNothing() throws Exception {
    EventLog log = open();
    int threads = 4;
    int batches = 20;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    AtomicLong accepted = new AtomicLong();
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int me = t;
        done.add(
            pool.submit(
                () -> {
                  for (int b = 0; b < batches; b++) {
                    List<UsageEvent> batch = new ArrayList<>();
                    for (int k = 0; k < 5; k++) {
                      batch.add(event("t" + me + "-" + b + "-" + k, "agent" + me, b));
                    }
                    // Every thread also sends the same shared ids: exactly one of them may win
                    // each.
                    batch.add(event("shared-" + b, "shared", b));
                    accepted.addAndGet(count(log.append(batch)));
                  }
                  return null;
                }));
      }
      for (Future<?> f : done) {
        f.get();
      }
    } finally {
      pool.shutdown();
    }
    long expected = threads * batches * 5L + batches;
    assertEquals(expected, accepted.get());
    log.refresh();
    assertEquals(expected, log.index().eventCount());
    assertEquals(expected, open().index().eventCount());
  }

  @Test
  void anotherInstanceSeesAnAppendWithinOneSecond() throws Exception {
    EventLog writer = open();
    EventLog reader = open();
    assertEquals(0, reader.index().eventCount());
    long t0 = System.nanoTime();
    writer.append(List.of(event("seen", "x", 1)));
    while (reader.index().eventCount() == 0 && System.nanoTime() - t0 < 2_000_000_000L) {
      reader.refreshIfOlderThan(100);
      Thread.sleep(10);
    }
    long ms = (System.nanoTime() - t0) / 1_000_000;
    assertEquals(1, reader.index().eventCount());
    assertTrue(ms < 1_000, "seen after " + ms + " ms");
    assertEquals(1, calls(reader));
  }

  protected static int count(boolean[] ok) {
    int n = 0;
    for (boolean b : ok) {
      if (b) {
        n++;
      }
    }
    return n;
  }
}

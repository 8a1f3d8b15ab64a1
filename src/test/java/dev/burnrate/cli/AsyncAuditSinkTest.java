package dev.burnrate.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.burnrate.usage.Status;
import dev.burnrate.usage.TestEvents;
import dev.burnrate.usage.UsageEvent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Audit records reach the log in order, each once; under load an append starts at most every {@link
 * AsyncAuditSink#MIN_INTERVAL_MS} ms and carries what queued meanwhile, and a record after a quiet
 * spell is appended on its own, without waiting for company.
 */
class AsyncAuditSinkTest {
  private static final class Log extends StubEventLog {
    final List<List<String>> batches = Collections.synchronizedList(new ArrayList<>());
    final List<Long> starts = Collections.synchronizedList(new ArrayList<>());

    @Override
    public boolean[] append(List<UsageEvent> events) {
      starts.add(System.nanoTime());
      batches.add(events.stream().map(UsageEvent::reqId).toList());
      boolean[] ok = new boolean[events.size()];
      java.util.Arrays.fill(ok, true);
      return ok;
    }
  }

  private static UsageEvent call(int i) {
    return TestEvents.call(
        Instant.ofEpochSecond(1_771_848_000L), "r-" + i, "a", "t", Status.PASS, 1, null);
  }

  @Test
  void underLoadAppendsAreSpacedAndCarryEveryRecordOnceInOrder() throws Exception {
    Log log = new Log();
    AsyncAuditSink sink = new AsyncAuditSink(CompletableFuture.completedFuture(log));
    for (int i = 0; i < 3_000; i++) {
      sink.record(call(i));
      if (i % 10 == 0) {
        Thread.sleep(1); // about 10 records a millisecond, for 300 ms or more
      }
    }
    sink.close();
    List<String> all = new ArrayList<>();
    log.batches.forEach(all::addAll);
    assertEquals(3_000, all.size(), "every record appended once");
    for (int i = 0; i < all.size(); i++) {
      assertEquals("r-" + i, all.get(i), "in the order recorded");
    }
    long interval = TimeUnit.MILLISECONDS.toNanos(AsyncAuditSink.MIN_INTERVAL_MS);
    for (int b = 1; b < log.starts.size() - 1; b++) { // the last one: close writes at once
      long gap = log.starts.get(b) - log.starts.get(b - 1);
      // Half the interval: the writer may be set aside between deciding to append and appending.
      assertTrue(
          gap >= interval / 2, "append " + b + " started " + gap + " ns after the one before");
    }
    assertTrue(log.batches.size() < 3_000 / 5, log.batches.size() + " appends for 3,000 records");
  }

  @Test
  void aRecordAfterAQuietSpellIsAppendedOnItsOwn() throws Exception {
    Log log = new Log();
    AsyncAuditSink sink = new AsyncAuditSink(CompletableFuture.completedFuture(log));
    try {
      sink.record(call(0));
      Thread.sleep(3 * AsyncAuditSink.MIN_INTERVAL_MS);
      sink.record(call(1));
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (log.batches.size() < 2 && System.nanoTime() < deadline) {
        Thread.sleep(1);
      }
      assertEquals(List.of(List.of("r-0"), List.of("r-1")), log.batches);
    } finally {
      sink.close();
    }
  }
}

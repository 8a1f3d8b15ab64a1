package dev.burnrate.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.burnrate.usage.Status;
import dev.burnrate.usage.TestEvents;
import dev.burnrate.usage.UsageEvent;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class BatchAppenderTest {
  /** Appends on the appender's thread, one batch at a time; the batch numbered fail fails. */
  private static final class Log extends StubEventLog {
    final List<String> seen = Collections.synchronizedList(new ArrayList<>());
    final String fail;
    volatile boolean busy;

    Log(String fail) {
      this.fail = fail;
    }

    @Override
    public boolean[] append(List<UsageEvent> events) throws IOException {
      if (busy) {
        throw new AssertionError("two appends at once");
      }
      busy = true;
      try {
        Thread.sleep(5);
        String batch = events.get(0).reqId().split("-")[0];
        seen.add(batch + (Thread.currentThread().getName().equals("main") ? " on main" : ""));
        if (batch.equals(fail)) {
          throw new IOException("batch " + batch + " refused");
        }
        boolean[] ok = new boolean[events.size()];
        ok[0] = true; // the first of each batch new, the rest resends
        return ok;
      } catch (InterruptedException e) {
        throw new AssertionError(e);
      } finally {
        busy = false;
      }
    }
  }

  private static List<UsageEvent> batch(int n) {
    List<UsageEvent> out = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      out.add(
          TestEvents.call(
              Instant.ofEpochSecond(1_771_848_000L), n + "-" + i, "a", "t", Status.PASS, 1, null));
    }
    return out;
  }

  @Test
  void batchesAreAppendedInOrderOffTheCallersThreadAndCounted() throws Exception {
    Log log = new Log(null);
    try (BatchAppender a = new BatchAppender(log)) {
      for (int n = 1; n <= 6; n++) {
        a.submit(batch(n));
      }
      a.finish();
      assertEquals(6, a.accepted());
      assertEquals(12, a.duplicates());
    }
    assertEquals(List.of("1", "2", "3", "4", "5", "6"), log.seen);
  }

  @Test
  void aFailedBatchStopsTheIngestAndNothingAfterItIsWritten() throws Exception {
    Log log = new Log("2");
    IOException e;
    try (BatchAppender a = new BatchAppender(log)) {
      e =
          assertThrows(
              IOException.class,
              () -> {
                for (int n = 1; n <= 6; n++) {
                  a.submit(batch(n));
                }
                a.finish();
              });
    }
    assertEquals("batch 2 refused", e.getMessage());
    assertEquals(List.of("1", "2"), log.seen);
  }
}

package dev.burnrate.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.burnrate.reserve.LedgerEntry;
import dev.burnrate.store.ReservationLedger.Change;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The JSONL ledger's group commit: steps queued by many threads run in order in shared turns, each
 * seeing the entries before it, a failing step fails alone, and a torn tail is skipped once.
 */
class JsonlReservationLedgerTest {
  static final Instant NOW = Instant.parse("2026-02-23T12:00:00Z");
  @TempDir Path data;

  static LedgerEntry.Reserved reserved(String id) {
    return new LedgerEntry.Reserved(id, "req-" + id, "a", null, 1, NOW, NOW.plusSeconds(60));
  }

  @Test
  void manyThreadsEachStepSeesTheOnesBeforeItAndAFailingStepFailsAlone() throws Exception {
    int threads = 16;
    int steps = 40;
    try (JsonlReservationLedger ledger = JsonlReservationLedger.open(data)) {
      ExecutorService pool = Executors.newFixedThreadPool(threads);
      List<Future<Integer>> done = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int thread = t;
        done.add(
            pool.submit(
                () -> {
                  int failed = 0;
                  for (int i = 0; i < steps; i++) {
                    String id = thread + "-" + i;
                    boolean fail = i % 10 == 9;
                    try {
                      boolean fresh =
                          ledger.update(
                              book -> {
                                if (fail) {
                                  throw new IllegalStateException("refused " + id);
                                }
                                // Each id once: a step that ran twice would see its own entry.
                                return Change.append(reserved(id), book.byId(id).isEmpty());
                              });
                      assertTrue(fresh, id);
                    } catch (IllegalStateException e) {
                      assertEquals("refused " + id, e.getMessage());
                      failed++;
                    }
                  }
                  return failed;
                }));
      }
      int failed = 0;
      for (Future<Integer> f : done) {
        failed += f.get();
      }
      pool.shutdown();
      assertEquals(threads * steps / 10, failed);
    }
    int expected = threads * steps - threads * steps / 10;
    assertEquals(expected, Files.readAllLines(data.resolve("reservations/ledger.jsonl")).size());
    try (JsonlReservationLedger again = JsonlReservationLedger.open(data)) {
      long found =
          again.read(
              book -> {
                long n = 0;
                for (int t = 0; t < threads; t++) {
                  for (int i = 0; i < steps; i++) {
                    n += book.byId(t + "-" + i).isPresent() ? 1 : 0;
                  }
                }
                return n;
              });
      assertEquals(expected, found);
      assertEquals(0, again.unreadableLines());
    }
  }

  @Test
  void aTornTailIsSkippedOnceAndWhatFollowsItCounts() throws Exception {
    Path file = data.resolve("reservations/ledger.jsonl");
    try (JsonlReservationLedger ledger = JsonlReservationLedger.open(data)) {
      ledger.update(book -> Change.append(reserved("first"), null));
    }
    Files.writeString(file, "{\"op\":\"reserve\",\"id\":\"torn", StandardOpenOption.APPEND);
    try (JsonlReservationLedger ledger = JsonlReservationLedger.open(data)) {
      ledger.update(book -> Change.append(reserved("after"), null));
      assertEquals(1, ledger.unreadableLines());
      assertTrue((boolean) ledger.read(book -> book.byId("after").isPresent()));
    }
    try (JsonlReservationLedger reader = JsonlReservationLedger.open(data)) {
      assertTrue((boolean) reader.read(book -> book.byId("first").isPresent()));
      assertTrue((boolean) reader.read(book -> book.byId("after").isPresent()));
      assertEquals(1, reader.unreadableLines(), "the torn line, once");
    }
    assertThrows(
        IllegalArgumentException.class,
        () -> {
          try (JsonlReservationLedger ledger = JsonlReservationLedger.open(data)) {
            ledger.update(
                book -> {
                  throw new IllegalArgumentException("no");
                });
          }
        });
  }
}

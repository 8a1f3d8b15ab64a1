package dev.burnrate.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.burnrate.reserve.Book;
import dev.burnrate.reserve.LedgerEntry;
import dev.burnrate.reserve.Reservation;
import dev.burnrate.store.ReservationLedger.Change;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link ReservationLedger} promises, run against each implementation: a step and the
 * entries it appends are one atomic step against every thread and every other instance on the same
 * store (as another process or replica would open it), steps queued together each see the ones
 * before them, a failing step fails alone and appends nothing, and another instance replays the
 * entries exactly as written.
 */
public abstract class ReservationLedgerContract {
  protected static final Instant NOW = Instant.parse("2026-02-23T12:00:00Z");
  private final List<ReservationLedger> opened = new ArrayList<>();

  /** A new instance over the store this test uses (as another process would open it). */
  protected abstract ReservationLedger openInstance() throws Exception;

  protected final ReservationLedger open() throws Exception {
    ReservationLedger l = openInstance();
    opened.add(l);
    return l;
  }

  @AfterEach
  void closeInstances() {
    opened.forEach(ReservationLedger::close);
  }

  protected static LedgerEntry.Reserved reserved(String id) {
    return new LedgerEntry.Reserved(id, "req-" + id, "a", null, 1, NOW, NOW.plusSeconds(60));
  }

  @Test
  void manyThreadsEachStepSeesTheOnesBeforeItAndAFailingStepFailsAlone() throws Exception {
    int threads = 16;
    int steps = 40;
    ReservationLedger ledger = open();
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
    int expected = threads * steps - threads * steps / 10;
    long found =
        open()
            .read(
                book -> {
                  long n = 0;
                  for (int t = 0; t < threads; t++) {
                    for (int i = 0; i < steps; i++) {
                      n += book.byId(t + "-" + i).isPresent() ? 1 : 0;
                    }
                  }
                  return n;
                });
    assertEquals(expected, found, "another instance replays exactly the committed entries");
  }

  @Test
  void checkAndAppendIsOneStepAcrossInstances() throws Exception {
    int instances = 3;
    int threads = 8;
    int perThread = 5;
    int limit = 37;
    List<ReservationLedger> ledgers = new ArrayList<>();
    for (int i = 0; i < instances; i++) {
      ledgers.add(open());
    }
    ExecutorService pool = Executors.newFixedThreadPool(instances * threads);
    CountDownLatch go = new CountDownLatch(1);
    List<Future<Integer>> done = new ArrayList<>();
    for (int i = 0; i < instances; i++) {
      for (int t = 0; t < threads; t++) {
        ReservationLedger ledger = ledgers.get(i);
        String who = i + "-" + t;
        done.add(
            pool.submit(
                () -> {
                  go.await();
                  int granted = 0;
                  for (int k = 0; k < perThread; k++) {
                    String id = who + "-" + k;
                    // Check, then append: granted only while fewer than the limit are open.
                    boolean ok =
                        ledger.update(
                            book ->
                                book.open(NOW).size() < limit
                                    ? Change.append(reserved(id), true)
                                    : Change.none(false));
                    granted += ok ? 1 : 0;
                  }
                  return granted;
                }));
      }
    }
    go.countDown();
    int granted = 0;
    for (Future<Integer> f : done) {
      granted += f.get();
    }
    pool.shutdown();
    assertEquals(limit, granted, "never one more than the limit, never one less");
    for (ReservationLedger l : ledgers) {
      assertEquals(limit, (int) l.read(book -> book.open(NOW).size()));
    }
  }

  @Test
  void anInstanceSeesWhatAnotherAppendedOnItsNextStep() throws Exception {
    ReservationLedger a = open();
    ReservationLedger b = open();
    a.update(book -> Change.append(reserved("x"), null));
    assertEquals(
        Reservation.State.OPEN, b.read(book -> book.byId("x").orElseThrow().state()), "b sees it");
    b.update(book -> Change.append(new LedgerEntry.Settled("x", 7, NOW.plusSeconds(1)), null));
    Reservation seen = a.read(book -> book.byId("x").orElseThrow());
    assertEquals(Reservation.State.SETTLED, seen.state(), "a sees b's settle");
    assertEquals(7, seen.actualNanos());
  }

  @Test
  void anotherInstanceReplaysEveryEntryExactlyAsWritten() throws Exception {
    Instant at = Instant.parse("2026-02-23T12:00:00.123456789Z");
    List<LedgerEntry> entries =
        List.of(
            new LedgerEntry.Reserved(
                "rsv_1", "req-1", "agënt-日本", "run-7", 1, at, at.plusSeconds(300).plusNanos(1)),
            new LedgerEntry.Reserved(
                "rsv_2", "req-2", "b", null, 1_000_000_000_000_000L, at.plusNanos(999), at),
            new LedgerEntry.Reserved("rsv_3", "req-3", "c", "run-7", 3_000_000_001L, at, at),
            new LedgerEntry.Reserved("rsv_4", "req-4", "d", null, 0, at, at.plusSeconds(1)),
            new LedgerEntry.Settled("rsv_1", 2_500_000_001L, at.plusNanos(7)),
            new LedgerEntry.Settled("rsv_3", 0, Instant.parse("2026-02-23T12:00:01Z")),
            new LedgerEntry.Released("rsv_2", at.plusMillis(5).plusNanos(3)));
    open().update(book -> new Change<>(entries, null));
    // The same entries applied in memory, never stored: what an exact replay must give back.
    Book expected = new Book();
    entries.forEach(expected::apply);
    List<String> ids = List.of("rsv_1", "rsv_2", "rsv_3", "rsv_4");
    List<Optional<Reservation>> replayed =
        open().read(book -> ids.stream().map(book::byId).toList());
    assertEquals(ids.stream().map(expected::byId).toList(), replayed);
    assertEquals(2_500_000_001L, replayed.get(0).orElseThrow().actualNanos());
    assertEquals(at.plusNanos(7), replayed.get(0).orElseThrow().closedAt());
    assertEquals(Reservation.State.RELEASED, replayed.get(1).orElseThrow().state());
    assertEquals(
        "rsv_4", open().read(book -> book.byReqId("req-4").orElseThrow().id()), "by req_id too");
  }

  /**
   * A caller interrupted mid-call (the serving layer cancels a timed-out tool that way) used to
   * have the JSONL ledger's channel closed under it by the interrupt, failing every later step.
   */
  @Test
  void anInterruptedCallerGetsItsAnswerKeepsItsInterruptAndBreaksNothing() throws Exception {
    ReservationLedger ledger = open();
    Thread.currentThread().interrupt();
    boolean fresh;
    try {
      fresh =
          ledger.update(book -> Change.append(reserved("during"), book.byId("during").isEmpty()));
    } finally {
      assertTrue(Thread.interrupted(), "the interrupt is still there for the caller to see");
    }
    assertTrue(fresh);
    ledger.update(book -> Change.append(reserved("after"), null));
    assertEquals(
        List.of(true, true),
        open()
            .read(
                book -> List.of(book.byId("during").isPresent(), book.byId("after").isPresent())));
  }
}

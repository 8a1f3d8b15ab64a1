package dev.burnrate.reserve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The book forgets what no decision or retry needs, by the ledger's own clock, and what it keeps
 * (with run totals for what it forgot) rebuilds the same decisions.
 */
class BookPruneTest {
  static final Instant T0 = Instant.parse("2026-02-23T12:00:00Z");
  static final Scope RUN = new Scope(ScopeKind.RUN, "run-1", 100_000_000_000L, null, null);
  static final Scope AGENT =
      new Scope(ScopeKind.AGENT_MONTH, "a", 100_000_000_000L, T0.minus(Duration.ofDays(1)), null);

  private static LedgerEntry.Reserved reserve(String id, String run, Instant at, long ttlSeconds) {
    return new LedgerEntry.Reserved(
        id, "req-" + id, "a", run, 1_000, at, at.plusSeconds(ttlSeconds));
  }

  private static long runSettled(Book b, Instant now) {
    return b.tally(List.of(RUN), Map.of(), now, s -> 0).get(0).settledNanos();
  }

  @Test
  void forgetsByTheLedgersClockAndKeepsWhatCounts() {
    Book b = new Book();
    // Settled in run-1 at T0 (indexed), released at T0, left open with a 60 s TTL at T0.
    b.apply(reserve("settled", "run-1", T0, 60));
    b.apply(new LedgerEntry.Settled("settled", 5_000, T0));
    b.dropIndexed(-1, r -> r.id().equals("settled"));
    b.apply(reserve("released", null, T0, 60));
    b.apply(new LedgerEntry.Released("released", T0));
    b.apply(reserve("abandoned", null, T0, 60));
    // A settle whose event the index never showed (a crash between the two writes).
    b.apply(reserve("lost-event", null, T0, 60));
    b.apply(new LedgerEntry.Settled("lost-event", 7_000, T0));

    assertEquals(0, b.prune(), "nothing is old yet");
    Instant later = T0.plus(Book.KEEP_CLOSED).plusSeconds(1);
    b.apply(reserve("fresh", null, later, 60)); // moves the ledger's clock
    assertEquals(2, b.prune(), "the settled and the released one");
    assertTrue(b.byId("settled").isEmpty() && b.byReqId("req-settled").isEmpty());
    assertTrue(b.byId("released").isEmpty());
    assertTrue(b.byId("abandoned").isPresent(), "still settleable for an hour past its TTL");
    assertTrue(b.byId("lost-event").isPresent(), "its spend counts nowhere else");
    assertEquals(5_000, runSettled(b, later), "the run keeps its settled spend");
    assertEquals(
        7_000,
        b.tally(List.of(AGENT), Map.of(), later, s -> 0).get(0).settledNanos(),
        "the unindexed settle still counts for the agent");

    Instant muchLater = T0.plusSeconds(60).plus(Book.KEEP_EXPIRED).plusSeconds(1);
    b.apply(reserve("fresh2", null, muchLater, 60));
    b.prune();
    assertTrue(b.byId("abandoned").isEmpty());
    assertTrue(b.byId("lost-event").isPresent());
    assertEquals(5_000, runSettled(b, muchLater));

    Instant past = T0.plus(Book.KEEP_RUNS).plusSeconds(1);
    b.apply(reserve("fresh3", null, past, 60));
    b.prune();
    assertTrue(b.byId("lost-event").isEmpty(), "past any month it counts in");
    assertEquals(0, runSettled(b, past), "a run idle past any month is forgotten");
  }

  @Test
  void itsEntriesRebuildTheSameBook() {
    Book b = new Book();
    Instant t = T0;
    for (int i = 0; i < 50; i++) {
      t = t.plusSeconds(60);
      b.apply(reserve("r" + i, "run-" + (i % 3), t, 30));
      if (i % 5 != 4) {
        b.apply(new LedgerEntry.Settled("r" + i, 1_000L * i, t.plusSeconds(1)));
        b.dropIndexed(-1, r -> true);
      } else if (i % 10 == 4) {
        b.apply(new LedgerEntry.Released("r" + i, t.plusSeconds(1)));
      }
    }
    b.prune();
    Book rebuilt = new Book();
    b.entries().forEach(rebuilt::apply);
    rebuilt.dropIndexed(-1, r -> true);
    assertEquals(b.size(), rebuilt.size());
    assertTrue(b.size() < 50, "something was pruned: " + b.size());
    for (int run = 0; run < 3; run++) {
      Scope s = new Scope(ScopeKind.RUN, "run-" + run, Long.MAX_VALUE, null, null);
      Instant now = t;
      assertEquals(
          b.tally(List.of(s), Map.of(), now, x -> 0).get(0),
          rebuilt.tally(List.of(s), Map.of(), now, x -> 0).get(0),
          "run-" + run);
    }
    for (int i = 0; i < 50; i++) {
      assertEquals(b.byId("r" + i), rebuilt.byId("r" + i), "r" + i);
      assertEquals(b.byReqId("req-r" + i), rebuilt.byReqId("req-r" + i));
    }
  }

  @Test
  void pruningCostsLittlePerEntryWhenNothingCanBeForgotten() {
    // A fixed clock (a test, a replay of one busy minute): every reservation must be kept.
    Book b = new Book();
    int n = 200_000;
    for (int i = 0; i < n; i++) {
      b.apply(reserve("r" + i, null, T0, 60));
    }
    assertEquals(n, b.size());
    // Pruning every 8,192 entries regardless walked about 12 n here.
    assertTrue(b.walked <= 4L * n, "prunes walked " + b.walked + " reservations for " + n);
  }

  @Test
  void keepsAtMostTheNewestClosedReservationsWhateverTheirAge() {
    // Thousands of settles a second (one instant here): ten minutes of them would not fit a heap.
    Book b = new Book();
    int n = Book.MAX_CLOSED + 20_000;
    for (int i = 0; i < n; i++) {
      b.apply(reserve("r" + i, "run-" + (i % 2), T0, 60));
      b.apply(new LedgerEntry.Settled("r" + i, 10, T0));
      if (i != 7) {
        String id = "r" + i;
        b.dropIndexed(-1, r -> r.id().equals(id)); // r7's event is not in the index yet
      }
      if (i == 8) {
        b.apply(reserve("open", null, T0, 60));
      }
    }
    assertTrue(
        b.size() <= Book.MAX_CLOSED + 1024 + 2, "the book holds " + b.size() + " reservations");
    assertTrue(b.byId("r" + (n - 1)).isPresent() && b.byReqId("req-r" + (n - 1)).isPresent());
    assertTrue(b.byId("r8").isEmpty() && b.byReqId("req-r8").isEmpty(), "the oldest went first");
    assertTrue(b.byId("r7").isPresent(), "a settle the index does not show still counts");
    assertTrue(b.byId("open").isPresent(), "an open reservation is not closed");
    assertEquals(5L * n, runSettled(b, T0), "run-0's settles all count");

    Book rebuilt = new Book();
    b.entries().forEach(rebuilt::apply);
    assertEquals(5L * n, runSettled(rebuilt, T0), "and still do from the compacted entries");
  }

  @Test
  void forgetsTheOldestClosedReservationsAFewDozenAtATime() {
    // A pass runs under the ledger's lock: passes of 1,024 took about a millisecond each, five
    // times a second at 5,000 settles a second, and held up every reserve queued meanwhile.
    Book b = new Book();
    int n = Book.MAX_CLOSED + 10_000;
    int most = 0;
    int least = Integer.MAX_VALUE;
    for (int i = 0; i < n; i++) {
      b.apply(reserve("r" + i, null, T0, 60));
      b.apply(new LedgerEntry.Settled("r" + i, 10, T0));
      String id = "r" + i;
      b.dropIndexed(-1, r -> r.id().equals(id));
      most = Math.max(most, b.size());
      if (i >= Book.MAX_CLOSED) {
        least = Math.min(least, b.size());
      }
    }
    assertTrue(most <= Book.MAX_CLOSED + 64 + 1, "the book held " + most + " (one open)");
    assertEquals(Book.MAX_CLOSED, least, "a pass forgets down to the bound, no further");
    assertTrue(b.forgetPasses >= 10_000 / 65, "passes: " + b.forgetPasses);
    assertTrue(b.byId("r" + (n - 1)).isPresent() && b.byId("r9000").isEmpty());
  }

  @Test
  void aBookReadBeforeTheIndexWasAskedDoesNotWalkItsClosedReservationsAtEachClosing() {
    // A process opening a long ledger: every settle in it is pending until the gate first asks the
    // index, so none may be forgotten, and a release now and then may.
    Book b = new Book();
    int n = Book.MAX_CLOSED + 50_000;
    for (int i = 0; i < n; i++) {
      b.apply(reserve("r" + i, "run-" + (i % 2), T0, 60));
      if (i % 1000 == 999) {
        b.apply(new LedgerEntry.Released("r" + i, T0));
      } else {
        b.apply(new LedgerEntry.Settled("r" + i, 10, T0));
      }
    }
    // Past the bound by 50,000: a pass per closing made 50,000 passes over 100,000 and more.
    assertTrue(b.forgetPasses <= 50_000 / 1024 + 2, "passes: " + b.forgetPasses);
    assertTrue(b.byId("r998").isPresent(), "a settle the index does not show still counts");
    assertTrue(b.byId("r999").isEmpty(), "the oldest release went");
    assertEquals(10L * (n / 2 - n / 1000), runSettled(b, T0), "every settle of run-1 counts");
    // Once the index shows them, the next closing forgets back down to the bound.
    b.dropIndexed(-1, r -> true);
    b.apply(reserve("next", null, T0, 60));
    b.apply(new LedgerEntry.Settled("next", 10, T0));
    assertTrue(b.size() <= Book.MAX_CLOSED + 1, "the book holds " + b.size() + " reservations");
    assertTrue(b.byId("r" + (n - 1)).isPresent(), "the newest stay");
  }

  @Test
  void keepsClosedReservationsOnlyWhileTheirNamesFitTheirBytes() {
    // Names of 256 characters, 640 bytes: a hundred thousand reservations would take 190 MB.
    String wide = "é€".repeat(128);
    Book b = new Book();
    int n = 40_000;
    int most = 0;
    int least = Integer.MAX_VALUE;
    for (int i = 0; i < n; i++) {
      b.apply(
          new LedgerEntry.Reserved(
              "r" + i, wide + i, wide, i == 5 ? "run-5" : wide, 1, T0, T0.plusSeconds(60)));
      b.apply(new LedgerEntry.Settled("r" + i, 10, T0));
      if (i != 5) {
        String id = "r" + i;
        b.dropIndexed(-1, r -> r.id().equals(id)); // r5's event is not in the index yet
      }
      if (b.forgetPasses > 0) {
        most = Math.max(most, b.size());
        least = Math.min(least, b.size());
      }
    }
    long atMost = Book.MAX_CLOSED_TEXT / (3 * 640) + 1; // three such names each, and more
    assertTrue(b.size() <= atMost, "the book holds " + b.size() + " reservations");
    // A quarter of a megabyte of strings a pass: about 136 such reservations, not thousands.
    assertTrue(most - least <= 200, "a pass forgot " + (most - least) + " reservations at once");
    assertTrue(b.byId("r" + (n - 1)).isPresent() && b.byReqId(wide + (n - 1)).isPresent());
    assertTrue(b.byId("r6").isEmpty() && b.byReqId(wide + 6).isEmpty(), "the oldest went first");
    assertTrue(b.byId("r5").isPresent(), "a settle the index does not show still counts");
  }

  @Test
  void whatAPruneWouldForgetIsUnknownBeforeThePruneRuns() {
    // Two processes prune at different times; their decisions must not differ for it.
    Book b = new Book();
    b.apply(reserve("late", "run-1", T0, 60));
    Instant past = T0.plusSeconds(60).plus(Book.KEEP_EXPIRED).plusSeconds(1);
    b.apply(reserve("now", null, past, 60)); // moves the ledger's clock; no prune runs
    assertTrue(b.byId("late").isEmpty(), "an hour past its expiry it cannot be settled");
    assertTrue(b.byReqId("req-late").isEmpty());
    assertTrue(b.byId("now").isPresent());
    // Its req_id reserved anew: the new reservation is the one the book holds.
    b.apply(new LedgerEntry.Reserved("again", "req-late", "a", null, 1_000, past, past));
    assertEquals("again", b.byReqId("req-late").orElseThrow().id());
    b.apply(new LedgerEntry.Settled("again", 4_000, past));
    assertEquals(Reservation.State.SETTLED, b.byId("again").orElseThrow().state());
  }

  @Test
  void aReqIdReservedAnewByAWriterThatForgotItNamesTheNewReservationInEveryBook() {
    // Another process, past the cap, forgot "old" and granted req-x again; this book still holds
    // it. Both books must hold the new one, or this one would miss its hold and its settle.
    Book b = new Book();
    b.apply(reserve("old", "run-1", T0, 60));
    b.apply(new LedgerEntry.Settled("old", 2_000, T0));
    b.apply(
        new LedgerEntry.Reserved("new", "req-old", "a", "run-1", 5_000, T0, T0.plusSeconds(60)));
    assertEquals("new", b.byReqId("req-old").orElseThrow().id());
    assertEquals(5_000, b.tally(List.of(RUN), Map.of(), T0, s -> 0).get(0).reservedNanos());
    b.apply(new LedgerEntry.Settled("new", 3_000, T0));
    assertEquals(5_000, runSettled(b, T0), "both settles count for the run");
    // A compacted ledger keeps the lines' order: the req_id still names the later one.
    Book rebuilt = new Book();
    b.entries().forEach(rebuilt::apply);
    assertEquals("new", rebuilt.byReqId("req-old").orElseThrow().id());
    assertEquals(5_000, runSettled(rebuilt, T0));
  }

  @Test
  void runTotalsNeverWrap() {
    Book b = new Book();
    b.apply(new LedgerEntry.RunTotal("run-1", Long.MAX_VALUE - 10, T0));
    b.apply(reserve("x", "run-1", T0, 60));
    b.apply(new LedgerEntry.Settled("x", 1_000_000_000_000_000L, T0));
    assertEquals(Long.MAX_VALUE, runSettled(b, T0));
  }
}

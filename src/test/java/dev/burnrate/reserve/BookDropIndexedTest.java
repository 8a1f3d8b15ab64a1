package dev.burnrate.reserve;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * {@link Book#dropIndexed} asks about every pending settle when the index changed, and only about
 * the new ones when it did not; either way the settles counted are exactly those not indexed.
 */
class BookDropIndexedTest {
  static final Instant T0 = Instant.parse("2026-02-23T12:00:00Z");
  static final Scope AGENT =
      new Scope(ScopeKind.AGENT_MONTH, "a", 1_000_000_000_000L, T0.minusSeconds(86_400), null);

  final Book book = new Book();
  final Set<String> inIndex = new HashSet<>();
  final List<String> asked = new ArrayList<>();

  void settle(String id, long nanos) {
    book.apply(new LedgerEntry.Reserved(id, "req-" + id, "a", null, nanos, T0, T0.plusSeconds(60)));
    book.apply(new LedgerEntry.Settled(id, nanos, T0));
  }

  void drop(long additions) {
    asked.clear();
    book.dropIndexed(
        additions,
        r -> {
          asked.add(r.id());
          return inIndex.contains(r.id());
        });
  }

  long counted() {
    return book.tally(List.of(AGENT), Map.of(), T0, s -> 0).get(0).settledNanos();
  }

  @Test
  void asksOnlyAboutNewSettlesWhileTheIndexIsUnchanged() {
    settle("s1", 1);
    settle("s2", 10);
    drop(5);
    assertEquals(List.of("s1", "s2"), asked, "the first look asks about every one");
    assertEquals(11, counted());

    settle("s3", 100);
    drop(5);
    assertEquals(List.of("s3"), asked, "the index did not change: only the new settle");
    assertEquals(111, counted());

    drop(5);
    assertEquals(List.of(), asked);

    inIndex.add("s1");
    inIndex.add("s3");
    drop(6);
    assertEquals(List.of("s1", "s2", "s3"), asked, "the index changed: every pending settle");
    assertEquals(10, counted(), "s1 and s3 count in the index now, s2 still here");

    settle("s4", 1_000);
    inIndex.add("s4"); // indexed before this look, as another process's settle can be
    drop(6);
    assertEquals(List.of("s4"), asked);
    assertEquals(10, counted());
  }

  @Test
  void aLookAfterManySettlesWithoutOneAsksAboutAllOfThem() {
    drop(1);
    int n = 5_000; // more than the unchecked settles the book keeps
    for (int i = 0; i < n; i++) {
      settle("s" + i, 1);
    }
    inIndex.add("s0");
    drop(1);
    assertEquals(n, asked.size());
    assertEquals(n - 1, counted());
  }
}

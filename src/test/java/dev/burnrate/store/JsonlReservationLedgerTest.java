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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What only the JSONL ledger has to get right (the rest is {@link ReservationLedgerContract}): a
 * torn tail is skipped once, and what follows it counts.
 */
class JsonlReservationLedgerTest {
  static final Instant NOW = Instant.parse("2026-02-23T12:00:00Z");
  @TempDir Path data;

  static LedgerEntry.Reserved reserved(String id) {
    return new LedgerEntry.Reserved(id, "req-" + id, "a", null, 1, NOW, NOW.plusSeconds(60));
  }

  @Test
  void everyEntryReadsBackAsWrittenWhateverItsNamesHold() throws Exception {
    String hostile = "a\"b\\c\n\u0000\u2028é😀</script>";
    Instant at = Instant.parse("2026-02-23T12:00:00.123456Z");
    for (LedgerEntry e :
        java.util.List.of(
            new LedgerEntry.Reserved("rsv_1", hostile, hostile, hostile, 7, at, at.plusSeconds(9)),
            new LedgerEntry.Reserved("rsv_2", "r", "a", null, Long.MAX_VALUE, at, at),
            new LedgerEntry.Settled("rsv_1", 0, at),
            new LedgerEntry.Released(hostile, at))) {
      String line = LedgerLines.line(e);
      assertTrue(line.indexOf('\n') < 0, "one line: " + line);
      assertEquals(e, LedgerLines.parse(dev.burnrate.wire.Wire.MAPPER.readTree(line)));
    }
  }

  @Test
  void namesWrittenWholeAreWrittenAsJsonWouldEscapeThem() throws Exception {
    // Every character from 0 to 0x2000 and a few beyond, alone and inside a name, one way or the
    // other: the line must be the one the JSON encoder writes, and read back as the same entry.
    com.fasterxml.jackson.core.io.JsonStringEncoder json =
        com.fasterxml.jackson.core.io.JsonStringEncoder.getInstance();
    java.util.List<String> names = new java.util.ArrayList<>();
    for (int c = 0; c < 0x2000; c++) {
      names.add(String.valueOf((char) c));
      names.add("agent-" + (char) c + "-x");
    }
    names.addAll(java.util.List.of("", "plain-agent_1.2/3", "😀", "\u2028", "a\"b", "a\\b"));
    for (String name : names) {
      LedgerEntry.Reserved e =
          new LedgerEntry.Reserved("id", "req", name, null, 1, NOW, NOW.plusSeconds(1));
      String line = LedgerLines.line(e);
      String expected = "\"agent_id\":\"" + new String(json.quoteAsString(name)) + "\"";
      assertTrue(line.contains(expected), "name " + name.chars().boxed().toList() + ": " + line);
      assertEquals(e, LedgerLines.parse(dev.burnrate.wire.Wire.MAPPER.readTree(line)));
      boolean plain = name.chars().allMatch(c -> c >= 0x20 && c <= 0x7e && c != '"' && c != '\\');
      assertEquals(plain, LedgerLines.needsNoEscape(name), "name " + name);
    }
  }

  private static long runTotal(JsonlReservationLedger l, String run, Instant now) throws Exception {
    dev.burnrate.reserve.Scope s =
        new dev.burnrate.reserve.Scope(
            dev.burnrate.reserve.ScopeKind.RUN, run, Long.MAX_VALUE, null, null);
    return l.read(b -> b.tally(java.util.List.of(s), java.util.Map.of(), now, x -> 0))
        .get(0)
        .settledNanos();
  }

  @Test
  @org.junit.jupiter.api.Timeout(60) // a compaction holding the lock while written: turns wait
  void turnsGoOnWhileACompactionIsWrittenAndItKeepsWhatTheyAppended() throws Exception {
    java.util.concurrent.CountDownLatch written = new java.util.concurrent.CountDownLatch(1);
    java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
    Instant end = NOW.plusSeconds(3_600);
    try (JsonlReservationLedger a = JsonlReservationLedger.open(data);
        JsonlReservationLedger b = JsonlReservationLedger.open(data)) {
      for (int i = 0; i < 50; i++) {
        LedgerEntry.Reserved r =
            new LedgerEntry.Reserved(
                "old-" + i, "req-old-" + i, "a", "run", 1, NOW, NOW.plusSeconds(30));
        a.update(book -> Change.append(r, null));
        a.update(book -> Change.append(new LedgerEntry.Settled(r.id(), 2, NOW), null));
      }
      // The index shows their settles' events (the gate marks them): the prune may forget them.
      a.update(
          book -> {
            book.dropIndexed(-1, x -> true);
            return Change.none(null);
          });
      a.beforeSwap =
          () -> {
            written.countDown();
            try {
              release.await();
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
          };
      // Before the lock is taken, the compaction copies the whole lines appended since it began;
      // a line torn by a crashed writer stops that copy, and the rest is copied under the lock.
      LedgerEntry.Reserved early =
          new LedgerEntry.Reserved("early", "req-e", "b", "run", 1, end, end.plusSeconds(30));
      a.beforeCopy =
          () -> {
            try {
              b.update(book -> Change.append(early, null));
              b.update(book -> Change.append(new LedgerEntry.Settled("early", 3, end), null));
              Files.writeString(
                  data.resolve("reservations/ledger.jsonl"),
                  "{\"op\":\"settle\",\"id\":\"ear",
                  StandardOpenOption.APPEND);
            } catch (Exception e) {
              throw new IllegalStateException(e);
            }
          };
      a.compactAfter(0);
      LedgerEntry.Reserved start =
          new LedgerEntry.Reserved("start", "req-start", "a", "run", 1, end, end.plusSeconds(30));
      a.update(book -> Change.append(start, null)); // starts a compaction, which waits
      assertTrue(written.await(10, java.util.concurrent.TimeUnit.SECONDS), "no compaction began");
      // Both writers' turns go on meanwhile, and what they append reaches the compacted file.
      LedgerEntry.Reserved during =
          new LedgerEntry.Reserved("during", "req-d", "b", "run", 1, end, end.plusSeconds(30));
      b.update(book -> Change.append(during, null));
      a.update(book -> Change.append(new LedgerEntry.Settled("start", 5, end), null));
      b.update(book -> Change.append(new LedgerEntry.Settled("during", 7, end), null));
      release.countDown();
      a.awaitCompaction();
      long read = a.linesRead;
      a.update(book -> Change.none(null));
      assertEquals(read + 1, a.linesRead, "a read more than b's last line, which it had not seen");
      assertEquals(2L * 50 + 3 + 5 + 7, runTotal(a, "run", end.plusSeconds(1)), "a's book");
      assertEquals(2L * 50 + 3 + 5 + 7, runTotal(b, "run", end.plusSeconds(1)), "b, after swap");
    }
    try (JsonlReservationLedger fresh = JsonlReservationLedger.open(data)) {
      assertEquals(2L * 50 + 3 + 5 + 7, runTotal(fresh, "run", end.plusSeconds(1)), "read afresh");
      assertTrue((boolean) fresh.read(book -> book.byId("during").isPresent()));
      assertTrue((boolean) fresh.read(book -> book.byId("early").isPresent()));
      assertEquals(1, fresh.unreadableLines(), "the torn line, copied as it was");
      assertTrue(
          Files.readAllLines(data.resolve("reservations/ledger.jsonl")).size() < 100,
          "the file was compacted");
    }
  }

  @Test
  void aCompactionComesOnceTheFileGrewByWhatItHeldAfterTheLastOne() throws Exception {
    Path file = data.resolve("reservations/ledger.jsonl");
    Instant end = NOW.plusSeconds(3_600);
    try (JsonlReservationLedger ledger = JsonlReservationLedger.open(data)) {
      ledger.compactAfter(2_000, true);
      long compactedTo = 0;
      int n = 0;
      for (int round = 0; round < 4; round++) {
        long compactions = ledger.compactions();
        long before = 0;
        while (ledger.compactions() == compactions) {
          before = Files.size(file);
          LedgerEntry.Reserved r =
              new LedgerEntry.Reserved("r" + n, "req-r" + n, "a", "run", 1, NOW, end);
          n++;
          ledger.update(book -> Change.append(r, null)); // open reservations: all kept
          ledger.awaitCompaction();
          assertTrue(n < 10_000, "no compaction in round " + round);
        }
        // It came with the append that took the growth past both the floor and what was there.
        long grownBefore = before - compactedTo;
        assertTrue(
            grownBefore <= Math.max(2_000, compactedTo),
            "round " + round + ": late, grown " + grownBefore + " over " + compactedTo);
        assertTrue(
            grownBefore + 300 > Math.max(2_000, compactedTo),
            "round " + round + ": early, grown " + grownBefore + " over " + compactedTo);
        compactedTo = Files.size(file);
      }
      assertTrue(compactedTo > 8_000, "the kept entries grew past the floor: " + compactedTo);
      // Grown by most of what it held, but not compacted yet when the process stops.
      while (Files.size(file) - compactedTo < compactedTo * 3 / 4) {
        LedgerEntry.Reserved r =
            new LedgerEntry.Reserved("r" + n, "req-r" + n, "a", "run", 1, NOW, end);
        n++;
        ledger.update(book -> Change.append(r, null));
      }
    }
    // A process that opens it cannot tell what the last compaction wrote; it takes half the file
    // for it, so a ledger whose processes restart often is still compacted.
    try (JsonlReservationLedger next = JsonlReservationLedger.open(data)) {
      next.compactAfter(2_000, true);
      next.update(book -> Change.append(reserved("after-restart"), null));
      next.awaitCompaction();
      assertEquals(1, next.compactions(), "not compacted after the restart");
    }
  }

  @Test
  void aCompactionCopiesAheadOnlyWholeLines() throws Exception {
    Path src = data.resolve("src");
    Path dst = data.resolve("dst");
    String partial = "x".repeat(20_000); // a write under way, longer than one look back
    Files.writeString(src, "head\nl1\nl2\n" + partial);
    try (java.nio.channels.FileChannel in = java.nio.channels.FileChannel.open(src);
        java.nio.channels.FileChannel out =
            java.nio.channels.FileChannel.open(
                dst, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
      assertEquals(11, JsonlReservationLedger.copyWholeLines(in, 5, out));
      assertEquals("l1\nl2\n", Files.readString(dst));
      assertEquals(11, JsonlReservationLedger.copyWholeLines(in, 11, out), "no newline after");
      assertEquals("l1\nl2\n", Files.readString(dst));
    }
  }

  @Test
  void compactionShrinksTheFileWhileTwoWritersKeepEveryRunsSpend() throws Exception {
    Path file = data.resolve("reservations/ledger.jsonl");
    int perThread = 400;
    java.util.concurrent.atomic.AtomicLong written = new java.util.concurrent.atomic.AtomicLong();
    java.util.Queue<Exception> failures = new java.util.concurrent.ConcurrentLinkedQueue<>();
    try (JsonlReservationLedger a = JsonlReservationLedger.open(data);
        JsonlReservationLedger b = JsonlReservationLedger.open(data)) {
      a.compactAfter(4_000);
      b.compactAfter(6_000);
      java.util.List<Thread> threads = new java.util.ArrayList<>();
      for (int t = 0; t < 4; t++) {
        JsonlReservationLedger l = t % 2 == 0 ? a : b;
        String thread = "t" + t;
        threads.add(
            new Thread(
                () -> {
                  try {
                    for (int i = 0; i < perThread; i++) {
                      // The ledger's clock moves a minute per step: old entries become prunable.
                      Instant at = NOW.plusSeconds(60L * i);
                      String id = thread + "-" + i;
                      // A day's TTL: each thread has its own clock, and one that lags an hour
                      // behind the others would see its open reservation stale (forgotten).
                      LedgerEntry.Reserved r =
                          new LedgerEntry.Reserved(
                              id, "req-" + id, "a", "run-" + thread, 1, at, at.plusSeconds(86_400));
                      l.update(book -> Change.append(r, null));
                      l.update(book -> Change.append(new LedgerEntry.Settled(id, 3, at), null));
                      // Each process's index shows every settle's event soon (the gate marks them).
                      l.update(
                          book -> {
                            book.dropIndexed(-1, x -> true);
                            return Change.none(null);
                          });
                      written.addAndGet(2);
                    }
                  } catch (Exception e) {
                    failures.add(e);
                  }
                }));
      }
      threads.forEach(Thread::start);
      for (Thread t : threads) {
        t.join();
      }
      assertTrue(failures.isEmpty(), "a writer failed: " + failures);
      a.awaitCompaction();
      b.awaitCompaction();
      long lines = Files.readAllLines(file).size();
      assertTrue(lines < written.get() / 4, lines + " lines left of " + written.get());
      Instant end = NOW.plusSeconds(60L * perThread);
      for (int t = 0; t < 4; t++) {
        assertEquals(3L * perThread, runTotal(a, "run-t" + t, end), "a, run-t" + t);
        assertEquals(3L * perThread, runTotal(b, "run-t" + t, end), "b, run-t" + t);
      }
      String last = "t0-" + (perThread - 1);
      assertTrue((boolean) b.read(book -> book.byId(last).isPresent()), "recent ones are kept");
      assertTrue((boolean) a.read(book -> book.byId("t1-0").isEmpty()), "old ones are not");
      // The writer whose file was replaced under it still appends where everyone reads.
      Object before =
          Files.readAttributes(file, java.nio.file.attribute.BasicFileAttributes.class).fileKey();
      long compactedByA = a.compactions();
      a.compactAfter(0);
      // A turn compacts once the file grew since it was last compacted (by either writer): append.
      LedgerEntry.Reserved nudge =
          new LedgerEntry.Reserved("nudge", "req-nudge", "a", null, 1, end, end.plusSeconds(30));
      a.update(book -> Change.append(nudge, null));
      a.awaitCompaction(); // written off the turn, by a thread of its own
      assertTrue(
          !before.equals(
              Files.readAttributes(file, java.nio.file.attribute.BasicFileAttributes.class)
                  .fileKey()),
          "a compacted: a new file");
      assertEquals(compactedByA + 1, a.compactions(), "a counts the compaction it finished");
      // a wrote the new file from its book: it does not read it back.
      long read = a.linesRead;
      a.update(book -> Change.none(null));
      assertEquals(read, a.linesRead, "a re-read the file it compacted");
      LedgerEntry.Reserved after =
          new LedgerEntry.Reserved("after", "req-after", "a", null, 1, end, end.plusSeconds(30));
      b.update(book -> Change.append(after, null));
      assertTrue((boolean) a.read(book -> book.byId("after").isPresent()));
      assertEquals(read + 1, a.linesRead, "a read only b's line");
    }
    try (JsonlReservationLedger fresh = JsonlReservationLedger.open(data)) {
      Instant end = NOW.plusSeconds(60L * perThread);
      for (int t = 0; t < 4; t++) {
        assertEquals(3L * perThread, runTotal(fresh, "run-t" + t, end), "reopened, run-t" + t);
      }
      assertEquals(0, fresh.unreadableLines());
    }
    try (java.util.stream.Stream<Path> left = Files.list(data.resolve("reservations"))) {
      assertEquals(
          java.util.List.of("ledger.jsonl"),
          left.map(p -> p.getFileName().toString()).toList(),
          "a compaction's file left behind");
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

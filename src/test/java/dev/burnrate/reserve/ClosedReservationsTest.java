package dev.burnrate.reserve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The compact store of closed reservations answers as a plain map would: by id, by req_id (the one
 * its req_id names), in close order for forgetting, and in reserve-line order for compaction,
 * through dead slots and rebuilds of its ring.
 */
class ClosedReservationsTest {
  static final Instant T0 = Instant.parse("2026-02-23T12:00:00.123456789Z");

  /**
   * The model: reservations in close order, the req_ids that name one, and reserve-line numbers.
   */
  final LinkedHashMap<String, Reservation> byId = new LinkedHashMap<>();

  final Map<String, String> named = new HashMap<>();
  final Map<String, Long> seqOf = new HashMap<>();
  final ClosedReservations store = new ClosedReservations();

  static Reservation closed(int i, String reqId, Reservation.State state, int run) {
    Instant at = T0.plusNanos(1_000_003L * i);
    return new Reservation(
            "rsv_" + i,
            reqId,
            "agent-é-" + (i % 7),
            run < 0 ? null : "run-" + run,
            1_000L * i,
            at,
            at.plusSeconds(60),
            Reservation.State.OPEN,
            -1,
            null)
        .closed(state, state == Reservation.State.SETTLED ? 7L * i : -1, at.plusMillis(5));
  }

  void add(Reservation r, long seq, boolean isNamed) {
    store.add(r, seq, isNamed);
    byId.put(r.id(), r);
    seqOf.put(r.id(), seq);
    if (isNamed) {
      named.put(r.reqId(), r.id());
    }
  }

  /** What a snapshot showed when it was taken, in reserve-line order. */
  List<Reservation> expectedSnapshot() {
    List<Reservation> all = new ArrayList<>(byId.values());
    all.sort((a, b) -> Long.compare(seqOf.get(a.id()), seqOf.get(b.id())));
    return all;
  }

  static List<Reservation> read(ClosedReservations.Snapshot snap) {
    List<Reservation> out = new ArrayList<>();
    for (int s : snap.bySeq()) {
      out.add(snap.reservation(s));
    }
    return out;
  }

  void check() {
    assertEquals(byId.size(), store.size());
    for (Reservation r : byId.values()) {
      assertEquals(r, store.get(r.id()));
    }
    for (Map.Entry<String, String> n : named.entrySet()) {
      assertEquals(byId.get(n.getValue()), store.byReqId(n.getKey()), n.getKey());
    }
    ClosedReservations.Snapshot snap = store.snapshot();
    int[] slots = snap.bySeq();
    List<String> ids = new ArrayList<>();
    for (int s : slots) {
      ids.add(snap.reservation(s).id());
    }
    List<String> expected = new ArrayList<>(byId.keySet());
    expected.sort((a, b) -> Long.compare(seqOf.get(a), seqOf.get(b)));
    assertEquals(expected, ids);
    store.release(snap);
  }

  @Test
  void answersAsAMapThroughRandomAddsClosesAgainAndForgetting() {
    Random rnd = new Random(42);
    long seq = 0;
    int next = 0;
    ClosedReservations.Snapshot snap = null;
    List<Reservation> snapWas = null;
    ClosedReservations.Snapshot older = null;
    List<Reservation> olderWas = null;
    for (int step = 0; step < 20_000; step++) {
      if (step % 1_500 == 0) {
        if (snap != null) {
          assertEquals(snapWas, read(snap), "a snapshot shows what was held when it was taken");
          if (step % 3_000 == 0) {
            store.release(snap); // the next overlaps the one before now and then
            store.release(snap);
            if (older != null) {
              assertEquals(olderWas, read(older), "an older snapshot still out");
              store.release(older);
            }
            older = null;
          } else {
            older = snap;
            olderWas = snapWas;
          }
        }
        snap = store.snapshot();
        snapWas = expectedSnapshot();
      }
      int op = rnd.nextInt(100);
      if (op < 60 || byId.isEmpty()) {
        String req = "req-" + rnd.nextInt(3_000); // req_ids repeat now and then
        Reservation.State st =
            rnd.nextBoolean() ? Reservation.State.SETTLED : Reservation.State.RELEASED;
        boolean isNamed = rnd.nextInt(10) > 0;
        if (isNamed) {
          String before = named.remove(req);
          if (before != null) {
            store.unname(req); // the caller unnames before naming, as the book does
          }
        }
        add(closed(next++, req, st, rnd.nextInt(4) - 1), seq += 1 + rnd.nextInt(3), isNamed);
      } else if (op < 70) {
        // A later reserve line takes the req_id of one held.
        Reservation r = pick(rnd);
        named.remove(r.reqId());
        store.unname(r.reqId());
      } else if (op < 78) {
        Reservation r = pick(rnd);
        if (r.state() == Reservation.State.RELEASED) {
          Reservation again = r.closed(Reservation.State.SETTLED, 11, r.closedAt().plusSeconds(1));
          store.reclose(again);
          byId.remove(r.id());
          byId.put(again.id(), again); // closed again: the newest
        }
      } else if (op < 90) {
        int excess = rnd.nextInt(5);
        List<Reservation> gone = new ArrayList<>();
        store.forgetOldest(excess, Long.MAX_VALUE, id -> id.hashCode() % 5 == 0, gone::add);
        List<Reservation> expected = new ArrayList<>();
        for (Reservation r : byId.values()) {
          if (expected.size() == excess) {
            break;
          }
          if (r.id().hashCode() % 5 != 0) {
            expected.add(r);
          }
        }
        assertEquals(expected, gone, "the oldest, passing over those kept");
        gone.forEach(this::forget);
      } else {
        Instant cutoff = T0.plusNanos(1_000_003L * rnd.nextInt(Math.max(1, next)));
        List<Reservation> gone = new ArrayList<>();
        int n = store.forgetIf(cutoff, r -> r.actualNanos() % 2 == 0, gone::add);
        List<Reservation> expected =
            byId.values().stream()
                .filter(r -> r.closedAt().isBefore(cutoff) && r.actualNanos() % 2 == 0)
                .toList();
        assertEquals(expected.size(), n);
        assertEquals(expected, gone);
        gone.forEach(this::forget);
      }
      if (step % 500 == 0) {
        check();
      }
    }
    check();
    assertEquals(snapWas, read(snap));
  }

  private Reservation pick(Random rnd) {
    List<Reservation> all = new ArrayList<>(byId.values());
    return all.get(rnd.nextInt(all.size()));
  }

  private void forget(Reservation r) {
    byId.remove(r.id());
    named.remove(r.reqId(), r.id());
  }

  @Test
  void aSnapshotOutlivesTheRingWrappingAroundUnderIt() {
    int cap = 3_000; // as the book's cap: the oldest go as new ones come, so slots are reused
    long seq = 0;
    int next = 0;
    ClosedReservations.Snapshot snap = null;
    List<Reservation> snapWas = null;
    for (int i = 0; i < 30_000; i++) {
      add(closed(next++, "req-" + i, Reservation.State.SETTLED, -1), ++seq, true);
      if (store.size() > cap) {
        store.forgetOldest(store.size() - cap, Long.MAX_VALUE, id -> false, this::forget);
      }
      if (i == 5_000) {
        snap = store.snapshot();
        snapWas = expectedSnapshot();
      }
    }
    check();
    assertEquals(snapWas, read(snap), "every slot it showed was written over since");
  }

  @Test
  void ordersByReserveLineWhateverTheNumbersSize() {
    // Out of close order, and then past what shares a long with a slot's bits.
    long[] seqs = {40, 3, 17, 1L << 58, 5, Long.MAX_VALUE - 1, 1L << 40, 4};
    for (int i = 0; i < seqs.length; i++) {
      add(closed(i, "req-" + i, Reservation.State.SETTLED, -1), seqs[i], true);
      check();
    }
  }

  @Test
  void inASteadyStateReleasedSnapshotsLeaveNothingToAllocateOrCopy() {
    int cap = 3_000;
    long seq = 0;
    long allocatedBefore = -1;
    for (int i = 0; i < 60_000; i++) {
      add(closed(i, "req-" + i, Reservation.State.SETTLED, i % 5), ++seq, true);
      if (store.size() > cap) {
        store.forgetOldest(store.size() - cap, Long.MAX_VALUE, id -> false, this::forget);
      }
      if (i % 5_000 == 0) {
        ClosedReservations.Snapshot snap = store.snapshot();
        List<Reservation> was = expectedSnapshot();
        for (int k = 0; k < 2_000; k++) { // written over while it is out, then released
          add(closed(++i, "req-" + i, Reservation.State.RELEASED, -1), ++seq, true);
          store.forgetOldest(store.size() - cap, Long.MAX_VALUE, id -> false, this::forget);
        }
        assertEquals(was, read(snap));
        store.release(snap);
      }
      if (allocatedBefore < 0 && i >= 30_000) {
        allocatedBefore = store.allocations();
      }
    }
    check();
    assertEquals(allocatedBefore, store.allocations(), "pages and arenas are reused");
    long copied = store.copies;
    for (int i = 60_001; i < 80_000; i++) {
      add(closed(i, "req-" + i, Reservation.State.SETTLED, -1), ++seq, true);
      store.forgetOldest(store.size() - cap, Long.MAX_VALUE, id -> false, this::forget);
    }
    assertEquals(copied, store.copies, "no page is copied once its snapshots are released");
    check();
  }

  @Test
  void inASteadyStateOnlyTheStringsAreCopiedAndTheTablesStayPut() {
    // Forgotten from the ring's tail, the oldest free their slots at once and their strings only
    // at a copy: the strings' array fills first. Re-inserting every slot into both tables for it
    // held the ledger's lock for 30 ms at a hundred thousand reservations.
    int cap = ClosedReservations.PAGE * 3 / 2; // over pages a snapshot shares until written
    long seq = 0;
    long rebuilt = -1;
    long copiedStrings = -1;
    ClosedReservations.Snapshot snap = null;
    List<Reservation> snapWas = null;
    for (int i = 0; i < 120_000; i++) {
      add(closed(i, "req-" + i, Reservation.State.SETTLED, i % 3 - 1), ++seq, i % 4 > 0);
      if (store.size() > cap) {
        store.forgetOldest(store.size() - cap, Long.MAX_VALUE, id -> false, this::forget);
      }
      if (i % 1_000 == 0) { // each out across a thousand adds, some across a copy of the strings
        if (snap != null) {
          assertEquals(snapWas, read(snap), "a snapshot reads what was held when it was taken");
          store.release(snap);
        }
        snap = store.snapshot();
        snapWas = expectedSnapshot();
      }
      if (i == 20_000) {
        rebuilt = store.rebuilds;
        copiedStrings = store.arenaCompactions;
      }
      if (i % 7_500 == 0) {
        check();
      }
    }
    check();
    assertEquals(rebuilt, store.rebuilds, "no rebuild of the ring and its tables");
    assertTrue(
        store.arenaCompactions - copiedStrings >= 3,
        "copies of the strings: " + (store.arenaCompactions - copiedStrings));
  }

  @Test
  void unknownIdsAndReqIdsAreAbsent() {
    add(closed(1, "req-1", Reservation.State.SETTLED, 0), 1, true);
    assertNull(store.get("rsv_2"));
    assertNull(store.byReqId("req-2"));
    store.unname("req-1");
    assertNull(store.byReqId("req-1"), "a later reserve line took the req_id");
    assertEquals(byId.get("rsv_1"), store.get("rsv_1"), "still held by id");
  }

  @Test
  void keepsInstantsToTheNanosecondAndAnAbsentRun() {
    Reservation r = closed(3, "req-é", Reservation.State.RELEASED, -1);
    add(r, 9, true);
    Reservation back = store.get(r.id());
    assertEquals(r, back);
    assertNull(back.run());
  }
}

package dev.burnrate.reserve;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import java.util.function.ToLongFunction;

/**
 * The reservations replayed from the ledger, with what a decision needs kept at hand: the open
 * ones, the settled ones the event index may not show yet, and settled spend per run.
 *
 * <p>Transitions: a reserve opens; a settle closes an open (even expired) or released reservation
 * as spend, because the money was spent whatever the caller said before; a release closes an open
 * one; anything else (a second settle, a release after a settle) changes nothing, so replays and
 * retries are harmless. Not thread-safe: the ledger holds its lock around every use.
 *
 * <p>Bounded: after {@value #PRUNE_EVERY} entries, or half as many as it holds if that is more (so
 * a prune, which walks the book, costs O(1) per entry however much is kept), the book forgets what
 * no decision or retry can need any more ({@link #prune}), measured from the latest entry's time
 * (not the clock, so a ledger replayed later or under a fixed test clock keeps the same state). A
 * closed reservation is kept {@link #KEEP_CLOSED} for retried settles, releases and reserves with
 * its req_id, but at most the latest {@value #MAX_CLOSED} of them, and only as many as have {@value
 * #MAX_CLOSED_TEXT} bytes of ids and names (older ones go first as more close: at thousands of
 * settles a second, ten minutes of them would not fit a small heap, nor would a hundred thousand
 * with names of hundreds of characters); an unsettled one {@link #KEEP_EXPIRED} past its expiry, so
 * a late settle still counts; a settle the event index has not shown, and a run's settled total,
 * {@link #KEEP_RUNS} (past any month). A pruned settle of a run stays in the run's total. Closed
 * reservations are held in {@link ClosedReservations}, a few objects for all of them rather than a
 * dozen each.
 *
 * <p>(It is over the usual length because every transition, the pruning, the forgetting of the
 * oldest closed reservations and the compaction's entries keep the same maps in step; the closed
 * reservations and the open ones' sums already live in classes of their own.)
 */
public final class Book {
  /** The open reservations, in the order their reserve lines came. */
  private final Map<String, Reservation> byId = new LinkedHashMap<>();

  /** Per open reservation, its reserve line's number (see {@link #entries}). */
  private final Map<String, Long> seqOf = new HashMap<>();

  /** Reserve lines applied so far. */
  private long reserveLines;

  /** The req_ids that name an open reservation (see {@link #byReqId}). */
  private final Map<String, String> idByReq = new HashMap<>();

  private final OpenReservations open = new OpenReservations();
  private final Map<String, Reservation> unindexed = new LinkedHashMap<>();

  /**
   * Settles added to {@link #unindexed} since the last {@link #dropIndexed}, while the index has
   * not changed since it: only these can have become indexed meanwhile. Not kept while {@link
   * #checkedAdditions} is unknown (-1), when every unindexed settle is looked at anyway.
   */
  private final List<Reservation> unchecked = new ArrayList<>();

  /** The index's additions at the last {@link #dropIndexed}, or -1. */
  private long checkedAdditions = -1;

  /** Unchecked settles kept at most before the next look checks them all instead. */
  private static final int MAX_UNCHECKED = 4096;

  /** Closed reservations, in the order they closed (for forgetting the oldest past the cap). */
  private final ClosedReservations closed = new ClosedReservations();

  private final Map<String, Long> settledByRun = new HashMap<>();

  /** Per run, the settles pruned from the book (what a compacted ledger writes as a run total). */
  private final Map<String, Long> prunedByRun = new HashMap<>();

  private final Map<String, Instant> runLastAt = new HashMap<>();
  private Instant latest = Instant.MIN;
  private int sincePrune;

  /** Reservations looked at by prunes so far (what keeping them costs). */
  long walked;

  /** How long a settled or released reservation stays known. */
  public static final java.time.Duration KEEP_CLOSED = java.time.Duration.ofMinutes(10);

  /** How long past its expiry an unsettled reservation can still be settled. */
  public static final java.time.Duration KEEP_EXPIRED = java.time.Duration.ofHours(1);

  /** How long a run's total and a settle the index never showed are kept after their last use. */
  public static final java.time.Duration KEEP_RUNS = java.time.Duration.ofDays(35);

  static final int PRUNE_EVERY = 8192;

  /** Closed reservations kept at most, whatever their age (see the class comment). */
  public static final int MAX_CLOSED = 100_000;

  /**
   * Bytes of ids and names (UTF-8) the closed reservations keep at most: about seven times what a
   * hundred thousand of them with names of a few dozen characters take.
   */
  static final long MAX_CLOSED_TEXT = 64L << 20;

  /**
   * How far past {@link #MAX_CLOSED} the book runs before it forgets back down to it. A pass runs
   * under the ledger's lock, so it forgets a few dozen at a time: passes of 1,024 took 0.7 to 1.4
   * ms, five times a second at 5,000 settles a second, and held every reserve queued meanwhile.
   */
  private static final int FORGET_STEP = 64;

  /** Bytes of strings a pass forgets below {@link #MAX_CLOSED_TEXT} (as for FORGET_STEP). */
  private static final long FORGET_STEP_BYTES = MAX_CLOSED_TEXT / 256;

  /**
   * How many more closings (and a sixty-fourth of the bytes) the book waits for after a pass that
   * could not get down to the bounds because the oldest must be kept (see {@link
   * #forgetOldestClosed}).
   */
  private static final int CLOSED_SLACK = 1024;

  /**
   * Closed reservations, and bytes of their strings, past which {@link #apply} forgets the oldest:
   * raised while those it holds must all be kept (see {@link #forgetOldestClosed}), lowered again
   * when the index shows settles.
   */
  private int forgetAboveCount = MAX_CLOSED + FORGET_STEP;

  private long forgetAboveBytes = MAX_CLOSED_TEXT;

  /** Passes over the closed reservations to forget the oldest, so far (tests). */
  int forgetPasses;

  /**
   * Applies one ledger line; returns the reservation as it is afterwards (empty for an unknown id).
   */
  public Optional<Reservation> apply(LedgerEntry e) {
    if (e.at().isAfter(latest)) {
      latest = e.at();
    }
    if (++sincePrune >= Math.max(PRUNE_EVERY, size() / 2)) {
      prune();
    }
    if (e instanceof LedgerEntry.RunTotal t) {
      settledByRun.merge(t.id(), t.settledNanos(), Usd::plus);
      prunedByRun.merge(t.id(), t.settledNanos(), Usd::plus);
      runLastAt.merge(t.id(), t.at(), Book::later);
      return Optional.empty();
    }
    Reservation r = byId.get(e.id());
    if (r == null) {
      r = closed.get(e.id());
    }
    if (e instanceof LedgerEntry.Reserved n) {
      if (r != null) {
        return Optional.of(r); // a replayed line
      }
      r =
          new Reservation(
              n.id(),
              n.reqId(),
              n.agent(),
              n.run(),
              n.estimateNanos(),
              n.at(),
              n.expiresAt(),
              Reservation.State.OPEN,
              -1,
              null);
      // A req_id is reserved again only by a writer that no longer knew the earlier reservation
      // (stale, or past the cap): every book follows the writer, so the req_id names the later
      // line's reservation (entries() keeps the lines' order). The earlier one keeps counting as
      // what it is.
      closed.unname(n.reqId());
      idByReq.put(n.reqId(), n.id());
      seqOf.put(n.id(), ++reserveLines);
      byId.put(r.id(), r);
      open.add(r);
    } else if (e instanceof LedgerEntry.Settled s) {
      if (r == null || r.state() == Reservation.State.SETTLED) {
        return Optional.ofNullable(r);
      }
      boolean wasOpen = r.state() == Reservation.State.OPEN;
      r = r.closed(Reservation.State.SETTLED, s.actualNanos(), s.at());
      if (wasOpen) {
        close(r);
      } else {
        closed.reclose(r); // a settle after a release: closed again, now
      }
      unindexed.put(r.id(), r);
      if (checkedAdditions >= 0) {
        if (unchecked.size() < MAX_UNCHECKED) {
          unchecked.add(r);
        } else {
          unchecked.clear();
          checkedAdditions = -1;
        }
      }
      if (r.run() != null) {
        settledByRun.merge(r.run(), s.actualNanos(), Usd::plus);
        runLastAt.merge(r.run(), s.at(), Book::later);
      }
    } else if (e instanceof LedgerEntry.Released x) {
      if (r == null || r.state() != Reservation.State.OPEN) {
        return Optional.ofNullable(r);
      }
      r = r.closed(Reservation.State.RELEASED, -1, x.at());
      close(r);
    }
    if (closed.size() > forgetAboveCount || closed.textBytes() > forgetAboveBytes) {
      forgetOldestClosed();
    }
    return Optional.of(r);
  }

  /** {@code r}, open until now, is closed: it moves from the open ones to the closed ones. */
  private void close(Reservation r) {
    byId.remove(r.id());
    open.remove(r.id());
    Long seq = seqOf.remove(r.id());
    closed.add(r, seq == null ? 0 : seq, idByReq.remove(r.reqId(), r.id()));
  }

  /**
   * The reservation with this id, unless the book has forgotten it or would on its next prune: a
   * decision must not depend on when this process last pruned, or two processes sharing a ledger
   * could disagree (one accepting a late settle the other no longer knows).
   */
  public Optional<Reservation> byId(String id) {
    Reservation r = byId.get(id);
    return Optional.ofNullable(r != null ? r : closed.get(id)).filter(x -> !stale(x));
  }

  /**
   * As {@link #byId}, by the req_id it was reserved with: the reservation of the latest reserve
   * line with that req_id, unless that one was forgotten.
   */
  public Optional<Reservation> byReqId(String reqId) {
    String id = idByReq.get(reqId);
    Reservation r = id != null ? byId.get(id) : closed.byReqId(reqId);
    return Optional.ofNullable(r).filter(x -> !stale(x));
  }

  /**
   * Stops counting the settles whose events the index holds ({@code indexed} says which), so the
   * index counts them instead. {@code additions} is the index's {@link
   * dev.burnrate.engine.EventIndex#additions}, read before this call: while it is what it was at
   * the last call, only the settles added since are asked about; -1 (not known) asks about every
   * one. A reserve that asked about every pending settle did work in proportion to the settles not
   * indexed yet, on every decision.
   */
  public void dropIndexed(long additions, Predicate<Reservation> indexed) {
    int pending = unindexed.size();
    if (additions != checkedAdditions || checkedAdditions < 0) {
      unindexed.values().removeIf(indexed);
    } else {
      for (Reservation r : unchecked) {
        if (unindexed.get(r.id()) == r && indexed.test(r)) {
          unindexed.remove(r.id());
        }
      }
    }
    unchecked.clear();
    checkedAdditions = additions;
    if (unindexed.size() < pending) {
      forgetAboveCount = MAX_CLOSED + FORGET_STEP; // some kept ones may go now
      forgetAboveBytes = MAX_CLOSED_TEXT;
    }
  }

  /**
   * Every scope's tally at {@code now}: settled = {@code indexSettled} of the scope (0 is asked of
   * runs, which the index does not know) plus the settles the index does not show yet inside the
   * scope's window (for a run, every settle of it); reserved = every open, unexpired reservation
   * the scope covers. Expired reservations are dropped from the open set on the way.
   */
  public List<Tally> tally(
      List<Scope> scopes,
      Map<String, Set<String>> teamAgents,
      Instant now,
      ToLongFunction<Scope> indexSettled) {
    open.expire(now);
    List<Tally> out = new ArrayList<>(scopes.size());
    for (int i = 0; i < scopes.size(); i++) {
      Scope s = scopes.get(i);
      long reserved = open.reserved(s, teamAgents.getOrDefault(s.name(), Set.of()));
      long settled;
      if (s.kind() == ScopeKind.RUN) {
        settled = settledByRun.getOrDefault(s.name(), 0L);
      } else {
        settled = indexSettled.applyAsLong(s);
        Set<String> team = teamAgents.getOrDefault(s.name(), Set.of());
        for (Reservation r : unindexed.values()) {
          // No upper bound: a settle stamped after now (another process's clock ahead) still
          // counts.
          if (s.covers(r.agent(), r.run(), team) && !r.closedAt().isBefore(s.windowStart())) {
            settled = Usd.plus(settled, r.actualNanos());
          }
        }
      }
      out.add(new Tally(s, settled, reserved));
    }
    return out;
  }

  /**
   * Forgets what no decision or retry can need any more (see the class comment), as of the latest
   * entry; returns how many reservations and runs it forgot.
   */
  public int prune() {
    sincePrune = 0;
    walked += size();
    int forgotten = 0;
    for (Iterator<Reservation> it = byId.values().iterator(); it.hasNext(); ) {
      Reservation r = it.next();
      if (!stale(r)) {
        continue;
      }
      it.remove();
      forgotten(r);
      forgotten++;
    }
    // Closed ones are kept at least KEEP_CLOSED: only those closed before then can be stale.
    Instant cutoff;
    try {
      cutoff = latest.minus(KEEP_CLOSED);
    } catch (java.time.DateTimeException e) {
      cutoff = Instant.MIN; // no entry yet: nothing is old
    }
    forgotten += closed.forgetIf(cutoff, this::stale, this::forgotten);
    for (Iterator<Map.Entry<String, Instant>> it = runLastAt.entrySet().iterator();
        it.hasNext(); ) {
      Map.Entry<String, Instant> run = it.next();
      if (older(run.getValue(), KEEP_RUNS)) {
        it.remove();
        settledByRun.remove(run.getKey());
        prunedByRun.remove(run.getKey());
        forgotten++;
      }
    }
    return forgotten;
  }

  /** Whether {@link #prune} would forget {@code r} now (see the class comment). */
  private boolean stale(Reservation r) {
    return switch (r.state()) {
      case OPEN -> older(r.expiresAt(), KEEP_EXPIRED);
      case RELEASED -> older(r.closedAt(), KEEP_CLOSED);
      case SETTLED ->
          unindexed.containsKey(r.id())
              ? older(r.closedAt(), KEEP_RUNS)
              : older(r.closedAt(), KEEP_CLOSED);
    };
  }

  /**
   * Forgets the oldest closed reservations until {@link #MAX_CLOSED} are left and their strings
   * take {@link #FORGET_STEP_BYTES} less than {@link #MAX_CLOSED_TEXT} at most, except settles the
   * index does not show yet (their spend counts nowhere else).
   */
  private void forgetOldestClosed() {
    // Settles the index does not show yet are kept. A book read from a long ledger before the
    // index was asked holds every settle of it so: more than the bound, and each closing after that
    // walked them all again (a process opening 150,000 of them took minutes). So a pass runs only
    // when some closed reservation may go, and while the bound is still passed after it, the next
    // waits for another CLOSED_SLACK closings (or a sixty-fourth of the bytes), or for the index to
    // show settles (dropIndexed).
    if (closed.size() > unindexed.size()) {
      forgetPasses++;
      closed.forgetOldest(
          closed.size() - MAX_CLOSED,
          MAX_CLOSED_TEXT - FORGET_STEP_BYTES,
          unindexed::containsKey,
          this::forgotten);
    }
    forgetAboveCount =
        closed.size() <= MAX_CLOSED ? MAX_CLOSED + FORGET_STEP : closed.size() + CLOSED_SLACK;
    forgetAboveBytes =
        closed.textBytes() <= MAX_CLOSED_TEXT - FORGET_STEP_BYTES
            ? MAX_CLOSED_TEXT
            : closed.textBytes() + MAX_CLOSED_TEXT / 64;
  }

  /**
   * Drops every trace of {@code r} but its place in {@link #byId} or {@link #closed} (the
   * caller's), keeping its run's spend.
   */
  private void forgotten(Reservation r) {
    idByReq.remove(r.reqId(), r.id());
    seqOf.remove(r.id());
    open.remove(r.id());
    unindexed.remove(r.id());
    if (r.state() == Reservation.State.SETTLED && r.run() != null) {
      prunedByRun.merge(r.run(), r.actualNanos(), Usd::plus);
    }
  }

  private boolean older(Instant t, java.time.Duration keep) {
    return t.plus(keep).isBefore(latest);
  }

  private static Instant later(Instant a, Instant b) {
    return a.isAfter(b) ? a : b;
  }

  /**
   * The entries that rebuild this book as it is (after {@link #prune}, what a compacted ledger
   * holds): a total per run for its pruned settles, then each reservation's reserve line and its
   * settle or release.
   */
  public List<LedgerEntry> entries() {
    List<LedgerEntry> head = new ArrayList<>();
    prunedByRun.forEach(
        (run, nanos) -> head.add(new LedgerEntry.RunTotal(run, nanos, runLastAt.get(run))));
    List<Reservation> opened = new ArrayList<>(byId.values());
    long[] openedSeq = new long[opened.size()];
    for (int i = 0; i < openedSeq.length; i++) {
      openedSeq[i] = seqOf.get(opened.get(i).id());
    }
    ClosedReservations.Snapshot closedNow = closed.snapshot();
    return new Entries(head, opened, openedSeq, closedNow);
  }

  /**
   * {@code entries}, from {@link #entries}, will not be read again: what they keep from being
   * written over or reused can be. Another list, or entries released already, change nothing.
   */
  public void release(List<LedgerEntry> entries) {
    if (entries instanceof Entries e) {
      closed.release(e.closedNow);
    }
  }

  /**
   * {@link #entries}: made as they are read, in the order of their reserve lines. The compaction
   * that asks, under the ledger's lock, reads them once, after letting go of it: made all at once,
   * a hundred thousand closed reservations' entries were alive through a young collection, which
   * copied them all and paused every reserve for it. {@link #get} and {@link #size} make them all
   * once.
   */
  private static final class Entries extends java.util.AbstractList<LedgerEntry> {
    private final List<LedgerEntry> head;
    private final List<Reservation> opened;
    private final long[] openedSeq;
    private final ClosedReservations.Snapshot closedNow;
    private List<LedgerEntry> all;

    Entries(
        List<LedgerEntry> head,
        List<Reservation> opened,
        long[] openedSeq,
        ClosedReservations.Snapshot closedNow) {
      this.head = head;
      this.opened = opened;
      this.openedSeq = openedSeq;
      this.closedNow = closedNow;
    }

    @Override
    public java.util.Iterator<LedgerEntry> iterator() {
      int[] closedSlots = closedNow.bySeq();
      return new java.util.Iterator<>() {
        int h;
        int o;
        int c;
        LedgerEntry second;

        @Override
        public boolean hasNext() {
          return second != null || h < head.size() || o < opened.size() || c < closedSlots.length;
        }

        @Override
        public LedgerEntry next() {
          if (second != null) {
            LedgerEntry e = second;
            second = null;
            return e;
          }
          if (h < head.size()) {
            return head.get(h++);
          }
          if (o == opened.size() && c == closedSlots.length) {
            throw new java.util.NoSuchElementException();
          }
          boolean takeOpen =
              c == closedSlots.length
                  || (o < opened.size() && openedSeq[o] < closedNow.seq(closedSlots[c]));
          Reservation r = takeOpen ? opened.get(o++) : closedNow.reservation(closedSlots[c++]);
          if (r.state() == Reservation.State.SETTLED) {
            second = new LedgerEntry.Settled(r.id(), r.actualNanos(), r.closedAt());
          } else if (r.state() == Reservation.State.RELEASED) {
            second = new LedgerEntry.Released(r.id(), r.closedAt());
          }
          return r.reserved();
        }
      };
    }

    private synchronized List<LedgerEntry> all() {
      if (all == null) {
        List<LedgerEntry> out = new ArrayList<>();
        iterator().forEachRemaining(out::add);
        all = out;
      }
      return all;
    }

    @Override
    public LedgerEntry get(int i) {
      return all().get(i);
    }

    @Override
    public int size() {
      return all().size();
    }
  }

  /** Reservations the book holds, in any state. */
  public int size() {
    return byId.size() + closed.size();
  }

  /** Open, unexpired reservations at {@code now}. */
  public List<Reservation> open(Instant now) {
    return open.values().stream().filter(r -> r.holds(now)).toList();
  }
}

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
 * its req_id, but at most the latest {@value #MAX_CLOSED} of them (older ones go first as more
 * close: at thousands of settles a second, ten minutes of them would not fit a small heap); an
 * unsettled one {@link #KEEP_EXPIRED} past its expiry, so a late settle still counts; a settle the
 * event index has not shown, and a run's settled total, {@link #KEEP_RUNS} (past any month). A
 * pruned settle of a run stays in the run's total.
 */
public final class Book {
  /** In the order their reserve lines came, which {@link #entries} keeps. */
  private final Map<String, Reservation> byId = new LinkedHashMap<>();

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
  private final Map<String, Reservation> closed = new LinkedHashMap<>();

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

  /** How far past {@link #MAX_CLOSED} the book runs before it forgets back down to it. */
  private static final int CLOSED_SLACK = 1024;

  /**
   * Applies one ledger line; returns the reservation as it is afterwards (empty for an unknown id).
   */
  public Optional<Reservation> apply(LedgerEntry e) {
    if (e.at().isAfter(latest)) {
      latest = e.at();
    }
    if (++sincePrune >= Math.max(PRUNE_EVERY, byId.size() / 2)) {
      prune();
    }
    if (e instanceof LedgerEntry.RunTotal t) {
      settledByRun.merge(t.id(), t.settledNanos(), Usd::plus);
      prunedByRun.merge(t.id(), t.settledNanos(), Usd::plus);
      runLastAt.merge(t.id(), t.at(), Book::later);
      return Optional.empty();
    }
    Reservation r = byId.get(e.id());
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
      idByReq.put(n.reqId(), n.id());
      open.add(r);
    } else if (e instanceof LedgerEntry.Settled s) {
      if (r == null || r.state() == Reservation.State.SETTLED) {
        return Optional.ofNullable(r);
      }
      r = r.closed(Reservation.State.SETTLED, s.actualNanos(), s.at());
      open.remove(r.id());
      closed.remove(r.id()); // a settle after a release: closed again, now
      closed.put(r.id(), r);
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
      open.remove(r.id());
      closed.put(r.id(), r);
    }
    byId.put(r.id(), r);
    if (closed.size() > MAX_CLOSED + CLOSED_SLACK) {
      forgetOldestClosed();
    }
    return Optional.of(r);
  }

  /**
   * The reservation with this id, unless the book has forgotten it or would on its next prune: a
   * decision must not depend on when this process last pruned, or two processes sharing a ledger
   * could disagree (one accepting a late settle the other no longer knows).
   */
  public Optional<Reservation> byId(String id) {
    return Optional.ofNullable(byId.get(id)).filter(r -> !stale(r));
  }

  /** As {@link #byId}, by the req_id it was reserved with. */
  public Optional<Reservation> byReqId(String reqId) {
    return Optional.ofNullable(idByReq.get(reqId)).flatMap(this::byId);
  }

  /** Settled reservations whose usage event the index has not been seen to hold yet. */
  public List<Reservation> unindexed() {
    return new ArrayList<>(unindexed.values());
  }

  /** The index holds this settle's event from now on: count it there, not here. */
  public void markIndexed(String id) {
    unindexed.remove(id);
  }

  /**
   * Stops counting the settles whose events the index holds ({@code indexed} says which), so the
   * index counts them instead. {@code additions} is the index's {@link
   * dev.burnrate.engine.EventIndex#additions}, read before this call: while it is what it was at
   * the last call, only the settles added since are asked about. A reserve that asked about every
   * pending settle did work in proportion to the settles not indexed yet, on every decision.
   */
  public void dropIndexed(long additions, Predicate<Reservation> indexed) {
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
    walked += byId.size();
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
   * Forgets the oldest closed reservations until {@link #MAX_CLOSED} are left, except settles the
   * index does not show yet (their spend counts nowhere else).
   */
  private void forgetOldestClosed() {
    int excess = closed.size() - MAX_CLOSED;
    for (Iterator<Reservation> it = closed.values().iterator(); excess > 0 && it.hasNext(); ) {
      Reservation r = it.next();
      if (unindexed.containsKey(r.id())) {
        continue;
      }
      it.remove();
      byId.remove(r.id());
      forgotten(r);
      excess--;
    }
  }

  /** Drops every trace of {@code r} but {@link #byId} (the caller's), keeping its run's spend. */
  private void forgotten(Reservation r) {
    idByReq.remove(r.reqId(), r.id());
    open.remove(r.id());
    unindexed.remove(r.id());
    closed.remove(r.id());
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
    List<LedgerEntry> out = new ArrayList<>();
    prunedByRun.forEach(
        (run, nanos) -> out.add(new LedgerEntry.RunTotal(run, nanos, runLastAt.get(run))));
    for (Reservation r : byId.values()) {
      out.add(r.reserved());
      if (r.state() == Reservation.State.SETTLED) {
        out.add(new LedgerEntry.Settled(r.id(), r.actualNanos(), r.closedAt()));
      } else if (r.state() == Reservation.State.RELEASED) {
        out.add(new LedgerEntry.Released(r.id(), r.closedAt()));
      }
    }
    return out;
  }

  /** Reservations the book holds, in any state. */
  public int size() {
    return byId.size();
  }

  /** Open, unexpired reservations at {@code now}. */
  public List<Reservation> open(Instant now) {
    return open.values().stream().filter(r -> r.holds(now)).toList();
  }
}

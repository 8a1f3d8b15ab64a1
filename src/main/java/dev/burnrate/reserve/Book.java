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
import java.util.function.ToLongFunction;

/**
 * The reservations replayed from the ledger, with what a decision needs kept at hand: the open
 * ones, the settled ones the event index may not show yet, and settled spend per run.
 *
 * <p>Transitions: a reserve opens; a settle closes an open (even expired) or released reservation
 * as spend, because the money was spent whatever the caller said before; a release closes an open
 * one; anything else (a second settle, a release after a settle) changes nothing, so replays and
 * retries are harmless. Not thread-safe: the ledger holds its lock around every use.
 */
public final class Book {
  private final Map<String, Reservation> byId = new HashMap<>();
  private final Map<String, String> idByReq = new HashMap<>();
  private final Map<String, Reservation> open = new LinkedHashMap<>();
  private final Map<String, Reservation> unindexed = new LinkedHashMap<>();
  private final Map<String, Long> settledByRun = new HashMap<>();

  /**
   * Applies one ledger line; returns the reservation as it is afterwards (empty for an unknown id).
   */
  public Optional<Reservation> apply(LedgerEntry e) {
    Reservation r = byId.get(e.id());
    if (e instanceof LedgerEntry.Reserved n) {
      if (r != null || idByReq.containsKey(n.reqId())) {
        return Optional.ofNullable(r);
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
      idByReq.put(n.reqId(), n.id());
      open.put(n.id(), r);
    } else if (e instanceof LedgerEntry.Settled s) {
      if (r == null || r.state() == Reservation.State.SETTLED) {
        return Optional.ofNullable(r);
      }
      r =
          new Reservation(
              r.id(),
              r.reqId(),
              r.agent(),
              r.run(),
              r.estimateNanos(),
              r.createdAt(),
              r.expiresAt(),
              Reservation.State.SETTLED,
              s.actualNanos(),
              s.at());
      open.remove(r.id());
      unindexed.put(r.id(), r);
      if (r.run() != null) {
        settledByRun.merge(r.run(), s.actualNanos(), Long::sum);
      }
    } else if (e instanceof LedgerEntry.Released x) {
      if (r == null || r.state() != Reservation.State.OPEN) {
        return Optional.ofNullable(r);
      }
      r =
          new Reservation(
              r.id(),
              r.reqId(),
              r.agent(),
              r.run(),
              r.estimateNanos(),
              r.createdAt(),
              r.expiresAt(),
              Reservation.State.RELEASED,
              -1,
              x.at());
      open.remove(r.id());
    }
    byId.put(r.id(), r);
    return Optional.of(r);
  }

  public Optional<Reservation> byId(String id) {
    return Optional.ofNullable(byId.get(id));
  }

  public Optional<Reservation> byReqId(String reqId) {
    return Optional.ofNullable(idByReq.get(reqId)).map(byId::get);
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
    long[] reserved = new long[scopes.size()];
    for (Iterator<Reservation> it = open.values().iterator(); it.hasNext(); ) {
      Reservation r = it.next();
      if (!r.holds(now)) {
        it.remove();
        continue;
      }
      for (int i = 0; i < scopes.size(); i++) {
        if (scopes
            .get(i)
            .covers(r.agent(), r.run(), teamAgents.getOrDefault(scopes.get(i).name(), Set.of()))) {
          reserved[i] += r.estimateNanos();
        }
      }
    }
    List<Tally> out = new ArrayList<>(scopes.size());
    for (int i = 0; i < scopes.size(); i++) {
      Scope s = scopes.get(i);
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
            settled += r.actualNanos();
          }
        }
      }
      out.add(new Tally(s, settled, reserved[i]));
    }
    return out;
  }

  /** Open, unexpired reservations at {@code now}. */
  public List<Reservation> open(Instant now) {
    return open.values().stream().filter(r -> r.holds(now)).toList();
  }
}

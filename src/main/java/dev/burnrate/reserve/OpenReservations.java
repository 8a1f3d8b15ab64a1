package dev.burnrate.reserve;

import java.time.Instant;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The book's open reservations, with their estimates summed for the fleet, per agent and per run,
 * and ordered by expiry, so that a decision costs the same however many reservations are open.
 *
 * <p>A decision used to walk every open reservation for every scope: at 5,000 reserves a second
 * with a few thousand in flight (callers between their reserve and their settle), that walk was
 * nine tenths of a reserve's work, and it grew with the fleet. Now opening, closing and expiring a
 * reservation each update the sums it is in, and a scope's reserved amount is one look-up (a
 * team's: one per member with something open).
 *
 * <p>Sums are exact. One that would pass a long (thousands of reservations near the largest
 * estimate) stops being kept; its scopes are then summed by walking the open reservations, as
 * before, until none of that sum's reservations is open.
 */
final class OpenReservations {
  /** A sum of estimates and how many reservations are in it. */
  private static final class Sum {
    long nanos;
    int count;
    boolean exact = true;

    void add(long v) {
      count++;
      if (exact) {
        try {
          nanos = Math.addExact(nanos, v);
        } catch (ArithmeticException e) {
          exact = false;
        }
      }
    }

    /** Takes {@code v} out; true when nothing is left in it. */
    boolean remove(long v) {
      count--;
      if (count == 0) {
        nanos = 0;
        exact = true;
        return true;
      }
      if (exact) {
        nanos -= v;
      }
      return false;
    }
  }

  private static final Comparator<Reservation> BY_EXPIRY =
      Comparator.comparing(Reservation::expiresAt).thenComparing(Reservation::id);

  private final Map<String, Reservation> byId = new LinkedHashMap<>();
  private final TreeSet<Reservation> byExpiry = new TreeSet<>(BY_EXPIRY);
  private final Sum total = new Sum();
  private final Map<String, Sum> byAgent = new HashMap<>();
  private final Map<String, Sum> byRun = new HashMap<>();

  /** Opens {@code r} (an id already open is left as it is). */
  void add(Reservation r) {
    if (byId.putIfAbsent(r.id(), r) != null) {
      return;
    }
    byExpiry.add(r);
    long v = r.estimateNanos();
    total.add(v);
    byAgent.computeIfAbsent(r.agent(), k -> new Sum()).add(v);
    if (r.run() != null) {
      byRun.computeIfAbsent(r.run(), k -> new Sum()).add(v);
    }
  }

  /** Closes the reservation {@code id} if it is open; returns it, or null. */
  Reservation remove(String id) {
    Reservation r = byId.remove(id);
    if (r == null) {
      return null;
    }
    byExpiry.remove(r);
    long v = r.estimateNanos();
    total.remove(v);
    take(byAgent, r.agent(), v);
    if (r.run() != null) {
      take(byRun, r.run(), v);
    }
    return r;
  }

  private static void take(Map<String, Sum> sums, String key, long v) {
    Sum s = sums.get(key);
    if (s != null && s.remove(v)) {
      sums.remove(key);
    }
  }

  /** Drops every reservation that no longer holds at {@code now} (past its expiry). */
  void expire(Instant now) {
    while (!byExpiry.isEmpty() && !now.isBefore(byExpiry.first().expiresAt())) {
      remove(byExpiry.first().id());
    }
  }

  /**
   * Nano-dollars the open reservations hold in {@code s} ({@code team}: its agents, for a team
   * scope), saturating like every other sum of money here. Call {@link #expire} first.
   */
  long reserved(Scope s, Set<String> team) {
    return switch (s.kind()) {
      case FLEET_MONTH -> total.exact ? total.nanos : walk(s, team);
      case RUN -> of(byRun.get(s.name()), s, team);
      case TEAM_MONTH -> team(s, team);
      case AGENT_MONTH, AGENT_DAY, AGENT_LAST_HOUR, AGENT_LAST_24H ->
          of(byAgent.get(s.name()), s, team);
    };
  }

  private long of(Sum sum, Scope s, Set<String> team) {
    if (sum == null) {
      return 0;
    }
    return sum.exact ? sum.nanos : walk(s, team);
  }

  private long team(Scope s, Set<String> team) {
    long out = 0;
    if (team.size() <= byAgent.size()) {
      for (String agent : team) {
        Sum sum = byAgent.get(agent);
        if (sum != null) {
          if (!sum.exact) {
            return walk(s, team);
          }
          out = Usd.plus(out, sum.nanos);
        }
      }
    } else {
      for (Map.Entry<String, Sum> e : byAgent.entrySet()) {
        if (team.contains(e.getKey())) {
          if (!e.getValue().exact) {
            return walk(s, team);
          }
          out = Usd.plus(out, e.getValue().nanos);
        }
      }
    }
    return out;
  }

  /** The reserved amount by looking at every open reservation (a sum past a long). */
  private long walk(Scope s, Set<String> team) {
    long out = 0;
    for (Reservation r : byId.values()) {
      if (s.covers(r.agent(), r.run(), team)) {
        out = Usd.plus(out, r.estimateNanos());
      }
    }
    return out;
  }

  Collection<Reservation> values() {
    return byId.values();
  }

  int size() {
    return byId.size();
  }
}

package dev.burnrate.reserve;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The open reservations' running sums must give, for every kind of scope, what walking every open
 * reservation gives: as reservations open, close and expire in any order, with estimates large
 * enough that sums pass a long.
 */
class OpenReservationsTest {
  private static final Instant T0 = Instant.parse("2026-02-23T12:00:00Z");
  private static final Set<String> TEAM = Set.of("a0", "a2");

  private static List<Scope> scopes() {
    List<Scope> out = new ArrayList<>();
    out.add(new Scope(ScopeKind.FLEET_MONTH, "total", 1, T0, T0));
    out.add(new Scope(ScopeKind.TEAM_MONTH, "t", 1, T0, T0));
    for (int a = 0; a < 4; a++) {
      out.add(new Scope(ScopeKind.AGENT_MONTH, "a" + a, 1, T0, T0));
      out.add(new Scope(ScopeKind.AGENT_LAST_HOUR, "a" + a, 1, T0, T0));
    }
    for (int r = 0; r < 3; r++) {
      out.add(new Scope(ScopeKind.RUN, "r" + r, 1, null, null));
    }
    return out;
  }

  private static long walked(Map<String, Reservation> open, Scope s, Instant now) {
    long sum = 0;
    for (Reservation r : open.values()) {
      if (r.holds(now) && s.covers(r.agent(), r.run(), TEAM)) {
        sum = Usd.plus(sum, r.estimateNanos());
      }
    }
    return sum;
  }

  private static void run(long seed, long maxEstimate) {
    Random rnd = new Random(seed);
    OpenReservations open = new OpenReservations();
    Map<String, Reservation> model = new LinkedHashMap<>();
    Instant now = T0;
    for (int step = 0; step < 600; step++) {
      int op = rnd.nextInt(10);
      if (op < 5) {
        String id = "rsv_" + step;
        long estimate =
            rnd.nextInt(4) == 0 ? maxEstimate - rnd.nextInt(3) : (long) rnd.nextInt(1000);
        Reservation r =
            new Reservation(
                id,
                "req-" + step,
                "a" + rnd.nextInt(4),
                rnd.nextBoolean() ? null : "r" + rnd.nextInt(3),
                estimate,
                now,
                now.plusSeconds(1 + rnd.nextInt(120)),
                Reservation.State.OPEN,
                -1,
                null);
        open.add(r);
        model.put(id, r);
      } else if (op < 8 && !model.isEmpty()) {
        List<String> ids = new ArrayList<>(model.keySet());
        String id = ids.get(rnd.nextInt(ids.size()));
        assertEquals(model.remove(id), open.remove(id));
      } else {
        now = now.plusSeconds(rnd.nextInt(30));
      }
      open.expire(now);
      Instant at = now;
      model.values().removeIf(r -> !r.holds(at));
      assertEquals(model.size(), open.size(), "seed " + seed + " step " + step);
      for (Scope s : scopes()) {
        assertEquals(
            walked(model, s, now),
            open.reserved(s, s.kind() == ScopeKind.TEAM_MONTH ? TEAM : Set.of()),
            "seed " + seed + " step " + step + " " + s);
      }
    }
  }

  @Test
  void runningSumsAreWhatWalkingEveryOpenReservationGives() {
    for (long seed = 0; seed < 40; seed++) {
      run(seed, 1_000_000);
    }
  }

  @Test
  void sumsPastALongFallBackToWalkingAndRecoverWhenTheirReservationsClose() {
    for (long seed = 0; seed < 40; seed++) {
      run(seed, Long.MAX_VALUE / 3);
    }
  }
}

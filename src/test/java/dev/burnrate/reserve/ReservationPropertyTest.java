package dev.burnrate.reserve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Random interleavings of reserve, settle, release, expiry and the index catching up with settles,
 * from fixed seeds: after every step no scope holds more than its limit, and at the end (every
 * reservation closed or expired) each scope's headroom is its limit minus what was settled. Actual
 * spend is drawn at or below the estimate, as a well-behaved caller's is.
 */
class ReservationPropertyTest {
  static final Instant T0 = Instant.parse("2026-03-10T12:00:00Z");
  static final long USD = 1_000_000_000L;
  static final String[] AGENTS = {"a", "b", "c"};
  static final String[] RUNS = {"r1", "r2", null};

  @Test
  void grantedSpendNeverExceedsAnyLimitAndFinalHeadroomIsLimitMinusSettled() {
    for (long seed = 1; seed <= 200; seed++) {
      run(new Random(seed), seed);
    }
  }

  private static List<Scope> scopes(String agent, String run) {
    List<Scope> s = new ArrayList<>();
    s.add(
        new Scope(
            ScopeKind.FLEET_MONTH,
            "total",
            100 * USD,
            T0.minusSeconds(86400),
            T0.plusSeconds(86400 * 30)));
    s.add(
        new Scope(
            ScopeKind.TEAM_MONTH,
            "ab",
            60 * USD,
            T0.minusSeconds(86400),
            T0.plusSeconds(86400 * 30)));
    s.add(
        new Scope(
            ScopeKind.AGENT_DAY, agent, 35 * USD, T0.minusSeconds(3600), T0.plusSeconds(86400)));
    if (run != null) {
      s.add(new Scope(ScopeKind.RUN, run, 20 * USD, null, null));
    }
    return s;
  }

  private void run(Random rnd, long seed) {
    Book book = new Book();
    Map<String, Set<String>> teams = Map.of("ab", Set.of("a", "b"));
    Map<String, Long> index = new HashMap<>(); // agent -> settled nanos the "index" shows
    Map<String, Long> settledByAgent = new HashMap<>();
    Map<String, Long> settledByRun = new HashMap<>();
    List<String> ids = new ArrayList<>();
    Instant now = T0;
    for (int step = 0; step < 300; step++) {
      now = now.plusMillis(rnd.nextInt(2000));
      int op = rnd.nextInt(10);
      if (op < 5) {
        String agent = AGENTS[rnd.nextInt(AGENTS.length)];
        String run = RUNS[rnd.nextInt(RUNS.length)];
        long est = (1 + rnd.nextInt(800)) * USD / 100;
        List<Tally> t = book.tally(scopes(agent, run), teams, now, s -> indexed(index, teams, s));
        if (Admission.decide(t, est).granted()) {
          String id = "id" + step;
          book.apply(
              new LedgerEntry.Reserved(
                  id, "req" + step, agent, run, est, now, now.plusSeconds(1 + rnd.nextInt(60))));
          ids.add(id);
        }
      } else if (op < 8 && !ids.isEmpty()) {
        String id = ids.get(rnd.nextInt(ids.size()));
        Reservation r = book.byId(id).orElseThrow();
        if (r.holds(now)) { // a caller settles what it still holds, at or below the estimate
          long actual = (long) (r.estimateNanos() * rnd.nextDouble());
          Reservation after = book.apply(new LedgerEntry.Settled(id, actual, now)).orElseThrow();
          if (after.actualNanos() == actual && r.state() == Reservation.State.OPEN) {
            settledByAgent.merge(r.agent(), actual, Long::sum);
            if (r.run() != null) {
              settledByRun.merge(r.run(), actual, Long::sum);
            }
          }
        }
      } else if (op < 9 && !ids.isEmpty()) {
        book.apply(new LedgerEntry.Released(ids.get(rnd.nextInt(ids.size())), now));
      } else {
        book.dropIndexed( // the index catches up with some settles
            -1,
            r -> {
              if (!rnd.nextBoolean()) {
                return false;
              }
              index.merge(r.agent(), r.actualNanos(), Long::sum);
              return true;
            });
      }
      for (String agent : AGENTS) {
        for (String run : RUNS) {
          for (Tally t :
              book.tally(scopes(agent, run), teams, now, s -> indexed(index, teams, s))) {
            assertTrue(
                t.usedNanos() <= t.scope().limitNanos(),
                "seed " + seed + " step " + step + ": " + t);
          }
        }
      }
    }
    Instant end = now.plusSeconds(3600);
    for (String agent : AGENTS) {
      for (String run : RUNS) {
        for (Tally t : book.tally(scopes(agent, run), teams, end, s -> indexed(index, teams, s))) {
          long settled =
              switch (t.scope().kind()) {
                case FLEET_MONTH ->
                    settledByAgent.values().stream().mapToLong(Long::longValue).sum();
                case TEAM_MONTH ->
                    settledByAgent.getOrDefault("a", 0L) + settledByAgent.getOrDefault("b", 0L);
                case RUN -> settledByRun.getOrDefault(run, 0L);
                default -> settledByAgent.getOrDefault(agent, 0L);
              };
          assertEquals(0, t.reservedNanos(), "seed " + seed);
          assertEquals(
              t.scope().limitNanos() - settled,
              t.headroomNanos(),
              "seed " + seed + " " + t.scope());
        }
      }
    }
  }

  private static long indexed(Map<String, Long> index, Map<String, Set<String>> teams, Scope s) {
    return switch (s.kind()) {
      case FLEET_MONTH -> index.values().stream().mapToLong(Long::longValue).sum();
      case TEAM_MONTH ->
          teams.get(s.name()).stream().mapToLong(a -> index.getOrDefault(a, 0L)).sum();
      case RUN -> 0;
      default -> index.getOrDefault(s.name(), 0L);
    };
  }
}

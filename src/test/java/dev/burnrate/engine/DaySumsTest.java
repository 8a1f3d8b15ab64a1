package dev.burnrate.engine;

import static dev.burnrate.engine.CostEngineTest.event;
import static dev.burnrate.engine.TestSegments.segment;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.burnrate.usage.Dimension;
import dev.burnrate.usage.Status;
import dev.burnrate.usage.UsageEvent;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Ranges that cover whole UTC days are summed from per-day rows made on first use; they must give
 * exactly what the hours (and the events) give, for every range shape, and must see an event that
 * lands late in a day already summed.
 */
class DaySumsTest {
  static final Instant NOW = Instant.parse("2026-02-23T12:00:00Z");

  /** Per agent: calls and dollars, counted event by event. */
  private static Map<String, long[]> truth(List<UsageEvent> events, Instant from, Instant to) {
    long f = CostEngine.micros(from);
    long t = CostEngine.micros(to);
    Map<String, long[]> m = new HashMap<>();
    for (UsageEvent e : events) {
      if (e.tsMicros() >= f && e.tsMicros() < t) {
        long[] v = m.computeIfAbsent(e.agentId(), x -> new long[2]);
        v[0]++;
        v[1] += e.costUsd().movePointRight(9).longValueExact();
      }
    }
    return m;
  }

  private static Map<String, long[]> report(CostEngine engine, Instant from, Instant to) {
    CostReport r =
        engine.report(
            new ReportQuery(from, to, List.of(Dimension.AGENT), ReportQuery.MAX_TOP_N, true, false)
                .sortedBy(Ranking.USD));
    Map<String, long[]> m = new HashMap<>();
    for (BreakdownRow row : r.breakdowns().get(Dimension.AGENT)) {
      m.put(row.key(), new long[] {row.count(), row.costUsd().movePointRight(9).longValueExact()});
    }
    return m;
  }

  private static void assertSame(Map<String, long[]> want, Map<String, long[]> got, String what) {
    assertEquals(want.keySet(), got.keySet(), what);
    for (var e : want.entrySet()) {
      assertEquals(e.getValue()[0], got.get(e.getKey())[0], what + " calls of " + e.getKey());
      assertEquals(e.getValue()[1], got.get(e.getKey())[1], what + " usd of " + e.getKey());
    }
  }

  @Test
  void wholeDaysGiveWhatTheEventsGiveAndSeeLateEvents() {
    Random rnd = new Random(7);
    List<UsageEvent> events = new ArrayList<>();
    Instant start = NOW.minus(Duration.ofDays(20));
    for (int i = 0; i < 4000; i++) {
      Instant ts = start.plusSeconds(rnd.nextInt(20 * 86_400));
      String usd = BigDecimal.valueOf(1 + rnd.nextInt(500), 3).toPlainString();
      events.add(event(ts, "agent-" + rnd.nextInt(12), "t", Status.PASS, 0, usd));
    }
    EventIndex index = TestSegments.index(events);
    CostEngine engine = new CostEngine(index);

    Instant[][] ranges = {
      {start, NOW},
      {Instant.parse("2026-02-05T00:00:00Z"), Instant.parse("2026-02-20T00:00:00Z")},
      {Instant.parse("2026-02-05T00:00:01Z"), Instant.parse("2026-02-19T23:59:59Z")},
      {Instant.parse("2026-02-10T13:30:00Z"), Instant.parse("2026-02-12T00:00:00Z")},
      {Instant.parse("2026-02-10T00:00:00Z"), Instant.parse("2026-02-11T00:00:00Z")},
    };
    for (Instant[] r : ranges) {
      for (int pass = 0; pass < 2; pass++) { // the second pass reads the cached days
        assertSame(truth(events, r[0], r[1]), report(engine, r[0], r[1]), r[0] + ".." + r[1]);
      }
    }

    // Late events in days already summed: an agent seen before and one never seen.
    List<UsageEvent> late =
        List.of(
            event(Instant.parse("2026-02-10T07:15:00Z"), "agent-3", "t", Status.PASS, 0, "2.5"),
            event(Instant.parse("2026-02-15T23:59:59Z"), "newcomer", "t", Status.PASS, 0, "9"));
    index.add(segment("late", late));
    events.addAll(late);
    for (Instant[] r : ranges) {
      assertSame(truth(events, r[0], r[1]), report(engine, r[0], r[1]), "late, " + r[0]);
    }
  }
}

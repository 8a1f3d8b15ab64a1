package dev.burnrate.engine;

import static dev.burnrate.engine.CostEngineTest.event;
import static dev.burnrate.engine.TestSegments.segment;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.burnrate.usage.CostWeights;
import dev.burnrate.usage.Dimension;
import dev.burnrate.usage.Status;
import dev.burnrate.usage.UsageEvent;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Closed days of a spend series are cached between calls; an event that arrives late for a closed
 * day (including in an hour split by a half-hour zone) must still change the next answer, and an
 * agent first seen in that late event must appear.
 */
class SpendByDayCacheTest {
  static final LocalDate FIRST = LocalDate.parse("2026-02-20");
  static final Instant NOW = Instant.parse("2026-02-23T12:00:00Z");

  private static long usd(SpendSeries s, String agent, int day) {
    int i = s.indexOf(agent);
    return i < 0 ? 0 : s.usdNanos()[i][day];
  }

  @ParameterizedTest
  @ValueSource(strings = {"UTC", "Asia/Kolkata"})
  void aLateEventForAClosedDayIsCounted(String zoneId) {
    ZoneId zone = ZoneId.of(zoneId);
    Instant day1 = FIRST.plusDays(1).atStartOfDay(zone).toInstant();
    EventIndex index =
        TestSegments.index(
            List.of(
                event(day1.plusSeconds(600), "a", "t", Status.PASS, 0, "1.00"),
                event(NOW.minusSeconds(60), "a", "t", Status.PASS, 0, "2.00")));
    CostEngine engine = new CostEngine(index);
    SpendSeries before = engine.spendByDay(Dimension.AGENT, FIRST, 4, zone, NOW);
    assertEquals(1_000_000_000L, usd(before, "a", 1));
    assertEquals(
        before.usdNanos()[0][1],
        engine.spendByDay(Dimension.AGENT, FIRST, 4, zone, NOW).usdNanos()[0][1],
        "a second call answers the same");

    // 23:50 in the zone: the last hour of day 1, which a half-hour zone splits.
    Instant late = FIRST.plusDays(2).atStartOfDay(zone).toInstant().minusSeconds(600);
    index.add(
        segment(
            "late",
            List.of(
                event(late, "a", "t", Status.PASS, 0, "0.50"),
                event(late, "newcomer", "t", Status.PASS, 0, "4.00"))));
    SpendSeries after = engine.spendByDay(Dimension.AGENT, FIRST, 4, zone, NOW);
    assertEquals(1_500_000_000L, usd(after, "a", 1));
    assertEquals(4_000_000_000L, usd(after, "newcomer", 1));
    assertEquals(usd(before, "a", 3), usd(after, "a", 3), "the open day is unchanged");
  }

  @org.junit.jupiter.api.Test
  void aWindowFromAnHourSeesALateEventInItsCachedHours() {
    EventIndex index = new EventIndex(CostWeights.BUILT_IN, Pricer.NONE);
    Instant monthStart = Instant.parse("2026-02-01T00:00:00Z");
    index.add(
        segment(
            "a",
            List.of(
                event(monthStart.plusSeconds(3600), "a", "t", Status.PASS, 0, "1.00"),
                event(NOW.minusSeconds(60), "a", "t", Status.PASS, 0, "2.00"))));
    assertEquals(3_000_000_000L, WindowSpend.between(index, monthStart, NOW).agent("a"));
    assertEquals(3_000_000_000L, WindowSpend.between(index, monthStart, NOW).totalNanos());
    index.add(
        segment(
            "late",
            List.of(
                event(monthStart.plusSeconds(7200), "a", "t", Status.PASS, 0, "0.25"),
                event(monthStart.plusSeconds(7200), "b", "t", Status.PASS, 0, "0.50"))));
    WindowSpend.Spend after = WindowSpend.between(index, monthStart, NOW);
    assertEquals(3_250_000_000L, after.agent("a"));
    assertEquals(500_000_000L, after.agent("b"));
    assertEquals(3_750_000_000L, after.totalNanos());
  }

  @org.junit.jupiter.api.Test
  void addsToTheHourInProgressKeepAMonthSumCachedAndALateOneStillCounts() {
    EventIndex index = new EventIndex(CostWeights.BUILT_IN, Pricer.NONE);
    Instant monthStart = Instant.parse("2026-02-01T00:00:00Z");
    long from = monthStart.getEpochSecond() * 1_000_000L;
    long cut = NOW.getEpochSecond() * 1_000_000L; // NOW is on the hour
    int agent = Dimension.AGENT.ordinal();
    index.add(
        segment("a", List.of(event(monthStart.plusSeconds(60), "a", "t", Status.PASS, 0, "1"))));
    Acc month = index.read(() -> index.sum(agent, from, cut, true));
    // More adds than the generations the cache remembers, each to the hour in progress, each
    // followed by a look as the spend gate makes one: the month's sum is never recomputed.
    for (int i = 0; i < 5_000; i++) {
      index.add(
          segment(
              "now-" + i,
              List.of(event(NOW.plusSeconds(i % 1800), "a", "t", Status.PASS, 0, "1"))));
      org.junit.jupiter.api.Assertions.assertSame(
          month, index.read(() -> index.sum(agent, from, cut, true)), "recomputed at add " + i);
    }
    index.add(
        segment(
            "late", List.of(event(monthStart.plusSeconds(7200), "b", "t", Status.PASS, 0, "2"))));
    Instant halfPast = NOW.plusSeconds(1800);
    assertEquals(5_003_000_000_000L, WindowSpend.between(index, monthStart, halfPast).totalNanos());
    // Unlooked-at adds past what the cache remembers: it cannot tell what they touched, so the
    // next look recomputes (and still counts a late event among them).
    for (int i = 0; i < 5_000; i++) {
      index.add(
          segment(
              "x-" + i, List.of(event(NOW.plusSeconds(i % 1800), "a", "t", Status.PASS, 0, "1"))));
    }
    index.add(
        segment(
            "late2", List.of(event(monthStart.plusSeconds(9000), "c", "t", Status.PASS, 0, "4"))));
    WindowSpend.Spend w = WindowSpend.between(index, monthStart, halfPast);
    assertEquals(10_001_000_000_000L, w.agent("a"));
    assertEquals(4_000_000_000L, w.agent("c"));
    assertEquals(2_000_000_000L, w.agent("b"));
    assertEquals(0, w.agent("nobody"));
  }

  @org.junit.jupiter.api.Test
  void theCacheStaysWithinItsMemoryBound() {
    long saved = RangeCache.maxLongs;
    RangeCache.maxLongs = 200;
    try {
      EventIndex index = new EventIndex(CostWeights.BUILT_IN, Pricer.NONE);
      java.util.List<UsageEvent> events = new java.util.ArrayList<>();
      for (int a = 0; a < 5; a++) {
        events.add(
            event(NOW.minusSeconds(86_400L * a + 60), "agent-" + a, "t", Status.PASS, 0, "1.00"));
      }
      index.add(segment("a", events));
      CostEngine engine = new CostEngine(index);
      for (int days = 1; days <= 40; days++) {
        SpendSeries s =
            engine.spendByDay(
                Dimension.AGENT, FIRST.minusDays(days), days + 4, ZoneId.of("UTC"), NOW);
        assertEquals(5, s.names().size(), "every agent, whatever is cached");
        org.junit.jupiter.api.Assertions.assertTrue(
            index.rangeCacheLongs() <= 200, "cached " + index.rangeCacheLongs() + " longs");
      }
    } finally {
      RangeCache.maxLongs = saved;
    }
  }
}

package dev.burnrate.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.burnrate.usage.Status;
import dev.burnrate.usage.UsageEvent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The default detector on hand-made fleets: ten tools with the same steady traffic for a day, then
 * a last hour in which every tool is four times busier, and one tool more than that.
 */
class AnomaliesTest {
  static final Instant NOW = Instant.parse("2026-02-23T12:00:00Z");
  static final int TOOLS = 10;

  /** {@code perHour} calls of each tool per baseline hour; in the last hour {@code last[t]}. */
  static CostEngine fleet(int perHour, int[] last) {
    List<UsageEvent> events = new ArrayList<>();
    Instant start = NOW.minusSeconds(24 * 3600);
    for (int h = 0; h < 24; h++) {
      for (int t = 0; t < TOOLS; t++) {
        int n = h == 23 ? last[t] : perHour;
        for (int i = 0; i < n; i++) {
          Instant ts = start.plusSeconds(h * 3600L + (3600L * i) / n + t);
          events.add(CostEngineTest.event(ts, "a" + (i % 3), "tool_" + t, Status.PASS, 100, null));
        }
      }
    }
    events.sort(java.util.Comparator.comparingLong(UsageEvent::tsMicros));
    return CostEngineTest.engine(events);
  }

  static int[] everyTool(int calls) {
    int[] last = new int[TOOLS];
    java.util.Arrays.fill(last, calls);
    return last;
  }

  @Test
  void aFleetFourTimesBusierIsOneSurgeNotTenSpikes() {
    CostEngine engine = fleet(10, everyTool(40));
    AnomalyReport seed =
        engine.anomalies(new AnomalyQuery(60, 24, 3.0, 10, List.of(), AnomalyQuery.Mode.SEED), NOW);
    assertEquals(TOOLS, seed.anomalies().size(), "the first detector: one spike per tool");

    AnomalyReport report = engine.anomalies(new AnomalyQuery(60, 24, 3.0, 10, List.of()), NOW);
    assertEquals(1, report.anomalies().size(), report.anomalies().toString());
    Anomaly.FleetSurge surge =
        assertInstanceOf(Anomaly.FleetSurge.class, report.anomalies().get(0));
    assertEquals(
        0, surge.fleetRatio().compareTo(new java.math.BigDecimal("4.00")), surge.toString());
    assertEquals(TOOLS, surge.toolsRiding().size(), surge.toString());
    assertNull(surge.sameHoursCallRatio(), "no earlier day holds these hours");
  }

  @Test
  void aToolOutgrowingTheFleetIsASpikeScoredAboveTheBar() {
    int[] last = everyTool(40);
    last[7] = 200;
    AnomalyReport report =
        fleet(10, last).anomalies(new AnomalyQuery(60, 24, 3.0, 10, List.of()), NOW);
    Anomaly.CostSpike spike = assertInstanceOf(Anomaly.CostSpike.class, report.anomalies().get(0));
    assertEquals("tool_7", spike.tool());
    assertEquals(0, spike.callsVsFleet().compareTo(new java.math.BigDecimal("5.00")));
    assertTrue(spike.score().doubleValue() > 10, spike.toString());
    assertInstanceOf(Anomaly.FleetSurge.class, report.anomalies().get(1), "the rest rode along");
  }

  @Test
  void theSameRiseScoresHigherOnMoreCalls() {
    assertTrue(Anomalies.score(12, 3) < Anomalies.score(120, 30));
    assertTrue(Anomalies.score(3, 3) == 0);
    assertTrue(Anomalies.score(1, 3) < 0, "fewer calls than expected score below zero");
  }

  @Test
  void fourCallsWhereOneWasExpectedAreNotEnoughEvidence() {
    int[] last = everyTool(1);
    last[2] = 4;
    CostEngine engine = fleet(1, last);
    AnomalyReport seed =
        engine.anomalies(new AnomalyQuery(60, 24, 3.0, 0, List.of(), AnomalyQuery.Mode.SEED), NOW);
    assertEquals(1, seed.anomalies().size(), "the first detector calls it a 4x spike");
    AnomalyReport report = engine.anomalies(new AnomalyQuery(60, 24, 3.0, 0, List.of()), NOW);
    assertEquals(List.of(), report.anomalies(), "a score of about 2.3 is below the bar of 3");
  }

  @Test
  void aToolThatKeptItsRateWhileTheFleetQuietenedIsNoSpike() {
    int[] last = everyTool(10);
    last[4] = 40;
    AnomalyReport report =
        fleet(40, last).anomalies(new AnomalyQuery(60, 24, 3.0, 10, List.of()), NOW);
    assertEquals(0, report.fleetRatio().orElseThrow().compareTo(new java.math.BigDecimal("0.25")));
    assertEquals(List.of(), report.anomalies(), "four times its share, but not a cent more");
  }

  @Test
  void aWindowAndBaselineWithoutEventsSayWhereTheDataIs() {
    CostEngine engine = fleet(10, everyTool(40));
    AnomalyReport here = engine.anomalies(AnomalyQuery.defaults(), NOW);
    assertTrue(here.dataSpan().isEmpty(), "events in range: no data_span");
    AnomalyReport later =
        engine.anomalies(AnomalyQuery.defaults(), NOW.plus(java.time.Duration.ofDays(3)));
    DataQuality.DataSpan span = later.dataSpan().orElseThrow();
    assertTrue(span.lastEvent().orElseThrow().isBefore(NOW), span.toString());
    assertTrue(span.note().contains("ask for a range within that"), span.note());
    assertEquals(List.of(), later.anomalies());
  }
}

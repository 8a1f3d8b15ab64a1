package dev.burnrate.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.burnrate.usage.CostWeights;
import dev.burnrate.usage.Dimension;
import dev.burnrate.usage.Status;
import dev.burnrate.usage.UsageEvent;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The engine on five hand-made events, without the CLI: built-in weights (1 unit per call plus
 * 0.001 per ms), dollars as recorded. Events sit on the edges that matter: the first and last
 * microsecond of an hour, and the exclusive end of a range.
 */
class CostEngineTest {
  static final Instant T10 = Instant.parse("2026-02-23T10:00:00Z");

  /** One event; {@code usd} null means unpriced. */
  static UsageEvent event(
      Instant ts, String agent, String tool, Status status, long ms, String usd) {
    return dev.burnrate.usage.TestEvents.event(
        ChronoUnit.MICROS.between(Instant.EPOCH, ts),
        null,
        agent,
        tool,
        status,
        ms,
        -1,
        -1,
        usd == null ? null : new BigDecimal(usd));
  }

  static final List<UsageEvent> EVENTS =
      List.of(
          event(T10, "a", "web_search", Status.PASS, 1000, "0.10"), // 2 units
          event(
              T10.plusSeconds(3600).minusNanos(1000),
              "a",
              "web_search",
              Status.FAILED,
              500,
              "0.05"), // 1.5
          event(T10.plusSeconds(3600), "b", "llm_chat", Status.PASS, 2000, "1.00"), // 3
          event(T10.plusSeconds(5400), "b", "llm_chat", Status.DENIED, 0, null), // 1, unpriced
          event(T10.plusSeconds(7200), "a", "web_search", Status.ERROR, 0, "0.20")); // 1

  static CostEngine engine(List<UsageEvent> events) {
    SegmentBuilder b = new SegmentBuilder("test", 0, 1);
    events.forEach(b::add);
    EventIndex index = new EventIndex(CostWeights.BUILT_IN, Pricer.NONE);
    index.add(b.build(0, events.size()));
    return new CostEngine(index);
  }

  static Totals totals(Instant from, Instant to, boolean includeFailed) {
    return engine(EVENTS)
        .report(new ReportQuery(from, to, List.of(Dimension.AGENT), 10, includeFailed, false))
        .totals();
  }

  static void assertTotals(
      Totals t, long calls, String units, long failed, long denied, String usd, long unpriced) {
    assertEquals(calls, t.calls(), "calls " + t);
    assertEquals(units, t.costUnits().toPlainString(), "cost_units " + t);
    assertEquals(failed, t.failed(), "failed " + t);
    assertEquals(denied, t.denied(), "denied " + t);
    assertEquals(usd, t.costUsd().toPlainString(), "cost_usd " + t);
    assertEquals(unpriced, t.unpricedCalls(), "unpriced_calls " + t);
  }

  @Test
  void twoWholeHoursCountEveryEventInsideAndNoneAtTheExclusiveEnd() {
    assertTotals(totals(T10, T10.plusSeconds(7200), true), 4, "7.50", 1, 1, "1.150000", 1);
  }

  @Test
  void excludingFailedDropsFailedAndErrorCallsButKeepsDenied() {
    assertTotals(totals(T10, T10.plusSeconds(7200), false), 3, "6.00", 0, 1, "1.100000", 1);
  }

  @Test
  void partialHoursAtBothEndsAreScannedEventByEvent() {
    // [10:30, 11:30): the last microsecond of 10:xx and the first of 11:xx; 11:30 itself is out
    assertTotals(
        totals(T10.plusSeconds(1800), T10.plusSeconds(5400), true), 2, "4.50", 1, 0, "1.050000", 0);
    // [09:30, 12:00:00.000001): two partial ends around two whole hours take all five
    assertTotals(
        totals(T10.minusSeconds(1800), T10.plusSeconds(7200).plusNanos(1000), true),
        5,
        "8.50",
        2,
        1,
        "1.350000",
        1);
  }

  @Test
  void aRangeOfTwoMicrosecondsAcrossAnHourBoundaryHoldsExactlyTheTwoEventsOnIt() {
    Instant boundary = T10.plusSeconds(3600);
    assertTotals(
        totals(boundary.minusNanos(1000), boundary.plusNanos(1000), true),
        2,
        "4.50",
        1,
        0,
        "1.050000",
        0);
  }

  @Test
  void theBreakdownSplitsTheTotalsByAgent() {
    CostReport report =
        engine(EVENTS)
            .report(
                new ReportQuery(
                    T10, T10.plusSeconds(7200), List.of(Dimension.AGENT), 10, true, false));
    List<BreakdownRow> rows = report.breakdowns().get(Dimension.AGENT);
    assertEquals(2, rows.size(), rows.toString());
    Map<String, String> usdByAgent = new java.util.TreeMap<>();
    rows.forEach(r -> usdByAgent.put(r.key(), r.costUsd().toPlainString()));
    assertEquals(Map.of("a", "0.150000", "b", "1.000000"), usdByAgent);
  }

  @Test
  void aRangeWithoutEventsSaysWhereTheDataIs() {
    // An empty range answered zeros and nothing else, and the caller had to guess where the data
    // was.
    DataQuality q =
        engine(EVENTS)
            .report(
                new ReportQuery(
                    Instant.parse("2026-01-01T00:00:00Z"),
                    Instant.parse("2026-01-08T00:00:00Z"),
                    List.of(Dimension.AGENT),
                    10,
                    true,
                    false))
            .dataQuality();
    DataQuality.DataSpan span = q.dataSpan().orElseThrow();
    assertEquals(T10, span.firstEvent().orElseThrow());
    assertEquals(T10.plusSeconds(7200), span.lastEvent().orElseThrow());
    assertEquals(
        "no events counted in this range; the log's 5 events run from 2026-02-23T10:00:00Z to"
            + " 2026-02-23T12:00:00Z, so ask for a range within that",
        span.note());
  }

  @Test
  void aRangeWithEventsSaysNothingOfTheSpan() {
    assertEquals(
        java.util.Optional.empty(),
        engine(EVENTS)
            .report(
                new ReportQuery(
                    T10, T10.plusSeconds(60), List.of(Dimension.AGENT), 10, true, false))
            .dataQuality()
            .dataSpan());
  }

  @Test
  void anEmptyLogSaysSoInsteadOfASpan() {
    DataQuality.DataSpan span =
        engine(List.of()).top(new TopQuery(24, 10), T10).dataQuality().dataSpan().orElseThrow();
    assertEquals(java.util.Optional.empty(), span.firstEvent());
    assertEquals(
        "no events counted in this range, and the log holds none; record usage or ingest an audit"
            + " directory first",
        span.note());
  }

  @Test
  void anAgentTheLogNeverNamedIsUnseenAndItsNearestSpellingsAreOffered() {
    CostEngine e =
        engine(
            List.of(
                event(T10, "release-2", "deploy", Status.PASS, 0, "1"),
                event(T10, "release-3", "deploy", Status.PASS, 0, "1"),
                event(T10, "ingest-1", "deploy", Status.PASS, 0, "1")));
    assertEquals(CostEngine.Sighting.SEEN, e.sighting("release-2"));
    assertEquals(CostEngine.Sighting.UNSEEN, e.sighting("relase-2"));
    assertEquals(List.of("release-2", "release-3"), e.agentsNear("relase-2", 3));
    assertEquals(List.of(), e.agentsNear("billing-bot", 3), "nothing plausible, nothing named");
  }
}

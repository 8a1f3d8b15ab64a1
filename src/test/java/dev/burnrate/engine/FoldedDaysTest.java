package dev.burnrate.engine;

import static dev.burnrate.engine.TestSegments.segment;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.burnrate.usage.CostWeights;
import dev.burnrate.usage.Dimension;
import dev.burnrate.usage.Status;
import dev.burnrate.usage.TestEvents;
import dev.burnrate.usage.UsageEvent;
import dev.burnrate.wire.Wire;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * An index over its hourly-row budget folds its oldest days into day sums. Every answer must stay
 * what an index that kept every hour gives: ranges that cut a folded day (read from the events),
 * whole folded days, the newest days (still by the hour), and events that land in a folded day
 * later.
 */
class FoldedDaysTest {
  static final Instant NOW = Instant.parse("2026-02-23T12:00:00Z");
  static final Status[] STATUSES = {Status.PASS, Status.PASS, Status.FAILED, Status.ERROR};

  private static List<UsageEvent> day(Random rnd, Instant dayStart, int n) {
    List<UsageEvent> events = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      Instant ts = dayStart.plusSeconds((long) i * 86_400 / n + rnd.nextInt(86_400 / n));
      String usd = BigDecimal.valueOf(rnd.nextInt(900), 4).toPlainString();
      events.add(
          TestEvents.call(
              ts,
              null,
              "agent-" + rnd.nextInt(30),
              "tool-" + rnd.nextInt(7),
              STATUSES[rnd.nextInt(STATUSES.length)],
              rnd.nextInt(5_000),
              usd));
    }
    return events;
  }

  private static Object report(EventIndex index, Instant from, Instant to) {
    return Wire.toMap(
        new CostEngine(index)
            .report(
                new ReportQuery(
                    from,
                    to,
                    List.of(Dimension.AGENT, Dimension.TOOL, Dimension.STATUS),
                    ReportQuery.MAX_TOP_N,
                    true,
                    false)));
  }

  @Test
  void foldedDaysAnswerExactlyAsHourlyOnes() {
    Random rnd = new Random(11);
    EventIndex hourly = new EventIndex(CostWeights.BUILT_IN, Pricer.NONE, 10_000, Long.MAX_VALUE);
    EventIndex folding = new EventIndex(CostWeights.BUILT_IN, Pricer.NONE, 10_000, 2_000);
    Instant first = Instant.parse("2026-02-14T00:00:00Z");
    for (int d = 0; d < 10; d++) { // one segment per day, oldest first, as a first ingest adds them
      Segment s = segment("d" + d, day(rnd, first.plus(Duration.ofDays(d)), 3_000));
      hourly.add(s);
      folding.add(s);
      // The day before, summed whole while still hourly: its cached sums are what it folds into.
      Instant dayBefore = first.plus(Duration.ofDays(d - 1));
      assertEquals(
          report(hourly, dayBefore, dayBefore.plus(Duration.ofDays(1))),
          report(folding, dayBefore, dayBefore.plus(Duration.ofDays(1))));
    }
    assertEquals(0, hourly.foldedDays());
    assertTrue(folding.foldedDays() >= 6, "days folded: " + folding.foldedDays());
    assertTrue(folding.foldedDays() <= 8, "the newest two days stay hourly");

    List<Instant[]> ranges = new ArrayList<>();
    ranges.add(new Instant[] {first, NOW.plus(Duration.ofDays(1))});
    ranges.add(
        new Instant[] {
          Instant.parse("2026-02-15T00:00:00Z"), Instant.parse("2026-02-18T00:00:00Z")
        });
    ranges.add(
        new Instant[] {
          Instant.parse("2026-02-15T07:00:00Z"), Instant.parse("2026-02-15T09:00:00Z")
        });
    ranges.add(
        new Instant[] {
          Instant.parse("2026-02-15T07:20:00Z"), Instant.parse("2026-02-17T16:45:10Z")
        });
    ranges.add(
        new Instant[] {
          Instant.parse("2026-02-21T05:00:00Z"), Instant.parse("2026-02-23T18:30:00Z")
        });
    for (int i = 0; i < 40; i++) {
      Instant from = first.plusSeconds(rnd.nextInt(10 * 86_400));
      ranges.add(new Instant[] {from, from.plusSeconds(1 + rnd.nextInt(4 * 86_400))});
    }
    for (Instant[] r : ranges) {
      assertEquals(report(hourly, r[0], r[1]), report(folding, r[0], r[1]), r[0] + ".." + r[1]);
    }

    // Late events in a folded day (a seen agent and a new one) and in an hourly one.
    List<UsageEvent> late =
        List.of(
            TestEvents.call(
                Instant.parse("2026-02-15T08:15:00Z"),
                null,
                "agent-3",
                "tool-1",
                Status.PASS,
                9,
                "2.5"),
            TestEvents.call(
                Instant.parse("2026-02-16T23:59:59Z"),
                null,
                "newcomer",
                "tool-9",
                Status.ERROR,
                1,
                "9"),
            TestEvents.call(
                Instant.parse("2026-02-23T10:00:00Z"),
                null,
                "agent-4",
                "tool-2",
                Status.PASS,
                3,
                "1"));
    Segment s = segment("late", late);
    hourly.add(s);
    folding.add(s);
    for (Instant[] r : ranges) {
      assertEquals(report(hourly, r[0], r[1]), report(folding, r[0], r[1]), "late, " + r[0]);
    }
  }
}

package dev.burnrate.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.burnrate.usage.QueryException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.Test;

/** The one reading of times, spans and ranges that the tools and the command line share. */
class TimesTest {
  static final Instant NOW = Instant.parse("2026-02-23T12:00:00Z");

  static String problem(Runnable r) {
    return assertThrows(QueryException.class, r::run).getMessage();
  }

  @Test
  void aDateAloneIsMidnightUtc() {
    assertEquals(Instant.parse("2026-02-01T00:00:00Z"), Times.parse("from", "2026-02-01"));
  }

  @Test
  void aTimeWithAZoneOrAnOffsetIsThatInstant() {
    assertEquals(
        Instant.parse("2026-02-01T10:00:00Z"), Times.parse("from", "2026-02-01T10:00:00Z"));
    assertEquals(
        Instant.parse("2026-02-01T09:00:00Z"), Times.parse("from", "2026-02-01T10:00:00+01:00"));
  }

  @Test
  void aDayTheCalendarLacksIsCalledAnInvalidDateNotAMissingZone() {
    // 2026-02-30T00:00:00Z was refused as "not an ISO-8601 time with a zone": it has a zone; the
    // date is what is wrong.
    assertEquals(
        "to '2026-02-30T00:00:00Z' is not a date: 2026-02 has 28 days; pass a day from 01 to 28",
        problem(() -> Times.parse("to", "2026-02-30T00:00:00Z")));
    assertEquals(
        "from '2026-13-01' is not a date: there is no month 13; months are 01 to 12",
        problem(() -> Times.parse("from", "2026-13-01")));
  }

  @Test
  void aTimeWithoutAZoneSaysToAddOne() {
    assertEquals(
        "from '2026-02-23 12:00' has no zone; add Z for UTC or an offset, e.g. 2026-02-23T12:00Z",
        problem(() -> Times.parse("from", "2026-02-23 12:00")));
  }

  @Test
  void aSpanGivenAsATimeSaysWhereSpansGo() {
    assertEquals(
        "from '7d' is a span, not a time; pass it as last, or " + Times.TIME_FORMS,
        problem(() -> Times.parse("from", "7d")));
  }

  @Test
  void aLongOrControlLadenValueIsShownBoundedAndEscaped() {
    String m = problem(() -> Times.parse("from", "x\u001b[2J" + "y".repeat(500)));
    assertEquals(
        "from 'x\\u001b[2J" + "y".repeat(55) + "...' is not a time; " + Times.TIME_FORMS, m);
  }

  @Test
  void spansAreMinutesHoursDaysOrWeeks() {
    assertEquals(Duration.ofMinutes(30), Times.span("last", "30m"));
    assertEquals(Duration.ofHours(24), Times.span("last", "24h"));
    assertEquals(Duration.ofDays(7), Times.span("last", "7d"));
    assertEquals(Duration.ofDays(14), Times.span("last", "2w"));
    assertEquals(
        "last '7 days' is not a span; write a number and a unit, e.g. 30m, 24h, 7d or 2w",
        problem(() -> Times.span("last", "7 days")));
    assertEquals(
        "last '0h' is empty; pass a span of at least 1m", problem(() -> Times.span("last", "0h")));
  }

  @Test
  void aLengthOfTimeIsANumberOfUnitsOrASpanOfWholeUnits() {
    assertEquals(168, Times.inUnits("window_hours", "168", ChronoUnit.HOURS));
    assertEquals(168, Times.inUnits("window_hours", "7d", ChronoUnit.HOURS));
    assertEquals(120, Times.inUnits("window_minutes", "2h", ChronoUnit.MINUTES));
    assertEquals(14, Times.inUnits("window_days", "2w", ChronoUnit.DAYS));
    assertEquals(
        -5, Times.inUnits("window_hours", "-5", ChronoUnit.HOURS), "bounds are the caller's");
    assertEquals(
        "window_hours '90m' is not a whole number of hours; pass a span in hours or longer units,"
            + " or a number",
        problem(() -> Times.inUnits("window_hours", "90m", ChronoUnit.HOURS)));
  }

  @Test
  void aRangeIsASpanEndingAtTheEndOrNow() {
    assertEquals(
        new TimeRange(Instant.parse("2026-02-22T12:00:00Z"), NOW),
        Times.range(NOW, null, null, "24h", Duration.ofDays(7)));
    assertEquals(
        new TimeRange(Instant.parse("2026-01-25T00:00:00Z"), Instant.parse("2026-02-01T00:00:00Z")),
        Times.range(NOW, null, "2026-02-01", "7d", Duration.ofDays(7)));
    assertEquals(
        new TimeRange(Instant.parse("2026-02-16T12:00:00Z"), NOW),
        Times.range(NOW, null, null, null, Duration.ofDays(7)));
    assertEquals(
        new TimeRange(Instant.parse("2026-02-01T00:00:00Z"), Instant.parse("2026-02-08T00:00:00Z")),
        Times.range(NOW, "2026-02-01", "2026-02-08", null, Duration.ofDays(7)));
  }

  @Test
  void aStartAfterNowDoesNotSayToSwapWhenNoEndWasSent() {
    // "swap them" was said when only from was sent: there was nothing to swap.
    assertEquals(
        "from 2026-03-01T00:00:00Z is not before now (2026-02-23T12:00:00Z), where to defaults;"
            + " pass an earlier start, or an end after it as to",
        problem(() -> Times.range(NOW, "2026-03-01", null, null, Duration.ofDays(7))));
    assertEquals(
        "from 2026-03-09T00:00:00Z is not before to 2026-03-01T00:00:00Z; swap them or widen the"
            + " range",
        problem(() -> Times.range(NOW, "2026-03-09", "2026-03-01", null, Duration.ofDays(7))));
  }

  @Test
  void aStartAndASpanTogetherAreRefused() {
    assertEquals(
        "from and last both set the start; pass one of them",
        problem(() -> Times.range(NOW, "2026-02-01", null, "7d", Duration.ofDays(7))));
  }
}

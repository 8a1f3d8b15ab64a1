package dev.burnrate.engine;

import dev.burnrate.usage.CalendarDate;
import dev.burnrate.usage.QueryException;
import dev.burnrate.usage.Text;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The times a query may name, and the one way a caller's text becomes one. The MCP tools and the
 * command line both parse with these methods, so the same text means the same instant and is
 * refused with the same message everywhere:
 *
 * <ul>
 *   <li>a time: ISO-8601 with {@code Z} or an offset ({@link OffsetDateTime}), or a date alone
 *       ({@code 2026-02-01}, which is that day's midnight UTC), in the years 2000 through 2199;
 *   <li>a span ending at the range's end: a whole number of minutes, hours, days or weeks ({@code
 *       30m}, {@code 24h}, {@code 7d}, {@code 2w});
 *   <li>a range: {@link #range} from a start, an end and a span, any of them left out.
 * </ul>
 */
public final class Times {
  /**
   * The first instant a query may name. Queries name times from 2000 through 2199 (UTC), far wider
   * than any audit log and fixed, so a test's {@code --now} is as valid in a decade as today; a
   * time outside is a mistyped or hostile value, rejected by name rather than computed with.
   */
  public static final Instant EARLIEST = Instant.parse("2000-01-01T00:00:00Z");

  /** The last instant a query may name: see {@link #EARLIEST}. */
  public static final Instant LATEST = Instant.parse("2200-01-01T00:00:00Z");

  /** How to write a time, for messages. */
  public static final String TIME_FORMS =
      "write ISO-8601 with a zone, e.g. 2026-02-23T12:00:00Z, or a date, e.g. 2026-02-23 (midnight"
          + " UTC)";

  private static final Pattern DATE = Pattern.compile("(\\d{4})-(\\d{2})-(\\d{2})");
  private static final Pattern DATED = Pattern.compile("(\\d{4})-(\\d{2})-(\\d{2})[Tt ].*");
  private static final Pattern SPAN = Pattern.compile("(\\d{1,6})([mhdw])");
  private static final Pattern WHOLE = Pattern.compile("-?\\d{1,9}");

  /** The longest text a message repeats of a bad value. */
  private static final int SHOWN_CHARS = 60;

  private Times() {}

  /**
   * {@code text} as an instant in the supported window: a time with a zone, or a date alone
   * (midnight UTC).
   *
   * @throws QueryException naming {@code field}, the text (bounded and escaped) and how to write a
   *     time
   */
  public static Instant parse(String field, String text) {
    String s = text.strip();
    Matcher date = DATE.matcher(s);
    if (date.matches()) {
      return requireSupported(
          field, calendarDate(field, text, date).atStartOfDay(ZoneOffset.UTC).toInstant());
    }
    Instant t;
    try {
      t = OffsetDateTime.parse(s).toInstant();
    } catch (DateTimeException e) {
      try {
        t = Instant.parse(s);
      } catch (DateTimeException e2) {
        throw new QueryException(field, notATime(field, text, s));
      }
    }
    return requireSupported(field, t);
  }

  /**
   * {@code text} as a span: a whole number, 1 to 999999, of minutes ({@code m}), hours ({@code h}),
   * days ({@code d}) or weeks ({@code w}).
   */
  public static Duration span(String field, String text) {
    Matcher m = SPAN.matcher(text.strip());
    if (!m.matches()) {
      throw new QueryException(
          field, show(text) + " is not a span; write a number and a unit, e.g. 30m, 24h, 7d or 2w");
    }
    long n = Long.parseLong(m.group(1));
    if (n == 0) {
      throw new QueryException(field, show(text) + " is empty; pass a span of at least 1m");
    }
    return switch (m.group(2)) {
      case "m" -> Duration.ofMinutes(n);
      case "h" -> Duration.ofHours(n);
      case "d" -> Duration.ofDays(n);
      default -> Duration.ofDays(7 * n);
    };
  }

  /**
   * A length of time in whole {@code unit}s, written as a plain number of them ({@code 168}) or as
   * a span ({@link #span}) that is a whole number of them ({@code 7d} is 168 hours; {@code 90m} is
   * not whole hours). Bounds are the caller's to check.
   */
  public static long inUnits(String field, String text, ChronoUnit unit) {
    String s = text.strip();
    if (WHOLE.matcher(s).matches()) {
      return Long.parseLong(s);
    }
    Duration span = span(field, s);
    Duration one = unit.getDuration();
    long n = span.dividedBy(one);
    if (!span.equals(one.multipliedBy(n))) {
      String name = unit.toString().toLowerCase(Locale.ROOT);
      throw new QueryException(
          field,
          show(text)
              + " is not a whole number of "
              + name
              + "; pass a span in "
              + name
              + " or longer units, or a number");
    }
    return n;
  }

  /**
   * The half-open range a caller names with any of a start ({@code from}), an end ({@code to},
   * default {@code now}) and a span ending at the end ({@code last}); with neither start nor span,
   * the range is {@code fallback} long. Errors name the fields as {@code from}, {@code to} and
   * {@code last}, so each adapter shows them as its caller wrote them.
   *
   * @param from text of the start, or null
   * @param to text of the end, or null
   * @param last text of the span, or null
   */
  public static TimeRange range(
      Instant now, String from, String to, String last, Duration fallback) {
    if (from != null && last != null) {
      throw new QueryException("from", "and {last} both set the start; pass one of them");
    }
    Instant end = to == null ? requireSupported("now", now) : parse("to", to);
    Instant start;
    if (from != null) {
      start = parse("from", from);
    } else {
      Duration span = last == null ? fallback : span("last", last);
      start = end.minus(span);
      if (start.isBefore(EARLIEST)) {
        throw new QueryException(
            last == null ? "from" : "last",
            (last == null ? "(default " + fallback.toDays() + " days before the end)" : show(last))
                + " starts at "
                + start
                + ", before the supported window "
                + EARLIEST
                + " to "
                + LATEST
                + "; pass a shorter span or a start");
      }
    }
    if (!start.isBefore(end)) {
      throw new QueryException(
          "from",
          to == null
              ? start
                  + " is not before now ("
                  + end
                  + "), where {to} defaults; pass an earlier start, or an end after it as {to}"
              : start + " is not before {to} " + end + "; swap them or widen the range");
    }
    return new TimeRange(start, end);
  }

  /**
   * {@code t}, when it lies in [{@link #EARLIEST}, {@link #LATEST}]; otherwise bad input naming
   * {@code field}, the value and the window.
   */
  public static Instant requireSupported(String field, Instant t) {
    if (t.isBefore(EARLIEST) || t.isAfter(LATEST)) {
      throw new QueryException(
          field,
          t
              + " is outside the supported time window "
              + EARLIEST
              + " to "
              + LATEST
              + "; pass a time in the years 2000 to 2199");
    }
    return t;
  }

  /** A caller's text as a message shows it: quoted, one line, at most 60 characters. */
  public static String show(String text) {
    String s = text.length() > SHOWN_CHARS ? text.substring(0, SHOWN_CHARS) + "..." : text;
    return "'" + Text.plain(s) + "'";
  }

  /** Why {@code s} is not a time, most specific first. */
  private static String notATime(String field, String text, String s) {
    Matcher dated = DATED.matcher(s);
    if (dated.matches()) {
      calendarDate(field, text, dated); // throws when the date itself is not in the calendar
      String local = s.substring(0, 10) + 'T' + s.substring(11);
      try {
        LocalDateTime.parse(local);
        return show(text)
            + " has no zone; add Z for UTC or an offset, e.g. "
            + local.substring(0, Math.min(local.length(), 19))
            + "Z";
      } catch (DateTimeException e) {
        // not a zone problem: fall through to the general message
      }
    }
    if (SPAN.matcher(s).matches()) {
      return show(text) + " is a span, not a time; pass it as {last}, or " + TIME_FORMS;
    }
    return show(text) + " is not a time; " + TIME_FORMS;
  }

  /**
   * The date in a text that starts with {@code YYYY-MM-DD}; bad input when the calendar lacks it.
   */
  private static LocalDate calendarDate(String field, String text, Matcher m) {
    CalendarDate.problem(text)
        .ifPresent(
            p -> {
              throw new QueryException(field, show(text) + " " + p);
            });
    return LocalDate.of(
        Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3)));
  }
}

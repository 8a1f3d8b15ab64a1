package dev.burnrate.usage;

import java.time.YearMonth;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The date a time's text starts with ({@code YYYY-MM-DD}), checked against the calendar, so that a
 * day it lacks ({@code 2026-02-30}) is reported as an impossible date rather than as a format or
 * zone problem. Query times and event timestamps both use it.
 */
public final class CalendarDate {
  private static final Pattern LEADING = Pattern.compile("(\\d{4})-(\\d{2})-(\\d{2})(?:[Tt ].*)?");

  private CalendarDate() {}

  /**
   * Why the date {@code text} starts with is not in the calendar, written to follow the quoted text
   * ({@code "is not a date: 2026-02 has 28 days; pass a day from 01 to 28"}); empty when the text
   * does not start with a date or the date exists.
   */
  public static Optional<String> problem(String text) {
    Matcher m = LEADING.matcher(text.strip());
    if (!m.matches()) {
      return Optional.empty();
    }
    int year = Integer.parseInt(m.group(1));
    int month = Integer.parseInt(m.group(2));
    int day = Integer.parseInt(m.group(3));
    if (month < 1 || month > 12) {
      return Optional.of("is not a date: there is no month " + month + "; months are 01 to 12");
    }
    YearMonth ym = YearMonth.of(year, month);
    if (day < 1 || day > ym.lengthOfMonth()) {
      return Optional.of(
          "is not a date: "
              + ym
              + " has "
              + ym.lengthOfMonth()
              + " days; pass a day from 01 to "
              + ym.lengthOfMonth());
    }
    return Optional.empty();
  }
}

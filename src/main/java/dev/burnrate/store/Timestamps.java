package dev.burnrate.store;

import dev.burnrate.engine.Bytes;

/**
 * ISO-8601 timestamps to epoch microseconds, without allocating: the log holds millions of them.
 * Accepts {@code YYYY-MM-DDTHH:MM:SS[.f{1,9}](Z|±HH:MM|±HHMM|±HH)}; a space may stand for the
 * {@code T}. Fractions beyond microseconds are truncated. A timestamp without a zone is rejected:
 * guessing one would misattribute spend to the wrong day.
 */
final class Timestamps {
  private Timestamps() {}

  /** Parse failure marker; no valid timestamp maps to it. */
  static final long INVALID = Long.MIN_VALUE;

  static long parseMicros(byte[] b, int start, int end) {
    if (end - start < 20) {
      return INVALID;
    }
    long hour = hourSeconds(b, start);
    return hour == INVALID ? INVALID : withinHour(b, start, end, hour);
  }

  /**
   * Parses timestamps as {@link #parseMicros} does, remembering the last date and hour: one
   * producer writes lines in time order, so most timestamps share the previous one's first thirteen
   * bytes ({@code YYYY-MM-DDTHH}), which are then compared as two words instead of being parsed and
   * checked against the calendar again. One instance per parser; not thread-safe.
   */
  static final class LastHour {
    private static final long FIVE_BYTES = 0xff_ffff_ffffL;
    private long lo;
    private long hi;
    private long hour = INVALID;

    long parseMicros(byte[] b, int start, int end) {
      if (end - start < 20) {
        return INVALID;
      }
      // 20 bytes or more from start: both words lie within b
      long wordLo = Bytes.word(b, start);
      long wordHi = Bytes.word(b, start + 8) & FIVE_BYTES;
      long h;
      if (hour != INVALID && wordLo == lo && wordHi == hi) {
        h = hour;
      } else {
        h = hourSeconds(b, start);
        if (h == INVALID) {
          return INVALID;
        }
        lo = wordLo;
        hi = wordHi;
        hour = h;
      }
      return withinHour(b, start, end, h);
    }
  }

  /**
   * The seconds from the epoch to the start of the hour {@code YYYY-MM-DDTHH} at {@code p}, on the
   * timestamp's own clock (its zone offset is applied by {@link #withinHour}); INVALID when those
   * thirteen bytes are not a date and hour of the calendar.
   */
  private static long hourSeconds(byte[] b, int p) {
    int year = digits(b, p, 4);
    if (year < 0 || b[p + 4] != '-') {
      return INVALID;
    }
    int month = digits(b, p + 5, 2);
    if (month < 1 || month > 12 || b[p + 7] != '-') {
      return INVALID;
    }
    int day = digits(b, p + 8, 2);
    if (day < 1 || day > daysInMonth(year, month)) {
      return INVALID;
    }
    byte sep = b[p + 10];
    if (sep != 'T' && sep != 't' && sep != ' ') {
      return INVALID;
    }
    int hour = digits(b, p + 11, 2);
    if (hour < 0 || hour > 23) {
      return INVALID;
    }
    return daysFromCivil(year, month, day) * 86_400L + hour * 3600L;
  }

  /**
   * The rest of a timestamp whose first thirteen bytes gave {@code hourSeconds}: {@code
   * :MM:SS[.f{1,9}]} and the zone.
   */
  private static long withinHour(byte[] b, int start, int end, long hourSeconds) {
    int p = start;
    int minute = digits(b, p + 14, 2);
    int second = digits(b, p + 17, 2);
    if (b[p + 13] != ':'
        || minute < 0
        || minute > 59
        || b[p + 16] != ':'
        || second < 0
        || second > 59) {
      return INVALID;
    }
    p += 19;
    long micros = 0;
    if (p < end && b[p] == '.') {
      p++;
      int digitsSeen = 0;
      while (p < end && b[p] >= '0' && b[p] <= '9') {
        if (digitsSeen < 6) {
          micros = micros * 10 + (b[p] - '0');
        }
        digitsSeen++;
        p++;
      }
      if (digitsSeen == 0) {
        return INVALID;
      }
      for (int i = digitsSeen; i < 6; i++) {
        micros *= 10;
      }
    }
    if (p >= end) {
      return INVALID;
    }
    int offsetSeconds;
    byte z = b[p];
    if ((z == 'Z' || z == 'z') && p + 1 == end) {
      offsetSeconds = 0;
    } else if (z == '+' || z == '-') {
      int rest = end - p - 1;
      int oh;
      int om = 0;
      if (rest == 2) {
        oh = digits(b, p + 1, 2);
      } else if (rest == 4) {
        oh = digits(b, p + 1, 2);
        om = digits(b, p + 3, 2);
      } else if (rest == 5 && b[p + 3] == ':') {
        oh = digits(b, p + 1, 2);
        om = digits(b, p + 4, 2);
      } else {
        return INVALID;
      }
      if (oh < 0 || oh > 18 || om < 0 || om > 59) {
        return INVALID;
      }
      offsetSeconds = (oh * 3600 + om * 60) * (z == '-' ? -1 : 1);
    } else {
      return INVALID;
    }
    long secs = hourSeconds + minute * 60L + second - offsetSeconds;
    return secs * 1_000_000L + micros;
  }

  private static int digits(byte[] b, int p, int n) {
    int v = 0;
    for (int i = 0; i < n; i++) {
      int c = b[p + i] - '0';
      if (c < 0 || c > 9) {
        return -1;
      }
      v = v * 10 + c;
    }
    return v;
  }

  private static int daysInMonth(int y, int m) {
    switch (m) {
      case 2:
        return (y % 4 == 0 && (y % 100 != 0 || y % 400 == 0)) ? 29 : 28;
      case 4:
      case 6:
      case 9:
      case 11:
        return 30;
      default:
        return 31;
    }
  }

  /** Howard Hinnant's days-from-civil: proleptic Gregorian date to days since 1970-01-01. */
  static long daysFromCivil(int y, int m, int d) {
    y -= m <= 2 ? 1 : 0;
    long era = Math.floorDiv(y, 400);
    long yoe = y - era * 400;
    long doy = (153L * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146_097 + doe - 719_468;
  }
}

package dev.burnrate.store;

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
    int len = end - start;
    if (len < 20) {
      return INVALID;
    }
    int p = start;
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
    int minute = digits(b, p + 14, 2);
    int second = digits(b, p + 17, 2);
    if (hour < 0
        || hour > 23
        || b[p + 13] != ':'
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
    long days = daysFromCivil(year, month, day);
    long secs = days * 86_400L + hour * 3600L + minute * 60L + second - offsetSeconds;
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

package dev.burnrate.store;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;

/**
 * A cursor over the bytes of one JSON line: strings, numbers, literals and skipped values, read in
 * place. A string without escapes is left as a byte range ({@link #strStart}, {@link #strEnd});
 * only one with escapes is decoded into {@link #decoded}. The first failure's reason is kept in
 * {@link #error}; every read returns false (or a sentinel) once it has failed.
 *
 * <p>It knows JSON, not events: which field means what lives in {@link EventFields}.
 */
final class JsonCursor {
  byte[] b;
  int p;
  int end;
  String error;
  int strStart;
  int strEnd;
  String decoded;

  /** Points the cursor at {@code b[from, to)} and clears the last line's failure. */
  void reset(byte[] buf, int from, int to) {
    b = buf;
    p = from;
    end = to;
    error = null;
  }

  boolean fail(String why) {
    if (error == null) {
      error = why;
    }
    return false;
  }

  boolean atEnd() {
    return p >= end;
  }

  /** Consumes {@code c} when it is the next byte. */
  boolean consume(char c) {
    if (p < end && b[p] == c) {
      p++;
      return true;
    }
    return false;
  }

  /**
   * Skips spaces, tabs and carriage returns. Not {@code \n}: a line never holds one, and the parser
   * relies on the cursor stopping at the end of a line when it is not told where that is.
   */
  void skipWs() {
    while (p < end) {
      byte c = b[p];
      if (c == ' ' || c == '\t' || c == '\r') {
        p++;
      } else {
        return;
      }
    }
  }

  /** The string just read, as text (allocates; for messages and rare paths). */
  String currentString() {
    return decoded != null
        ? decoded
        : new String(b, strStart, strEnd - strStart, StandardCharsets.UTF_8);
  }

  /**
   * Whether the string just read is exactly {@code ascii} (no allocation when it was not escaped).
   */
  boolean stringEquals(byte[] ascii) {
    if (decoded != null) {
      return decoded.equals(new String(ascii, StandardCharsets.UTF_8));
    }
    int len = strEnd - strStart;
    if (len != ascii.length) {
      return false;
    }
    for (int i = 0; i < len; i++) {
      if (b[strStart + i] != ascii[i]) {
        return false;
      }
    }
    return true;
  }

  /** Up to 20 bytes from the cursor, for a message. */
  String preview() {
    int e = Math.min(end, p + 20);
    return new String(b, p, e - p, StandardCharsets.UTF_8);
  }

  /** The ASCII text of {@code b[from, to)}, for a message. */
  String ascii(int from, int to) {
    return new String(b, from, to - from, StandardCharsets.US_ASCII);
  }

  boolean peekNull() {
    if (p + 4 <= end && b[p] == 'n' && b[p + 1] == 'u' && b[p + 2] == 'l' && b[p + 3] == 'l') {
      p += 4;
      return true;
    }
    return false;
  }

  /**
   * Reads a count from 0 to {@code max}. Decimals are rounded half-even to a whole number (some
   * emitters write durations as floats).
   *
   * @return the value, {@code -1} for null, {@code Long.MIN_VALUE} after recording an error
   */
  long readCount(String name, long max) {
    if (peekNull()) {
      return -1;
    }
    int s = p;
    boolean neg = false;
    if (p < end && b[p] == '-') {
      neg = true;
      p++;
    }
    long v = 0;
    int digits = 0;
    boolean over = false;
    while (p < end && b[p] >= '0' && b[p] <= '9') {
      if (v > max) {
        over = true;
      } else {
        v = v * 10 + (b[p] - '0');
      }
      p++;
      digits++;
    }
    if (p < end && (b[p] == '.' || b[p] == 'e' || b[p] == 'E')) {
      p = s;
      if (!skipNumber()) {
        fail(name + " must be a number");
        return Long.MIN_VALUE;
      }
      BigDecimal d = decimal(s, p);
      if (d == null) {
        fail(name + " " + bounded(ascii(s, p)) + " is out of range");
        return Long.MIN_VALUE;
      }
      if (d.signum() < 0) {
        fail(name + " " + bounded(d.toPlainString()) + " is negative");
        return Long.MIN_VALUE;
      }
      if (d.compareTo(BigDecimal.valueOf(max)) > 0) {
        fail(name + " " + bounded(d.toPlainString()) + " is over " + max);
        return Long.MIN_VALUE;
      }
      return d.setScale(0, RoundingMode.HALF_EVEN).longValueExact();
    }
    if (digits == 0) {
      fail(name + " must be a number, not " + preview());
      return Long.MIN_VALUE;
    }
    if (neg) {
      fail(name + " -" + bounded(ascii(s + 1, p)) + " is negative");
      return Long.MIN_VALUE;
    }
    if (over || v > max) {
      fail(name + " " + bounded(ascii(s, p)) + " is over " + max);
      return Long.MIN_VALUE;
    }
    return v;
  }

  /**
   * The number in {@code b[from, to)}, or null when its exponent is so large that expanding it
   * would itself be an attack ({@code 1e999999999}).
   */
  BigDecimal decimal(int from, int to) {
    BigDecimal d = new BigDecimal(ascii(from, to));
    return d.precision() - d.scale() > 40 || d.scale() > 100 ? null : d;
  }

  /** A value quoted in a reason, cut so one line cannot make the reason huge. */
  static String bounded(String s) {
    return s.length() <= 40 ? s : s.substring(0, 40) + "...";
  }

  boolean skipNumber() {
    int s = p;
    if (p < end && b[p] == '-') {
      p++;
    }
    int intDigits = 0;
    while (p < end && b[p] >= '0' && b[p] <= '9') {
      p++;
      intDigits++;
    }
    if (intDigits == 0) {
      p = s;
      return false;
    }
    if (p < end && b[p] == '.') {
      p++;
      int frac = 0;
      while (p < end && b[p] >= '0' && b[p] <= '9') {
        p++;
        frac++;
      }
      if (frac == 0) {
        p = s;
        return false;
      }
    }
    if (p < end && (b[p] == 'e' || b[p] == 'E')) {
      p++;
      if (p < end && (b[p] == '+' || b[p] == '-')) {
        p++;
      }
      int exp = 0;
      while (p < end && b[p] >= '0' && b[p] <= '9') {
        p++;
        exp++;
      }
      if (exp == 0) {
        p = s;
        return false;
      }
    }
    return true;
  }

  /** Reads a JSON string; sets strStart/strEnd (raw) or {@code decoded} when it had escapes. */
  boolean readString() {
    decoded = null;
    if (p >= end || b[p] != '"') {
      return false;
    }
    p++;
    int s = p;
    p = Swar.stringStop(b, p, end);
    while (p < end) {
      byte c = b[p];
      if (c == '"') {
        strStart = s;
        strEnd = p;
        p++;
        return true;
      }
      if (c == '\\') {
        return readEscaped(s);
      }
      if ((c & 0xff) < 0x20) {
        return fail("control character inside a string");
      }
      p++;
    }
    return fail("unterminated string");
  }

  private boolean readEscaped(int s) {
    StringBuilder sb = new StringBuilder();
    sb.append(new String(b, s, p - s, StandardCharsets.UTF_8));
    int runStart = p;
    while (p < end) {
      byte c = b[p];
      if (c == '"') {
        sb.append(new String(b, runStart, p - runStart, StandardCharsets.UTF_8));
        p++;
        decoded = sb.toString();
        return true;
      }
      if (c == '\\') {
        sb.append(new String(b, runStart, p - runStart, StandardCharsets.UTF_8));
        if (p + 1 >= end) {
          return fail("unterminated escape");
        }
        byte e = b[p + 1];
        p += 2;
        switch (e) {
          case '"':
            sb.append('"');
            break;
          case '\\':
            sb.append('\\');
            break;
          case '/':
            sb.append('/');
            break;
          case 'b':
            sb.append('\b');
            break;
          case 'f':
            sb.append('\f');
            break;
          case 'n':
            sb.append('\n');
            break;
          case 'r':
            sb.append('\r');
            break;
          case 't':
            sb.append('\t');
            break;
          case 'u':
            if (p + 4 > end) {
              return fail("bad \\u escape");
            }
            int cp = 0;
            for (int i = 0; i < 4; i++) {
              int h = Character.digit(b[p + i], 16);
              if (h < 0) {
                return fail("bad \\u escape");
              }
              cp = cp * 16 + h;
            }
            sb.append((char) cp);
            p += 4;
            break;
          default:
            return fail("bad escape \\" + (char) e);
        }
        runStart = p;
        continue;
      }
      if ((c & 0xff) < 0x20) {
        return fail("control character inside a string");
      }
      p++;
    }
    return fail("unterminated string");
  }

  /** Skips one value of any shape, nested at most 64 levels deep. */
  boolean skipValue(int depth) {
    if (depth > 64) {
      return fail("nesting deeper than 64 levels");
    }
    skipWs();
    if (p >= end) {
      return fail("missing value");
    }
    byte c = b[p];
    switch (c) {
      case '"':
        return readString() || fail("bad string");
      case '{':
        p++;
        skipWs();
        if (p < end && b[p] == '}') {
          p++;
          return true;
        }
        while (true) {
          skipWs();
          if (!readString()) {
            return fail("expected a field name");
          }
          skipWs();
          if (p >= end || b[p] != ':') {
            return fail("expected ':'");
          }
          p++;
          if (!skipValue(depth + 1)) {
            return false;
          }
          skipWs();
          if (p < end && b[p] == ',') {
            p++;
          } else if (p < end && b[p] == '}') {
            p++;
            return true;
          } else {
            return fail("expected ',' or '}'");
          }
        }
      case '[':
        p++;
        skipWs();
        if (p < end && b[p] == ']') {
          p++;
          return true;
        }
        while (true) {
          if (!skipValue(depth + 1)) {
            return false;
          }
          skipWs();
          if (p < end && b[p] == ',') {
            p++;
          } else if (p < end && b[p] == ']') {
            p++;
            return true;
          } else {
            return fail("expected ',' or ']'");
          }
        }
      case 't':
        return literal("true");
      case 'f':
        return literal("false");
      case 'n':
        return literal("null");
      default:
        return skipNumber() || fail("bad value");
    }
  }

  private boolean literal(String word) {
    int n = word.length();
    if (p + n > end) {
      return fail("bad literal");
    }
    for (int i = 0; i < n; i++) {
      if (b[p + i] != word.charAt(i)) {
        return fail("bad literal");
      }
    }
    p += n;
    return true;
  }
}

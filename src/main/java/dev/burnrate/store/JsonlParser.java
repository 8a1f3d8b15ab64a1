package dev.burnrate.store;

import dev.burnrate.usage.Dimension;
import dev.burnrate.usage.EventBounds;
import dev.burnrate.engine.Segment;
import dev.burnrate.engine.SegmentBuilder;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;

/**
 * Reads audit JSONL straight from bytes into a {@link SegmentBuilder}. Hand-written rather than
 * Jackson because a month of history is 1.4 GB of lines with one flat shape: the parser interns
 * dimension strings from the raw bytes, parses numbers and timestamps in place, and allocates
 * nothing per event on the common path.
 *
 * <p>Only complete lines (ending in {@code \n}) are consumed, so a line another process is still
 * writing is left for the next read. A line that is not a valid event is recorded as malformed
 * with its line number and the reason; it never stops the read.
 */
final class JsonlParser {
  private static final int DIMS = Dimension.values().length;
  private static final int TOOL = Dimension.TOOL.ordinal();
  private static final int AGENT = Dimension.AGENT.ordinal();
  private static final int USER = Dimension.USER.ordinal();
  private static final int WORKSPACE = Dimension.WORKSPACE.ordinal();
  private static final int MODEL = Dimension.MODEL.ordinal();
  private static final int STATUS = Dimension.STATUS.ordinal();
  private static final int TEAM = Dimension.TEAM.ordinal();
  private static final int ENV = Dimension.ENV.ordinal();

  private static final long ABSENT = -1;

  private final SegmentBuilder out;
  private byte[] b;
  private int p;
  private int end;
  private String error;

  // per-line state
  private final int[] dims = new int[DIMS];
  private long ts;
  private long dur;
  private long inSize;
  private long outSize;
  private long tokIn;
  private long tokOut;
  private long tokCr;
  private long tokCw;
  private long usd;
  private double cplx;
  private long req;
  private int strStart;
  private int strEnd;
  private String decoded;
  private long lines;

  JsonlParser(SegmentBuilder out) {
    this.out = out;
  }

  /** Lines consumed by the last {@link #parse} call, blank ones included. */
  long lines() {
    return lines;
  }

  /**
   * Parses the complete lines of {@code buf[from, to)}.
   *
   * @return the offset just past the last complete line consumed
   */
  int parse(byte[] buf, int from, int to, long firstLine) {
    this.b = buf;
    long line = firstLine;
    int lineStart = from;
    while (lineStart < to) {
      int nl = indexOf(buf, (byte) '\n', lineStart, to);
      if (nl < 0) {
        break;
      }
      int lineEnd = nl;
      if (lineEnd > lineStart && buf[lineEnd - 1] == '\r') {
        lineEnd--;
      }
      if (!blank(buf, lineStart, lineEnd)) {
        parseLine(lineStart, lineEnd, line);
      }
      line++;
      lineStart = nl + 1;
    }
    lines = line - firstLine;
    return lineStart;
  }

  private static boolean blank(byte[] buf, int from, int to) {
    for (int i = from; i < to; i++) {
      byte c = buf[i];
      if (c != ' ' && c != '\t') {
        return false;
      }
    }
    return true;
  }

  private static int indexOf(byte[] buf, byte c, int from, int to) {
    for (int i = from; i < to; i++) {
      if (buf[i] == c) {
        return i;
      }
    }
    return -1;
  }

  private void parseLine(int from, int to, long line) {
    p = from;
    end = to;
    error = null;
    for (int d = 0; d < DIMS; d++) {
      dims[d] = -1;
    }
    ts = Timestamps.INVALID;
    dur = 0;
    inSize = 0;
    outSize = 0;
    tokIn = ABSENT;
    tokOut = ABSENT;
    tokCr = ABSENT;
    tokCw = ABSENT;
    usd = Segment.NO_USD;
    cplx = Double.NaN;
    req = 0;
    boolean tsSeen = false;
    if (!parseObject()) {
      out.malformed(line, error == null ? "not a JSON object" : error);
      return;
    }
    skipWs();
    if (p != end) {
      out.malformed(line, "unexpected text after the JSON object at column " + (p - from + 1));
      return;
    }
    if (ts == Timestamps.INVALID) {
      out.malformed(line, "missing ts");
      return;
    }
    if (dims[TOOL] < 0) {
      out.malformed(line, "missing tool");
      return;
    }
    if (dims[STATUS] < 0) {
      out.malformed(line, "missing status (pass, failed, error or denied)");
      return;
    }
    out.add(ts, dims, dur, inSize, outSize, tokIn, tokOut, tokCr, tokCw, usd, cplx, req);
  }

  private boolean parseObject() {
    skipWs();
    if (p >= end || b[p] != '{') {
      return fail("not a JSON object");
    }
    p++;
    skipWs();
    if (p < end && b[p] == '}') {
      p++;
      return true;
    }
    while (true) {
      skipWs();
      if (!readString()) {
        return fail(error == null ? "expected a field name" : error);
      }
      int ks = strStart;
      int ke = strEnd;
      String kdec = decoded;
      skipWs();
      if (p >= end || b[p] != ':') {
        return fail("expected ':' after a field name");
      }
      p++;
      skipWs();
      if (!field(ks, ke, kdec)) {
        return false;
      }
      skipWs();
      if (p >= end) {
        return fail("unterminated object");
      }
      if (b[p] == ',') {
        p++;
        continue;
      }
      if (b[p] == '}') {
        p++;
        return true;
      }
      return fail("expected ',' or '}'");
    }
  }

  private boolean fail(String why) {
    if (error == null) {
      error = why;
    }
    return false;
  }

  private boolean is(int ks, int ke, String kdec, byte[] name) {
    if (kdec != null) {
      return kdec.equals(new String(name, StandardCharsets.UTF_8));
    }
    int len = ke - ks;
    if (len != name.length) {
      return false;
    }
    for (int i = 0; i < len; i++) {
      if (b[ks + i] != name[i]) {
        return false;
      }
    }
    return true;
  }

  private static byte[] k(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static final byte[] K_TS = k("ts");
  private static final byte[] K_REQ = k("req_id");
  private static final byte[] K_WS = k("workspace_id");
  private static final byte[] K_USER = k("user_id");
  private static final byte[] K_AGENT = k("agent_id");
  private static final byte[] K_TOOL = k("tool");
  private static final byte[] K_STATUS = k("status");
  private static final byte[] K_DUR = k("duration_ms");
  private static final byte[] K_IN = k("in_size");
  private static final byte[] K_OUT = k("out_size");
  private static final byte[] K_MODEL = k("model");
  private static final byte[] K_TIN = k("input_tokens");
  private static final byte[] K_TOUT = k("output_tokens");
  private static final byte[] K_TCR = k("cache_read_tokens");
  private static final byte[] K_TCW = k("cache_write_tokens");
  private static final byte[] K_USD = k("cost_usd");
  private static final byte[] K_CPLX = k("complexity_score");
  private static final byte[] K_TEAM = k("team");
  private static final byte[] K_ENV = k("env");

  private boolean field(int ks, int ke, String kdec) {
    if (is(ks, ke, kdec, K_TS)) {
      if (!readString()) {
        return fail("ts must be an ISO-8601 string");
      }
      long t =
          decoded != null
              ? parseDecodedTs(decoded)
              : Timestamps.parseMicros(b, strStart, strEnd);
      if (t == Timestamps.INVALID) {
        return fail(
            "ts '" + currentString() + "' is not ISO-8601 with Z or an offset"
                + " (e.g. 2026-02-23T11:59:59.123Z)");
      }
      ts = t;
      return true;
    }
    if (is(ks, ke, kdec, K_TOOL)) {
      return dimString(TOOL, "tool", true);
    }
    if (is(ks, ke, kdec, K_AGENT)) {
      return dimString(AGENT, "agent_id", false);
    }
    if (is(ks, ke, kdec, K_USER)) {
      return dimString(USER, "user_id", false);
    }
    if (is(ks, ke, kdec, K_WS)) {
      return dimString(WORKSPACE, "workspace_id", false);
    }
    if (is(ks, ke, kdec, K_MODEL)) {
      return dimString(MODEL, "model", false);
    }
    if (is(ks, ke, kdec, K_TEAM)) {
      return dimString(TEAM, "team", false);
    }
    if (is(ks, ke, kdec, K_ENV)) {
      return dimString(ENV, "env", false);
    }
    if (is(ks, ke, kdec, K_STATUS)) {
      if (!readString()) {
        return fail("status must be a string: pass, failed, error or denied");
      }
      String s = currentString();
      if (!s.equals("pass") && !s.equals("failed") && !s.equals("error") && !s.equals("denied")) {
        return fail("status '" + s + "' is not one of pass, failed, error, denied");
      }
      dims[STATUS] = out.intern(STATUS, s);
      return true;
    }
    if (is(ks, ke, kdec, K_REQ)) {
      if (peekNull()) {
        return true;
      }
      if (!readString()) {
        return fail("req_id must be a string");
      }
      req =
          decoded != null
              ? SegmentBuilder.reqHash(decoded)
              : SegmentBuilder.reqHash(b, strStart, strEnd - strStart);
      return true;
    }
    if (is(ks, ke, kdec, K_DUR)) {
      long v = readCount("duration_ms", EventBounds.MAX_DURATION_MS);
      if (v == Long.MIN_VALUE) {
        return false;
      }
      dur = v < 0 ? 0 : v;
      return true;
    }
    if (is(ks, ke, kdec, K_IN)) {
      long v = readCount("in_size", EventBounds.MAX_SIZE_BYTES);
      if (v == Long.MIN_VALUE) {
        return false;
      }
      inSize = v < 0 ? 0 : v;
      return true;
    }
    if (is(ks, ke, kdec, K_OUT)) {
      long v = readCount("out_size", EventBounds.MAX_SIZE_BYTES);
      if (v == Long.MIN_VALUE) {
        return false;
      }
      outSize = v < 0 ? 0 : v;
      return true;
    }
    if (is(ks, ke, kdec, K_TIN)) {
      tokIn = readCount("input_tokens", EventBounds.MAX_TOKENS);
      return tokIn != Long.MIN_VALUE;
    }
    if (is(ks, ke, kdec, K_TOUT)) {
      tokOut = readCount("output_tokens", EventBounds.MAX_TOKENS);
      return tokOut != Long.MIN_VALUE;
    }
    if (is(ks, ke, kdec, K_TCR)) {
      tokCr = readCount("cache_read_tokens", EventBounds.MAX_TOKENS);
      return tokCr != Long.MIN_VALUE;
    }
    if (is(ks, ke, kdec, K_TCW)) {
      tokCw = readCount("cache_write_tokens", EventBounds.MAX_TOKENS);
      return tokCw != Long.MIN_VALUE;
    }
    if (is(ks, ke, kdec, K_USD)) {
      if (peekNull()) {
        return true;
      }
      int s = p;
      if (!skipNumber()) {
        return fail("cost_usd must be a number of dollars");
      }
      BigDecimal v = decimal(s, p);
      if (v == null) {
        return fail("cost_usd " + bounded(new String(b, s, p - s, StandardCharsets.US_ASCII))
            + " is out of range");
      }
      if (v.signum() < 0) {
        return fail("cost_usd " + v.toPlainString() + " is negative");
      }
      if (v.compareTo(EventBounds.MAX_COST_USD) > 0) {
        return fail("cost_usd " + bounded(v.toPlainString()) + " is over "
            + EventBounds.MAX_COST_USD.toPlainString() + ", the most one event may claim");
      }
      usd = SegmentBuilder.usdNanos(v);
      return true;
    }
    if (is(ks, ke, kdec, K_CPLX)) {
      if (peekNull()) {
        return true;
      }
      int s = p;
      if (!skipNumber()) {
        return fail("complexity_score must be a number between 0 and 1");
      }
      double v = Double.parseDouble(new String(b, s, p - s, StandardCharsets.US_ASCII));
      if (!(v >= 0 && v <= 1)) {
        return fail("complexity_score " + v + " is not between 0 and 1");
      }
      cplx = v;
      return true;
    }
    // Unknown or unused field (action, input_hash, graph_run_id, extensions ...): skip its value.
    return skipValue(0);
  }

  private static long parseDecodedTs(String s) {
    byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
    return Timestamps.parseMicros(bytes, 0, bytes.length);
  }

  private String currentString() {
    return decoded != null ? decoded : new String(b, strStart, strEnd - strStart, StandardCharsets.UTF_8);
  }

  private boolean dimString(int dim, String name, boolean required) {
    if (peekNull()) {
      if (required) {
        return fail(name + " must not be null");
      }
      return true;
    }
    if (!readString()) {
      return fail(name + " must be a string");
    }
    if (decoded != null) {
      dims[dim] = out.intern(dim, decoded);
    } else {
      if (strEnd == strStart && required) {
        return fail(name + " must not be empty");
      }
      dims[dim] = out.intern(dim, b, strStart, strEnd - strStart);
    }
    return true;
  }

  /**
   * Reads a count from 0 to {@code max}. Decimals are rounded half-even to a whole number (some
   * emitters write durations as floats).
   *
   * @return the value, {@code -1} for null, {@code Long.MIN_VALUE} after recording an error
   */
  private long readCount(String name, long max) {
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
        fail(name + " " + bounded(new String(b, s, p - s, StandardCharsets.US_ASCII))
            + " is out of range");
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
      return d.setScale(0, java.math.RoundingMode.HALF_EVEN).longValueExact();
    }
    if (digits == 0) {
      fail(name + " must be a number, not " + preview());
      return Long.MIN_VALUE;
    }
    if (neg) {
      fail(name + " -" + bounded(new String(b, s + 1, p - s - 1, StandardCharsets.US_ASCII))
          + " is negative");
      return Long.MIN_VALUE;
    }
    if (over || v > max) {
      fail(name + " " + bounded(new String(b, s, p - s, StandardCharsets.US_ASCII)) + " is over " + max);
      return Long.MIN_VALUE;
    }
    return v;
  }

  /**
   * The number in {@code b[from, to)}, or null when its exponent is so large that expanding it
   * would itself be an attack ({@code 1e999999999}).
   */
  private BigDecimal decimal(int from, int to) {
    BigDecimal d = new BigDecimal(new String(b, from, to - from, StandardCharsets.US_ASCII));
    return d.precision() - d.scale() > 40 || d.scale() > 100 ? null : d;
  }

  /** A value quoted in a reason, cut so one line cannot make the reason huge. */
  private static String bounded(String s) {
    return s.length() <= 40 ? s : s.substring(0, 40) + "...";
  }

  private String preview() {
    int e = Math.min(end, p + 20);
    return new String(b, p, e - p, StandardCharsets.UTF_8);
  }

  private boolean peekNull() {
    if (p + 4 <= end && b[p] == 'n' && b[p + 1] == 'u' && b[p + 2] == 'l' && b[p + 3] == 'l') {
      p += 4;
      return true;
    }
    return false;
  }

  private boolean skipNumber() {
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
  private boolean readString() {
    decoded = null;
    if (p >= end || b[p] != '"') {
      return false;
    }
    p++;
    int s = p;
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

  private boolean skipValue(int depth) {
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

  private void skipWs() {
    while (p < end) {
      byte c = b[p];
      if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
        p++;
      } else {
        return;
      }
    }
  }
}

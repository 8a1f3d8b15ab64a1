package dev.burnrate.store;

import dev.burnrate.engine.Bytes;
import dev.burnrate.engine.SegmentBuilder;
import dev.burnrate.usage.CalendarDate;
import dev.burnrate.usage.Dimension;
import dev.burnrate.usage.EventBounds;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;

/**
 * The audit event's fields as a table: field name to the handler that reads its value into an
 * {@link ParsedEvent}. The table is an open-addressing map probed with the name's raw bytes, so a
 * field costs one hash and one comparison, whichever field it is; names not in the table (action,
 * input_hash, graph_run_id, extensions ...) are skipped by the parser.
 */
final class EventFields {
  /** Reads one field's value at the cursor; false after recording the reason in the cursor. */
  @FunctionalInterface
  interface Field {
    boolean read(JsonCursor c, ParsedEvent e);
  }

  private static final byte[][] KEYS = new byte[64][];
  private static final Field[] FIELDS = new Field[64];

  static {
    put("ts", EventFields::ts);
    put("req_id", EventFields::reqId);
    put("workspace_id", dim(Dimension.WORKSPACE, "workspace_id", false));
    put("user_id", dim(Dimension.USER, "user_id", false));
    put("agent_id", dim(Dimension.AGENT, "agent_id", false));
    put("tool", dim(Dimension.TOOL, "tool", true));
    put("model", dim(Dimension.MODEL, "model", false));
    put("team", dim(Dimension.TEAM, "team", false));
    put("env", dim(Dimension.ENV, "env", false));
    put("status", EventFields::status);
    // Sizes and durations: absent or null reads as 0; tokens keep -1 for "absent".
    put(
        "duration_ms",
        count("duration_ms", EventBounds.MAX_DURATION_MS, true, (e, v) -> e.dur = v));
    put("in_size", count("in_size", EventBounds.MAX_SIZE_BYTES, true, (e, v) -> e.inSize = v));
    put("out_size", count("out_size", EventBounds.MAX_SIZE_BYTES, true, (e, v) -> e.outSize = v));
    put(
        "input_tokens",
        count("input_tokens", EventBounds.MAX_TOKENS, false, (e, v) -> e.tokIn = v));
    put(
        "output_tokens",
        count("output_tokens", EventBounds.MAX_TOKENS, false, (e, v) -> e.tokOut = v));
    put(
        "cache_read_tokens",
        count("cache_read_tokens", EventBounds.MAX_TOKENS, false, (e, v) -> e.tokCr = v));
    put(
        "cache_write_tokens",
        count("cache_write_tokens", EventBounds.MAX_TOKENS, false, (e, v) -> e.tokCw = v));
    put("cost_usd", EventFields::costUsd);
    put("complexity_score", EventFields::complexity);
  }

  private EventFields() {}

  /**
   * A whole-number field from 0 to {@code max}: the cursor records a bad value's reason; {@code
   * floorAtZero} reads absent (-1) as 0.
   */
  private static Field count(
      String name,
      long max,
      boolean floorAtZero,
      java.util.function.ObjLongConsumer<ParsedEvent> set) {
    return (c, e) -> {
      long v = c.readCount(name, max);
      set.accept(e, floorAtZero && v < 0 ? 0 : v);
      return v != Long.MIN_VALUE;
    };
  }

  /** The handler for the field named {@code b[off, off+len)}, or null for a field we skip. */
  static Field lookup(byte[] b, int off, int len) {
    int mask = KEYS.length - 1;
    int slot = Bytes.hash(b, off, len) & mask;
    while (true) {
      byte[] k = KEYS[slot];
      if (k == null) {
        return null;
      }
      if (k.length == len && Bytes.same(k, 0, b, off, len)) {
        return FIELDS[slot];
      }
      slot = (slot + 1) & mask;
    }
  }

  /** As {@link #lookup(byte[], int, int)} for a name that had escapes. */
  static Field lookup(String name) {
    byte[] k = name.getBytes(StandardCharsets.UTF_8);
    return lookup(k, 0, k.length);
  }

  private static void put(String name, Field f) {
    byte[] k = name.getBytes(StandardCharsets.UTF_8);
    int mask = KEYS.length - 1;
    int slot = Bytes.hash(k, 0, k.length) & mask;
    while (KEYS[slot] != null) {
      slot = (slot + 1) & mask;
    }
    KEYS[slot] = k;
    FIELDS[slot] = f;
  }

  private static boolean ts(JsonCursor c, ParsedEvent e) {
    if (!c.readString()) {
      return c.fail("ts must be an ISO-8601 string");
    }
    long t;
    if (c.decoded != null) {
      byte[] bytes = c.decoded.getBytes(StandardCharsets.UTF_8);
      t = Timestamps.parseMicros(bytes, 0, bytes.length);
    } else {
      t = e.times.parseMicros(c.b, c.strStart, c.strEnd);
    }
    if (t == Timestamps.INVALID) {
      String ts = c.currentString();
      return c.fail(
          "ts '"
              + ts
              + "' "
              + CalendarDate.problem(ts)
                  .orElse("is not ISO-8601 with Z or an offset (e.g. 2026-02-23T11:59:59.123Z)"));
    }
    e.ts = t;
    return true;
  }

  private static Field dim(Dimension d, String name, boolean required) {
    int dim = d.ordinal();
    return (c, e) -> {
      if (c.peekNull()) {
        return !required || c.fail(name + " must not be null");
      }
      if (!c.readString()) {
        return c.fail(name + " must be a string");
      }
      if (c.decoded != null) {
        e.dims[dim] = e.out.intern(dim, c.decoded);
      } else {
        if (c.strEnd == c.strStart && required) {
          return c.fail(name + " must not be empty");
        }
        e.dims[dim] = e.out.intern(dim, c.b, c.strStart, c.strEnd - c.strStart);
      }
      return true;
    };
  }

  private static final byte[][] STATUSES = {
    "pass".getBytes(StandardCharsets.US_ASCII), "failed".getBytes(StandardCharsets.US_ASCII),
    "error".getBytes(StandardCharsets.US_ASCII), "denied".getBytes(StandardCharsets.US_ASCII),
  };

  private static boolean status(JsonCursor c, ParsedEvent e) {
    if (!c.readString()) {
      return c.fail("status must be a string: pass, failed, error or denied");
    }
    for (int k = 0; k < STATUSES.length; k++) {
      if (c.stringEquals(STATUSES[k])) {
        int dim = Dimension.STATUS.ordinal();
        int id = e.statusIds[k];
        if (id < 0) {
          id = e.out.intern(dim, STATUSES[k], 0, STATUSES[k].length);
          e.statusIds[k] = id;
        }
        e.dims[dim] = id;
        return true;
      }
    }
    return c.fail("status '" + c.currentString() + "' is not one of pass, failed, error, denied");
  }

  private static boolean reqId(JsonCursor c, ParsedEvent e) {
    if (c.peekNull()) {
      return true;
    }
    if (!c.readString()) {
      return c.fail("req_id must be a string");
    }
    e.req =
        c.decoded != null
            ? SegmentBuilder.reqHash(c.decoded)
            : SegmentBuilder.reqHash(c.b, c.strStart, c.strEnd - c.strStart);
    return true;
  }

  private static boolean costUsd(JsonCursor c, ParsedEvent e) {
    if (c.peekNull()) {
      return true;
    }
    int s = c.p;
    if (!c.skipNumber()) {
      return c.fail("cost_usd must be a number of dollars");
    }
    long nanos = plainNanos(c.b, s, c.p);
    if (nanos >= 0) {
      e.usd = nanos;
      return true;
    }
    BigDecimal v = c.decimal(s, c.p);
    if (v == null) {
      return c.fail("cost_usd " + JsonCursor.bounded(c.ascii(s, c.p)) + " is out of range");
    }
    if (v.signum() < 0) {
      return c.fail("cost_usd " + v.toPlainString() + " is negative");
    }
    if (v.compareTo(EventBounds.MAX_COST_USD) > 0) {
      return c.fail(
          "cost_usd "
              + JsonCursor.bounded(v.toPlainString())
              + " is over "
              + EventBounds.MAX_COST_USD.toPlainString()
              + ", the most one event may claim");
    }
    e.usd = SegmentBuilder.usdNanos(v);
    return true;
  }

  private static boolean complexity(JsonCursor c, ParsedEvent e) {
    if (c.peekNull()) {
      return true;
    }
    int s = c.p;
    if (!c.skipNumber()) {
      return c.fail("complexity_score must be a number between 0 and 1");
    }
    double v = plainDouble(c.b, s, c.p);
    if (Double.isNaN(v)) {
      v = Double.parseDouble(c.ascii(s, c.p));
    }
    if (!(v >= 0 && v <= 1)) {
      return c.fail("complexity_score " + v + " is not between 0 and 1");
    }
    e.cplx = v;
    return true;
  }

  private static final long MAX_USD_NANOS =
      EventBounds.MAX_COST_USD.movePointRight(9).longValueExact();
  private static final double[] POW10 = {
    1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
  };

  /**
   * The common {@code cost_usd} spelling, {@code 123.456} (no sign, no exponent, at most nine
   * decimals, within bounds), as exact nano-dollars without a BigDecimal; -1 for anything else,
   * which then takes the general path with its rounding and messages.
   */
  private static long plainNanos(byte[] b, int from, int to) {
    long whole = 0;
    int i = from;
    int digits = 0;
    while (i < to && b[i] >= '0' && b[i] <= '9') {
      whole = whole * 10 + (b[i++] - '0');
      if (++digits > 7) {
        return -1;
      }
    }
    long frac = 0;
    int decimals = 0;
    if (i < to && b[i] == '.') {
      i++;
      while (i < to && b[i] >= '0' && b[i] <= '9') {
        frac = frac * 10 + (b[i++] - '0');
        if (++decimals > 9) {
          return -1;
        }
      }
    }
    if (i != to || digits == 0) {
      return -1;
    }
    for (int k = decimals; k < 9; k++) {
      frac *= 10;
    }
    long nanos = whole * 1_000_000_000L + frac;
    return nanos <= MAX_USD_NANOS ? nanos : -1;
  }

  /**
   * The common {@code complexity_score} spelling, {@code 0.35} (no sign, no exponent, at most 15
   * digits), parsed without a string: digits and divisor are exact doubles, so the one rounding
   * division gives exactly what {@link Double#parseDouble} gives. NaN for anything else.
   */
  private static double plainDouble(byte[] b, int from, int to) {
    long m = 0;
    int digits = 0;
    int decimals = 0;
    boolean dot = false;
    for (int i = from; i < to; i++) {
      byte x = b[i];
      if (x >= '0' && x <= '9') {
        m = m * 10 + (x - '0');
        if (++digits > 15) {
          return Double.NaN;
        }
        if (dot) {
          decimals++;
        }
      } else if (x == '.' && !dot) {
        dot = true;
      } else {
        return Double.NaN;
      }
    }
    return digits == 0 ? Double.NaN : m / POW10[decimals];
  }
}

package dev.burnrate.usage;

import java.math.BigDecimal;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.Set;

/**
 * Checks one usage event given as a JSON object (from {@code record_usage} or a file being
 * ingested) and turns it into a {@link UsageEvent}. Every rejection says which field was wrong, the
 * value, and what is expected.
 */
public final class EventValidator {
  private static final Set<String> KNOWN =
      Set.of(
          "ts",
          "req_id",
          "workspace_id",
          "user_id",
          "agent_id",
          "tool",
          "action",
          "status",
          "duration_ms",
          "in_size",
          "out_size",
          "input_hash",
          "graph_run_id",
          "graph_node",
          "job_id",
          "model",
          "input_tokens",
          "output_tokens",
          "cache_read_tokens",
          "cache_write_tokens",
          "cost_usd",
          "complexity_score",
          "team",
          "env");
  private static final int MAX_STRING = 256;

  private EventValidator() {}

  /** Validates against the default window around {@code now}. */
  public static UsageEvent validate(Map<String, Object> m, Instant now) {
    return validate(m, now, EventWindow.DEFAULT);
  }

  /**
   * @throws IllegalArgumentException with a message naming the field, the value and the fix
   */
  public static UsageEvent validate(Map<String, Object> m, Instant now, EventWindow window) {
    for (String k : m.keySet()) {
      if (!KNOWN.contains(k)) {
        throw new IllegalArgumentException(
            "unknown field '"
                + shown(k)
                + "'; event fields are "
                + String.join(", ", new java.util.TreeSet<>(KNOWN)));
      }
    }
    Object tsv = m.get("ts");
    if (!(tsv instanceof String ts)) {
      throw new IllegalArgumentException(
          "ts is required: an ISO-8601 string with Z or an offset, e.g. 2026-02-23T11:59:59.123Z");
    }
    long micros;
    try {
      Instant t = OffsetDateTime.parse(ts, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
      micros =
          Math.addExact(Math.multiplyExact(t.getEpochSecond(), 1_000_000L), t.getNano() / 1000);
    } catch (DateTimeException | ArithmeticException e) {
      // A day the calendar lacks is said as such: the format and the zone may be right.
      throw new IllegalArgumentException(
          "ts '"
              + shown(ts)
              + "' "
              + CalendarDate.problem(ts)
                  .orElse("is not ISO-8601 with Z or an offset, e.g. 2026-02-23T11:59:59.123Z"));
    }
    Instant earliest = now.minus(window.maxAge());
    Instant latest = now.plus(window.maxAhead());
    if (micros < micros(earliest) || micros > micros(latest)) {
      throw new IllegalArgumentException(
          "ts '"
              + shown(ts)
              + "' is outside the accepted window "
              + earliest
              + " .. "
              + latest
              + " ("
              + window.maxAge().toDays()
              + " days back, "
              + window.maxAhead().toHours()
              + " hours ahead of now); send the time the call happened");
    }
    String tool = str(m, "tool", true);
    if (tool.isBlank()) {
      throw new IllegalArgumentException("tool must not be empty");
    }
    Object sv = m.get("status");
    Status status;
    if (sv == null) {
      status = Status.PASS;
    } else if (sv instanceof String s) {
      status = Status.parse(s);
    } else {
      throw new IllegalArgumentException("status must be one of pass, failed, error, denied");
    }
    long inTok = count(m, "input_tokens", EventBounds.MAX_TOKENS);
    long cr = count(m, "cache_read_tokens", EventBounds.MAX_TOKENS);
    long cw = count(m, "cache_write_tokens", EventBounds.MAX_TOKENS);
    Object usdv = m.get("cost_usd");
    BigDecimal usd = null;
    if (usdv != null) {
      usd = decimal(usdv, "cost_usd");
      if (usd.signum() < 0) {
        throw new IllegalArgumentException("cost_usd " + usd.toPlainString() + " is negative");
      }
      if (usd.compareTo(EventBounds.MAX_COST_USD) > 0) {
        throw new IllegalArgumentException(
            "cost_usd "
                + usd.toPlainString()
                + " is over "
                + EventBounds.MAX_COST_USD.toPlainString()
                + ", the most one event may claim");
      }
    }
    double complexity = Double.NaN;
    Object cv = m.get("complexity_score");
    if (cv != null) {
      complexity = decimal(cv, "complexity_score").doubleValue();
      if (!(complexity >= 0 && complexity <= 1)) {
        throw new IllegalArgumentException("complexity_score " + cv + " must be between 0 and 1");
      }
    }
    return new UsageEvent(
        micros,
        str(m, "req_id", false),
        str(m, "workspace_id", false),
        str(m, "user_id", false),
        str(m, "agent_id", false),
        tool,
        str(m, "action", false),
        status,
        Math.max(count(m, "duration_ms", EventBounds.MAX_DURATION_MS), 0),
        Math.max(count(m, "in_size", EventBounds.MAX_SIZE_BYTES), 0),
        Math.max(count(m, "out_size", EventBounds.MAX_SIZE_BYTES), 0),
        str(m, "input_hash", false),
        str(m, "graph_run_id", false),
        str(m, "graph_node", false),
        str(m, "job_id", false),
        str(m, "model", false),
        inTok,
        count(m, "output_tokens", EventBounds.MAX_TOKENS),
        cr,
        cw,
        usd,
        complexity,
        str(m, "team", false),
        str(m, "env", false));
  }

  private static String str(Map<String, Object> m, String k, boolean required) {
    Object v = m.get(k);
    if (v == null) {
      if (required) {
        throw new IllegalArgumentException(k + " is required");
      }
      return null;
    }
    if (!(v instanceof String s)) {
      throw new IllegalArgumentException(k + " must be a string, not " + shown(v));
    }
    if (s.length() > MAX_STRING) {
      throw new IllegalArgumentException(
          k + " is " + s.length() + " characters; the limit is " + MAX_STRING);
    }
    return s;
  }

  private static long micros(Instant t) {
    return t.getEpochSecond() * 1_000_000L + t.getNano() / 1000;
  }

  /** A whole number from 0 to {@code max}, or -1 when absent. */
  private static long count(Map<String, Object> m, String k, long max) {
    Object v = m.get(k);
    if (v == null) {
      return -1;
    }
    BigDecimal d = decimal(v, k);
    if (d.signum() < 0) {
      throw new IllegalArgumentException(k + " " + d.toPlainString() + " is negative");
    }
    if (d.compareTo(BigDecimal.valueOf(max)) > 0) {
      throw new IllegalArgumentException(
          k + " " + d.toPlainString() + " is over " + max + ", more than one call can take");
    }
    return d.setScale(0, java.math.RoundingMode.HALF_EVEN).longValueExact();
  }

  private static BigDecimal decimal(Object v, String k) {
    BigDecimal d = anyDecimal(v, k);
    // 1e999999999 and 1e-999999999 are one short token each, but rounding them costs the CPU
    // for minutes; nothing real needs more than 40 integer digits or 100 decimals.
    if (d.precision() - d.scale() > 40 || d.scale() > 100) {
      throw new IllegalArgumentException(k + " " + shown(d.toString()) + " is out of range");
    }
    return d;
  }

  private static String shown(Object v) {
    String s = String.valueOf(v);
    return s.length() <= 40 ? s : s.substring(0, 40) + "...";
  }

  private static BigDecimal anyDecimal(Object v, String k) {
    if (v instanceof BigDecimal d) {
      return d;
    }
    if (v instanceof Integer
        || v instanceof Long
        || v instanceof Short
        || v instanceof java.math.BigInteger) {
      return new BigDecimal(v.toString());
    }
    if (v instanceof Double || v instanceof Float) {
      double x = ((Number) v).doubleValue();
      if (Double.isNaN(x) || Double.isInfinite(x)) {
        throw new IllegalArgumentException(k + " must be a finite number");
      }
      return new BigDecimal(v.toString());
    }
    throw new IllegalArgumentException(
        k
            + " must be a number, not "
            + (v instanceof String ? "the string \"" + shown(v) + "\"" : shown(v)));
  }
}

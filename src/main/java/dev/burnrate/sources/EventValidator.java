package dev.burnrate.sources;

import dev.burnrate.cost.Status;
import dev.burnrate.cost.UsageEvent;
import java.math.BigDecimal;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.Set;

/**
 * Checks one usage event given as a JSON object (from {@code record_usage} or a file being
 * ingested) and turns it into a {@link UsageEvent}. Every rejection says which field was wrong,
 * the value, and what is expected.
 */
public final class EventValidator {
  private static final Set<String> KNOWN =
      Set.of(
          "ts", "req_id", "workspace_id", "user_id", "agent_id", "tool", "action", "status",
          "duration_ms", "in_size", "out_size", "input_hash", "graph_run_id", "graph_node",
          "job_id", "model", "input_tokens", "output_tokens", "cache_read_tokens",
          "cache_write_tokens", "cost_usd", "complexity_score", "team", "env");
  private static final int MAX_STRING = 256;

  private EventValidator() {}

  /**
   * @throws IllegalArgumentException with a message naming the field, the value and the fix
   */
  public static UsageEvent validate(Map<String, Object> m) {
    for (String k : m.keySet()) {
      if (!KNOWN.contains(k)) {
        throw new IllegalArgumentException(
            "unknown field '" + k + "'; event fields are " + String.join(", ", new java.util.TreeSet<>(KNOWN)));
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
      micros = Math.addExact(Math.multiplyExact(t.getEpochSecond(), 1_000_000L), t.getNano() / 1000);
    } catch (DateTimeException | ArithmeticException e) {
      throw new IllegalArgumentException(
          "ts '" + ts + "' is not ISO-8601 with Z or an offset, e.g. 2026-02-23T11:59:59.123Z");
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
    long inTok = count(m, "input_tokens");
    long cr = count(m, "cache_read_tokens");
    long cw = count(m, "cache_write_tokens");
    Object usdv = m.get("cost_usd");
    BigDecimal usd = null;
    if (usdv != null) {
      usd = decimal(usdv, "cost_usd");
      if (usd.signum() < 0) {
        throw new IllegalArgumentException("cost_usd " + usd.toPlainString() + " is negative");
      }
    }
    double complexity = Double.NaN;
    Object cv = m.get("complexity_score");
    if (cv != null) {
      complexity = decimal(cv, "complexity_score").doubleValue();
      if (!(complexity >= 0 && complexity <= 1)) {
        throw new IllegalArgumentException(
            "complexity_score " + cv + " must be between 0 and 1");
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
        Math.max(count(m, "duration_ms"), 0),
        Math.max(count(m, "in_size"), 0),
        Math.max(count(m, "out_size"), 0),
        str(m, "input_hash", false),
        str(m, "graph_run_id", false),
        str(m, "graph_node", false),
        str(m, "job_id", false),
        str(m, "model", false),
        inTok,
        count(m, "output_tokens"),
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
      throw new IllegalArgumentException(k + " must be a string, not " + v);
    }
    if (s.length() > MAX_STRING) {
      throw new IllegalArgumentException(k + " is " + s.length() + " characters; the limit is " + MAX_STRING);
    }
    return s;
  }

  /** A whole non-negative number, or -1 when absent. */
  private static long count(Map<String, Object> m, String k) {
    Object v = m.get(k);
    if (v == null) {
      return -1;
    }
    BigDecimal d = decimal(v, k);
    if (d.signum() < 0) {
      throw new IllegalArgumentException(k + " " + d.toPlainString() + " is negative");
    }
    try {
      return d.setScale(0, java.math.RoundingMode.HALF_EVEN).longValueExact();
    } catch (ArithmeticException e) {
      throw new IllegalArgumentException(k + " " + d.toPlainString() + " is too large");
    }
  }

  private static BigDecimal decimal(Object v, String k) {
    if (v instanceof BigDecimal d) {
      return d;
    }
    if (v instanceof Integer || v instanceof Long || v instanceof Short || v instanceof java.math.BigInteger) {
      return new BigDecimal(v.toString());
    }
    if (v instanceof Double || v instanceof Float) {
      double x = ((Number) v).doubleValue();
      if (Double.isNaN(x) || Double.isInfinite(x)) {
        throw new IllegalArgumentException(k + " must be a finite number");
      }
      return new BigDecimal(v.toString());
    }
    throw new IllegalArgumentException(k + " must be a number, not " + (v instanceof String ? "the string \"" + v + "\"" : v));
  }
}

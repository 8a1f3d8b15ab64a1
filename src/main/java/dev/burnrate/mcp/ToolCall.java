package dev.burnrate.mcp;

import dev.burnrate.engine.Times;
import dev.burnrate.usage.QueryException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The arguments of one call and the principal making it, with typed accessors whose errors name the
 * argument, the value received and what to send instead. An argument that is absent or JSON {@code
 * null} counts as not given.
 */
public final class ToolCall {
  private final String principal;
  private final Map<String, Object> arguments;

  public ToolCall(String principal, Map<String, Object> arguments) {
    this.principal = principal;
    this.arguments =
        arguments == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(arguments));
  }

  /** The principal (agent) the server runs for. */
  public String principal() {
    return principal;
  }

  public Map<String, Object> arguments() {
    return arguments;
  }

  public boolean has(String name) {
    return arguments.get(name) != null;
  }

  public String requiredString(String name) throws ToolInputException {
    if (arguments.get(name) instanceof String s && s.isBlank()) {
      // "or leave it out" would be wrong advice for an argument the call cannot do without.
      throw new ToolInputException("argument '" + name + "' is empty; pass a non-empty string");
    }
    return optionalString(name)
        .orElseThrow(() -> new ToolInputException(missing(name, "a non-empty string")));
  }

  public Optional<String> optionalString(String name) throws ToolInputException {
    Object v = arguments.get(name);
    if (v == null) {
      return Optional.empty();
    }
    if (!(v instanceof String)) {
      throw new ToolInputException(wrongType(name, v, "a string"));
    }
    String s = ((String) v).strip();
    if (s.isEmpty()) {
      throw new ToolInputException(
          "argument '" + name + "' is empty; pass a non-empty string or leave it out");
    }
    return Optional.of(s);
  }

  public String optionalString(String name, String fallback) throws ToolInputException {
    return optionalString(name).orElse(fallback);
  }

  public int requiredInt(String name, int min, int max) throws ToolInputException {
    if (!has(name)) {
      throw new ToolInputException(missing(name, "an integer from " + min + " to " + max));
    }
    return intArg(name, min, min, max);
  }

  /** An integer in {@code [min, max]}, or {@code fallback} when the argument is not given. */
  public int intArg(String name, int fallback, int min, int max) throws ToolInputException {
    return (int) longArg(name, fallback, min, max);
  }

  /**
   * A length of time as a whole number of {@code unit}s in {@code [min, max]}: an integer, or a
   * span such as {@code "24h"} or {@code "7d"} ({@link Times#span}) that is a whole number of them;
   * {@code fallback} when the argument is not given.
   */
  public int spanArg(String name, ChronoUnit unit, int fallback, int min, int max)
      throws ToolInputException {
    if (!(arguments.get(name) instanceof String text)) {
      return intArg(name, fallback, min, max);
    }
    long value;
    try {
      value = Times.inUnits(name, text, unit);
    } catch (QueryException e) {
      throw new ToolInputException("argument " + e.getMessage());
    }
    String unitName = unit.toString().toLowerCase(java.util.Locale.ROOT);
    if (value < min || value > max) {
      throw new ToolInputException(
          "argument '"
              + name
              + "' is "
              + show(text)
              + " ("
              + value
              + " "
              + unitName
              + "), out of range; pass from "
              + min
              + " to "
              + max
              + " "
              + unitName);
    }
    return (int) value;
  }

  /** A whole number in {@code [min, max]}, or {@code fallback} when the argument is not given. */
  public long longArg(String name, long fallback, long min, long max) throws ToolInputException {
    Object v = arguments.get(name);
    if (v == null) {
      return fallback;
    }
    String range = "an integer from " + min + " to " + max;
    long value;
    if (v instanceof Integer || v instanceof Long || v instanceof Short || v instanceof Byte) {
      value = ((Number) v).longValue();
    } else if (v instanceof java.math.BigInteger b && b.bitLength() < 64) {
      value = b.longValue();
    } else if (v instanceof Number && !(v instanceof java.math.BigInteger)) {
      double d = ((Number) v).doubleValue();
      if (d != Math.rint(d) || Double.isInfinite(d) || Math.abs(d) > 9.0e15) {
        throw new ToolInputException(wrongType(name, v, range));
      }
      value = (long) d;
    } else {
      throw new ToolInputException(wrongType(name, v, range));
    }
    if (value < min || value > max) {
      throw new ToolInputException(
          "argument '" + name + "' is " + value + ", out of range; pass " + range);
    }
    return value;
  }

  /**
   * One of {@code allowed}, or {@code fallback} when not given; a null {@code fallback} makes the
   * argument required.
   */
  public String enumArg(String name, List<String> allowed, String fallback)
      throws ToolInputException {
    Object v = arguments.get(name);
    String choices = String.join(", ", allowed);
    if (v == null) {
      if (fallback == null) {
        throw new ToolInputException(missing(name, "one of " + choices));
      }
      return fallback;
    }
    if (!(v instanceof String) || !allowed.contains(v)) {
      throw new ToolInputException(
          "argument '"
              + name
              + "' is "
              + show(v)
              + ", not one of "
              + choices
              + "; pass one of them");
    }
    return (String) v;
  }

  public boolean booleanArg(String name, boolean fallback) throws ToolInputException {
    Object v = arguments.get(name);
    if (v == null) {
      return fallback;
    }
    if (!(v instanceof Boolean)) {
      throw new ToolInputException(wrongType(name, v, "true or false (a JSON boolean)"));
    }
    return (Boolean) v;
  }

  /** A list of non-empty strings; empty when not given. */
  public List<String> stringList(String name) throws ToolInputException {
    Object v = arguments.get(name);
    if (v == null) {
      return List.of();
    }
    if (!(v instanceof List)) {
      throw new ToolInputException(wrongType(name, v, "a list of strings"));
    }
    List<?> raw = (List<?>) v;
    List<String> out = new ArrayList<>(raw.size());
    for (int i = 0; i < raw.size(); i++) {
      Object item = raw.get(i);
      if (!(item instanceof String) || ((String) item).isBlank()) {
        throw new ToolInputException(
            "argument '"
                + name
                + "' item "
                + i
                + " is "
                + show(item)
                + "; every item must be a non-empty string");
      }
      out.add(((String) item).strip());
    }
    return List.copyOf(out);
  }

  private static String missing(String name, String expected) {
    return "argument '" + name + "' is required; pass " + expected;
  }

  private static String wrongType(String name, Object v, String expected) {
    return "argument '" + name + "' is " + show(v) + "; pass " + expected;
  }

  private static String show(Object v) {
    if (v == null) {
      return "null";
    }
    if (v instanceof String) {
      String s = (String) v;
      return "'" + (s.length() > 60 ? s.substring(0, 60) + "..." : s) + "'";
    }
    if (v instanceof Map) {
      return "an object";
    }
    if (v instanceof List) {
      return "a list";
    }
    return String.valueOf(v);
  }
}

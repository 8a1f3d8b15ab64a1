package dev.burnrate.mcp.tools;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Small JSON Schema builders, so each tool's schemas read like the structures they describe. */
final class Schema {
  private Schema() {}

  static Map<String, Object> obj(Map<String, Object> properties, String... required) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("type", "object");
    m.put("properties", properties);
    if (required.length > 0) {
      m.put("required", List.of(required));
    }
    return m;
  }

  /** An input object: unknown arguments are rejected with the valid names. */
  static Map<String, Object> input(Map<String, Object> properties, String... required) {
    Map<String, Object> m = obj(properties, required);
    m.put("additionalProperties", false);
    return m;
  }

  static Map<String, Object> props(Object... kv) {
    Map<String, Object> m = new LinkedHashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      m.put((String) kv[i], kv[i + 1]);
    }
    return m;
  }

  static Map<String, Object> type(String type, String description) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("type", type);
    if (description != null) {
      m.put("description", description);
    }
    return m;
  }

  static Map<String, Object> str() {
    return type("string", null);
  }

  static Map<String, Object> str(String description) {
    return type("string", description);
  }

  static Map<String, Object> num() {
    return type("number", null);
  }

  static Map<String, Object> integer() {
    return type("integer", null);
  }

  static Map<String, Object> bool() {
    return type("boolean", null);
  }

  static Map<String, Object> nullable(String type) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("type", List.of(type, "null"));
    return m;
  }

  static Map<String, Object> intArg(String description, int min, int max, int dflt) {
    Map<String, Object> m = type("integer", description);
    m.put("minimum", min);
    m.put("maximum", max);
    m.put("default", dflt);
    return m;
  }

  /**
   * A length of time in whole {@code unit}s: an integer, or a span such as {@code "7d"} (read by
   * {@code ToolCall.spanArg}); the bounds hold for both.
   */
  static Map<String, Object> spanArg(
      String description, java.time.temporal.ChronoUnit unit, int min, int max, int dflt) {
    String examples =
        switch (unit) {
          case MINUTES -> "30m, 2h";
          case HOURS -> "24h, 7d";
          default -> "7d, 2w";
        };
    String span = "Or " + examples + ".";
    Map<String, Object> m =
        intArg(description == null ? span : description + " " + span, min, max, dflt);
    m.put("type", List.of("integer", "string"));
    return m;
  }

  static Map<String, Object> numArg(String description, double exclusiveMin) {
    Map<String, Object> m = type("number", description);
    m.put("exclusiveMinimum", exclusiveMin);
    return m;
  }

  static Map<String, Object> boolArg(String description, boolean dflt) {
    Map<String, Object> m = type("boolean", description);
    m.put("default", dflt);
    return m;
  }

  static Map<String, Object> dateTime(String description) {
    Map<String, Object> m = type("string", description);
    m.put("format", "date-time");
    return m;
  }

  static Map<String, Object> enumOf(String description, List<String> values) {
    Map<String, Object> m = type("string", description);
    m.put("enum", values);
    return m;
  }

  static Map<String, Object> arr(Map<String, Object> items) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("type", "array");
    m.put("items", items);
    return m;
  }

  static Map<String, Object> arr(String description, Map<String, Object> items, int maxItems) {
    Map<String, Object> m = arr(items);
    if (description != null) {
      m.put("description", description);
    }
    m.put("maxItems", maxItems);
    return m;
  }

  /**
   * A nested object named by its keys rather than spelled out property by property: an agent reads
   * the names in a fraction of the context, and the key's name says its type ({@code *_usd} a
   * number, {@code *_at} a time). Each key is a name, optionally followed by a note in parentheses
   * or its own keys in braces: {@code keys("from", "to", "days")}, {@code "level (ok|notify)"}.
   * Only the keys an agent reads to act are named; the rest are named by group, in words ({@code
   * "and the ratios and counts behind score"}), and {@code OutputSchemaMatchesRecordsTest} lists
   * them.
   */
  static Map<String, Object> keys(String... keys) {
    return type("object", keyed(String.join(", ", keys)));
  }

  /**
   * A description naming an object's keys: the list in braces, as the keys of the objects inside it
   * are ({@code {from, to}}, {@code {tool, evidence {top_agent}}}).
   */
  static String keyed(String list) {
    return "{" + list + "}";
  }

  /** Whether {@code description} names an object's keys ({@link #keyed}). */
  static boolean namesKeys(Object description) {
    return description instanceof String d && d.startsWith("{") && d.endsWith("}");
  }

  /** The list a {@link #keyed} description names. */
  static String keyList(String description) {
    return description.substring(1, description.length() - 1);
  }

  /** A reference to a shape in the output schema's {@code $defs}. */
  static Map<String, Object> ref(String def) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("$ref", "#/$defs/" + def);
    return m;
  }

  static Map<String, Object> with(Map<String, Object> base, Object... kv) {
    Map<String, Object> m = new LinkedHashMap<>(base);
    m.putAll(props(kv));
    return m;
  }

  static String[] concat(String[] a, String... b) {
    List<String> l = new ArrayList<>(Arrays.asList(a));
    l.addAll(Arrays.asList(b));
    return l.toArray(new String[0]);
  }
}

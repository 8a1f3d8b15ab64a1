package dev.burnrate.mcp;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A tool's schemas as {@code tools/list} shows them: what an agent needs to call the tool and read
 * its answer, in as little of its context as that takes. The tool's own schemas stay complete and
 * are what the gateway enforces and checks answers against; the listing leaves out
 *
 * <ul>
 *   <li>{@code additionalProperties: false}: the gateway still rejects an unknown argument, naming
 *       the valid ones, and an answer may then carry the envelope;
 *   <li>upper bounds of a million or more and lower bounds of 0 or 1 on numbers: the first only
 *       stop hostile input and the second say what any count means; the gateway still enforces
 *       both;
 *   <li>the answer envelope ({@code now}, {@code truncated}, {@code stale_since}), said once in the
 *       server's instructions;
 *   <li>the type of an enumerated answer field (its values say it), of a plain answer field, of the
 *       items of a list of plain values, and of an object named by its keys: its name says it
 *       ({@code *_usd} a number, {@code *_at} a time, {@code *_count} an integer), as it does for
 *       the keys of nested objects;
 *   <li>the properties of a nested answer object that also names its keys ({@code "{a, b}"}): it is
 *       listed by those, like every other nested answer object, and its typed properties are for
 *       the server; with them go the {@code $defs} nothing listed refers to any more;
 *   <li>the reference of a cost-units figure to the {@code units} definition: the tool's
 *       description says what cost units are;
 *   <li>the type of a nested answer list whose {@code items} are described, and of a nested answer
 *       map whose values are ({@code additionalProperties}): the keyword says it. Arguments keep
 *       every type: clients pass them on to models whose tool formats require one.
 * </ul>
 */
final class Listing {
  private Listing() {}

  /** The answer keys every tool shares, described in the server's instructions. */
  private static final Set<String> ENVELOPE =
      Set.of(ToolGateway.NOW, "truncated", ToolGateway.STALE_SINCE);

  private static final Set<String> HOSTILE_BOUNDS = Set.of("maximum", "exclusiveMaximum");

  private static final Set<Object> PLAIN_TYPES = Set.of("string", "number", "integer", "boolean");

  /** The input schema as listed. */
  static Map<String, Object> input(Map<String, Object> schema) {
    return withoutClosedObjects(schema);
  }

  /** The output schema as listed. */
  @SuppressWarnings("unchecked")
  static Map<String, Object> output(Map<String, Object> schema) {
    Map<String, Object> copy =
        withoutUnusedDefs(plainFieldsUntyped(listedByKeys(withoutClosedObjects(schema), true)));
    if (copy.get("properties") instanceof Map<?, ?> props) {
      Map<String, Object> kept = new LinkedHashMap<>((Map<String, Object>) props);
      kept.keySet().removeAll(ENVELOPE);
      copy.put("properties", kept);
    }
    if (copy.get("required") instanceof List<?> r) {
      List<?> kept = r.stream().filter(x -> !ENVELOPE.contains(x)).toList();
      if (kept.isEmpty()) {
        copy.remove("required");
      } else {
        copy.put("required", kept);
      }
    }
    return copy;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> withoutClosedObjects(Map<String, Object> schema) {
    Map<String, Object> copy = new LinkedHashMap<>();
    schema.forEach(
        (k, v) -> {
          if ("additionalProperties".equals(k) && Boolean.FALSE.equals(v)
              || HOSTILE_BOUNDS.contains(k) && v instanceof Number n && n.doubleValue() >= 1e6
              || "minimum".equals(k)
                  && v instanceof Number n
                  && (n.intValue() == 0 || n.intValue() == 1)
                  && n.doubleValue() == n.intValue()) {
            return;
          }
          copy.put(k, v instanceof Map<?, ?> m ? withoutClosedObjects((Map<String, Object>) m) : v);
        });
    return copy;
  }

  /** {@code schema} with each nested object that names its keys listed by them alone. */
  @SuppressWarnings("unchecked")
  private static Map<String, Object> listedByKeys(Map<String, Object> schema, boolean root) {
    boolean byKeys =
        !root && schema.containsKey("properties") && namesKeys(schema.get("description"));
    Map<String, Object> copy = new LinkedHashMap<>();
    schema.forEach(
        (k, v) -> {
          if (byKeys && ("properties".equals(k) || "required".equals(k) || "type".equals(k))) {
            return;
          }
          copy.put(k, v instanceof Map<?, ?> m ? listedByKeys((Map<String, Object>) m, false) : v);
        });
    return copy;
  }

  /** A description naming an object's keys, in braces: {@code "{from, to}"}. */
  private static boolean namesKeys(Object description) {
    return description instanceof String d && d.startsWith("{") && d.endsWith("}");
  }

  private static final String DEFS = "#/$defs/";

  /** {@code schema} without the {@code $defs} that nothing outside them refers to, in turn. */
  @SuppressWarnings("unchecked")
  private static Map<String, Object> withoutUnusedDefs(Map<String, Object> schema) {
    if (!(schema.get("$defs") instanceof Map<?, ?> defs)) {
      return schema;
    }
    Map<String, Object> rest = new LinkedHashMap<>(schema);
    rest.remove("$defs");
    Set<String> used = new LinkedHashSet<>();
    Deque<Object> todo = new ArrayDeque<>(List.of(rest));
    while (!todo.isEmpty()) {
      Object node = todo.pop();
      if (node instanceof Map<?, ?> m) {
        if (m.get("$ref") instanceof String r
            && r.startsWith(DEFS)
            && used.add(r.substring(DEFS.length()))
            && defs.get(r.substring(DEFS.length())) != null) {
          todo.push(defs.get(r.substring(DEFS.length())));
        }
        m.values().forEach(todo::push);
      } else if (node instanceof List<?> l) {
        l.forEach(todo::push);
      }
    }
    Map<String, Object> kept = new LinkedHashMap<>((Map<String, Object>) defs);
    kept.keySet().retainAll(used);
    if (!kept.isEmpty()) {
      rest.put("$defs", kept);
    }
    return rest;
  }

  /** {@code schema} with each property that only gives a plain type listed by name alone. */
  @SuppressWarnings("unchecked")
  private static Map<String, Object> plainFieldsUntyped(Map<String, Object> schema) {
    Map<String, Object> copy = new LinkedHashMap<>();
    schema.forEach(
        (k, v) -> {
          if (("properties".equals(k) || "$defs".equals(k)) && v instanceof Map<?, ?> props) {
            Map<String, Object> fields = new LinkedHashMap<>();
            ((Map<String, Object>) props)
                .forEach(
                    (name, field) ->
                        fields.put(
                            name,
                            !"$defs".equals(k) && plain(field)
                                ? Map.of()
                                : field instanceof Map<?, ?> m
                                    ? plainFieldsUntyped((Map<String, Object>) m)
                                    : field));
            copy.put(k, fields);
          } else if ("items".equals(k) && plain(v)
              || "type".equals(k) && "object".equals(v) && namedByKeys(schema)
              || "type".equals(k)
                  && "array".equals(v)
                  && schema.get("items") instanceof Map
                  && !plain(schema.get("items"))
              || "type".equals(k)
                  && "object".equals(v)
                  && schema.get("additionalProperties") instanceof Map
                  && !schema.containsKey("properties")
              || "type".equals(k) && "string".equals(v) && schema.containsKey("enum")) {
            return;
          } else {
            copy.put(k, v instanceof Map<?, ?> m ? plainFieldsUntyped((Map<String, Object>) m) : v);
          }
        });
    return copy;
  }

  /** An object described by its keys' names, or as like another tool's: the words say it. */
  private static boolean namedByKeys(Map<String, Object> schema) {
    return !schema.containsKey("properties")
        && !schema.containsKey("additionalProperties")
        && schema.get("description") instanceof String d
        && (namesKeys(d) || d.startsWith("Like "));
  }

  /**
   * A field schema that says nothing but a plain type, possibly nullable, or that the field is a
   * cost-units figure: every tool answering in cost units says what they are in its description.
   */
  private static boolean plain(Object field) {
    if (field instanceof Map<?, ?> m && m.size() == 1 && (DEFS + "units").equals(m.get("$ref"))) {
      return true;
    }
    if (!(field instanceof Map<?, ?> m) || m.size() != 1 || !m.containsKey("type")) {
      return false;
    }
    Object type = m.get("type");
    if (type instanceof List<?> types) {
      return types.stream().allMatch(t -> "null".equals(t) || PLAIN_TYPES.contains(t));
    }
    return PLAIN_TYPES.contains(type);
  }
}

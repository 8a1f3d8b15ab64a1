package dev.burnrate.mcp;

import dev.burnrate.usage.Text;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The schema validator's complaints about a call's arguments, said so an agent can fix them: each
 * names the argument as the agent wrote it ({@code time_range.from}, {@code group_by[2]}) and the
 * value it sent, quoted, on one line and at most {@value #SHOWN_CHARS} characters, so neither a
 * huge nor a hostile value is echoed whole.
 *
 * <p>Design note: the SDK's validator reports one string, {@code [<pointer>: <problem>, ...]}, with
 * a JSON pointer per problem. The pointers are found where a problem starts (after {@code [} or
 * {@code ", "}, a {@code /}-path or nothing, then {@code ": "}) and resolved against the arguments.
 * Text that does not have that shape is passed on, bounded, rather than guessed at.
 */
final class SchemaErrors {
  static final int SHOWN_CHARS = 60;
  private static final int MAX_CHARS = 1_000;
  private static final Pattern START = Pattern.compile("(?:^|, )((?:/[^\\s:,]*)?): ");
  private static final Pattern UNKNOWN =
      Pattern.compile("property '(.*)' is not defined in the schema.*");

  private SchemaErrors() {}

  /**
   * @param message the validator's message
   * @param arguments what the call sent
   * @param schema the tool's input schema, for the names an unknown argument could have been
   */
  static String describe(
      String message, Map<String, Object> arguments, Map<String, Object> schema) {
    String m = message == null ? "" : message;
    int open = m.indexOf('[');
    int close = m.lastIndexOf(']');
    if (open < 0 || close < open) {
      return bounded(m);
    }
    String body = m.substring(open + 1, close);
    Matcher s = START.matcher(body);
    List<int[]> starts = new ArrayList<>();
    List<String> paths = new ArrayList<>();
    while (s.find()) {
      starts.add(new int[] {s.start(), s.end()});
      paths.add(s.group(1));
    }
    if (starts.isEmpty() || starts.get(0)[0] != 0) {
      return bounded(m);
    }
    List<String> out = new ArrayList<>();
    for (int i = 0; i < starts.size(); i++) {
      int end = i + 1 < starts.size() ? starts.get(i + 1)[0] : body.length();
      String problem = body.substring(starts.get(i)[1], end);
      out.add(one(paths.get(i), problem, arguments, schema));
    }
    return bounded(String.join("; ", out));
  }

  private static String one(
      String pointer, String problem, Map<String, Object> arguments, Map<String, Object> schema) {
    Matcher unknown = UNKNOWN.matcher(problem);
    if (unknown.matches()) {
      String name = unknown.group(1);
      String where = pointer.isEmpty() ? "" : name(pointer) + ".";
      Object parent = at(arguments, pointer);
      Object value = parent instanceof Map<?, ?> p ? p.get(name) : null;
      return "argument "
          + show(where + name)
          + (value == null ? "" : " (sent as " + show(value) + ")")
          + " is not one this tool takes; valid"
          + (pointer.isEmpty() ? "" : " under " + name(pointer))
          + ": "
          + String.join(", ", propertyNames(schemaAt(schema, pointer)));
    }
    if (pointer.isEmpty()) {
      return "arguments: " + problem;
    }
    return "argument '" + name(pointer) + "' is " + show(at(arguments, pointer)) + ": " + problem;
  }

  /**
   * {@code /time_range/from} as {@code time_range.from}, {@code /group_by/2} as {@code
   * group_by[2]}.
   */
  static String name(String pointer) {
    StringBuilder sb = new StringBuilder();
    for (String part : pointer.substring(1).split("/", -1)) {
      String p = part.replace("~1", "/").replace("~0", "~");
      if (!p.isEmpty() && p.chars().allMatch(Character::isDigit) && sb.length() > 0) {
        sb.append('[').append(p).append(']');
      } else {
        sb.append(sb.length() == 0 ? "" : ".").append(p);
      }
    }
    return Text.plain(cut(sb.toString()));
  }

  private static Object at(Object root, String pointer) {
    Object node = root;
    if (pointer.isEmpty()) {
      return node;
    }
    for (String part : pointer.substring(1).split("/", -1)) {
      String p = part.replace("~1", "/").replace("~0", "~");
      if (node instanceof Map<?, ?> map) {
        node = map.get(p);
      } else if (node instanceof List<?> list
          && p.chars().allMatch(Character::isDigit)
          && !p.isEmpty()
          && p.length() < 9
          && Integer.parseInt(p) < list.size()) {
        node = list.get(Integer.parseInt(p));
      } else {
        return null;
      }
    }
    return node;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> schemaAt(Map<String, Object> schema, String pointer) {
    Map<String, Object> node = schema;
    if (pointer.isEmpty()) {
      return node;
    }
    for (String part : pointer.substring(1).split("/", -1)) {
      Object next =
          node.get("properties") instanceof Map<?, ?> props ? props.get(part) : node.get("items");
      if (!(next instanceof Map)) {
        return Map.of();
      }
      node = (Map<String, Object>) next;
    }
    return node;
  }

  private static List<String> propertyNames(Map<String, Object> schema) {
    List<String> names = new ArrayList<>();
    if (schema.get("properties") instanceof Map<?, ?> props) {
      props.keySet().forEach(k -> names.add(String.valueOf(k)));
    }
    return names;
  }

  /** A value as a message shows it: strings quoted and cut, objects and lists by kind. */
  static String show(Object v) {
    if (v == null) {
      return "null";
    }
    if (v instanceof String s) {
      return "'" + Text.plain(cut(s)) + "'";
    }
    if (v instanceof Map<?, ?>) {
      return "an object";
    }
    if (v instanceof List<?> l) {
      return "a list of " + l.size();
    }
    return Text.plain(cut(String.valueOf(v)));
  }

  private static String cut(String s) {
    return s.length() > SHOWN_CHARS ? s.substring(0, SHOWN_CHARS) + "..." : s;
  }

  private static String bounded(String s) {
    String p = Text.plain(s);
    return p.length() > MAX_CHARS ? p.substring(0, MAX_CHARS) + "..." : p;
  }
}

package dev.burnrate.mcp.tools;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;

/**
 * Caps on the lists of an answer, so a default answer stays small: a list keeps its first {@code
 * limit} items (they come worst or biggest first) and a count beside it says how many were left
 * out, so an agent knows to ask for more.
 */
final class Caps {
  private Caps() {}

  /** The argument that raises a cap, and its bounds. */
  static final int MAX_LIMIT = 1000;

  static Map<String, Object> limitArg(String what, int dflt) {
    return Schema.intArg(null, 1, MAX_LIMIT, dflt); // the answer's *_omitted says the rest
  }

  /**
   * Keeps the first {@code limit} items of {@code parent.list} and writes how many it dropped as
   * {@code parent.omitted} (0 when none).
   */
  static void cap(ObjectNode parent, String list, int limit, String omitted) {
    JsonNode items = parent.get(list);
    int dropped = 0;
    if (items instanceof ArrayNode a) {
      while (a.size() > limit) {
        a.remove(a.size() - 1);
        dropped++;
      }
    }
    parent.put(omitted, dropped);
  }
}

package dev.burnrate.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Fits a result into {@code max_bytes_out} without ever cutting JSON: the longest lists (anywhere
 * in the tree, by item count) lose items from their tail first, down to the length of the next
 * longest, then both shrink together, and so on; the top level gets {@code truncated: true}. Each
 * step binary-searches the largest common length that fits, so at most O(log n) serialisations per
 * distinct list length. When every list is empty and the result still does not fit, it cannot be
 * trimmed.
 */
final class OutputTrimmer {
  private OutputTrimmer() {}

  static long size(JsonNode node) {
    return Json.write(node).getBytes(StandardCharsets.UTF_8).length;
  }

  /** The result itself when it fits (or max is 0), a trimmed copy, or empty when nothing fits. */
  static Optional<ObjectNode> fit(ObjectNode result, long maxBytes) {
    if (maxBytes <= 0 || size(result) <= maxBytes) {
      return Optional.of(result);
    }
    ObjectNode work = result.deepCopy();
    work.put("truncated", true);
    while (size(work) > maxBytes) {
      List<ArrayNode> arrays = new ArrayList<>();
      collect(work, arrays);
      int longest = 0;
      for (ArrayNode a : arrays) {
        longest = Math.max(longest, a.size());
      }
      if (longest == 0) {
        return Optional.empty();
      }
      int next = 0;
      List<ArrayNode> victims = new ArrayList<>();
      List<List<JsonNode>> originals = new ArrayList<>();
      for (ArrayNode a : arrays) {
        if (a.size() == longest) {
          victims.add(a);
          List<JsonNode> items = new ArrayList<>(a.size());
          a.forEach(items::add);
          originals.add(items);
        } else {
          next = Math.max(next, a.size());
        }
      }
      setLength(victims, originals, next);
      if (size(work) > maxBytes) {
        continue;
      }
      int lo = next;
      int hi = longest - 1;
      while (lo < hi) {
        int mid = (lo + hi + 1) >>> 1;
        setLength(victims, originals, mid);
        if (size(work) <= maxBytes) {
          lo = mid;
        } else {
          hi = mid - 1;
        }
      }
      setLength(victims, originals, lo);
    }
    return Optional.of(work);
  }

  private static void setLength(List<ArrayNode> arrays, List<List<JsonNode>> originals, int n) {
    for (int i = 0; i < arrays.size(); i++) {
      ArrayNode a = arrays.get(i);
      a.removeAll();
      a.addAll(originals.get(i).subList(0, n));
    }
  }

  private static void collect(JsonNode node, List<ArrayNode> out) {
    if (node.isArray()) {
      out.add((ArrayNode) node);
    }
    if (node.isContainerNode()) {
      node.forEach(child -> collect(child, out));
    }
  }
}

package dev.burnrate.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.burnrate.usage.Text;
import dev.burnrate.wire.Wire;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Prints results as JSON (the tools' structures, unchanged: {@link Wire#pretty}) or as readable
 * tables walked from the same wire form. Everything a table or markdown shows passes through {@link
 * Text}, so a name cannot drive the terminal.
 */
final class Output {
  private Output() {}

  static String json(Object value) {
    return Wire.pretty(value);
  }

  static void print(PrintStream out, CommonOptions.Format format, Object result) {
    if (format == CommonOptions.Format.json) {
      out.println(json(result));
      return;
    }
    JsonNode tree = Wire.tree(result);
    if (tree.path("markdown").isTextual()) {
      out.println(Text.lines(tree.get("markdown").textValue()));
      return;
    }
    printTable(out, tree, "");
  }

  private static void printTable(PrintStream out, JsonNode m, String indent) {
    for (Iterator<Map.Entry<String, JsonNode>> it = m.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      JsonNode v = e.getValue();
      if (v.isArray() && !v.isEmpty() && v.get(0).isObject()) {
        out.println(indent + Text.plain(e.getKey()) + ":");
        table(out, v, indent + "  ");
      } else if (v.isObject()) {
        out.println(indent + Text.plain(e.getKey()) + ":");
        printTable(out, v, indent + "  ");
      } else {
        out.println(indent + Text.plain(e.getKey()) + ": " + text(v));
      }
    }
  }

  /**
   * Columns a reader looks for first, after the row's name; the rest follow in row order. Beside
   * dollars, what they leave out: unpriced calls and their share of cost units.
   */
  private static final List<String> FIRST_COLUMNS =
      List.of(
          "count",
          "calls",
          "cost_units",
          "cost_usd",
          "mtd_usd",
          "unpriced_calls",
          "unpriced_cost_units_share",
          "error_rate",
          "failed_count",
          "denied_count");

  private static final int MAX_COLUMNS = 9;

  private static void table(PrintStream out, JsonNode rows, String indent) {
    List<String> scalar = new ArrayList<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = rows.get(0).fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      if (!e.getValue().isContainerNode()) {
        scalar.add(e.getKey());
      }
    }
    List<String> cols = new ArrayList<>();
    if (!scalar.isEmpty()) {
      cols.add(scalar.get(0));
    }
    for (String c : FIRST_COLUMNS) {
      if (scalar.contains(c) && !cols.contains(c)) {
        cols.add(c);
      }
    }
    for (String c : scalar) {
      if (!cols.contains(c)) {
        cols.add(c);
      }
    }
    if (cols.size() > MAX_COLUMNS) {
      cols = cols.subList(0, MAX_COLUMNS);
    }
    int[] w = new int[cols.size()];
    for (int c = 0; c < cols.size(); c++) {
      w[c] = Text.plain(cols.get(c)).length();
      for (JsonNode r : rows) {
        w[c] = Math.min(40, Math.max(w[c], text(r.get(cols.get(c))).length()));
      }
    }
    StringBuilder head = new StringBuilder(indent);
    for (int c = 0; c < cols.size(); c++) {
      head.append(pad(Text.plain(cols.get(c)), w[c], c == 0)).append("  ");
    }
    out.println(head.toString().stripTrailing());
    for (JsonNode r : rows) {
      StringBuilder line = new StringBuilder(indent);
      for (int c = 0; c < cols.size(); c++) {
        line.append(pad(text(r.get(cols.get(c))), w[c], c == 0)).append("  ");
      }
      out.println(line.toString().stripTrailing());
      for (Iterator<Map.Entry<String, JsonNode>> it = r.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        if (e.getValue().isTextual() && text(e.getValue()).length() > 40) {
          out.println(indent + "    " + Text.plain(e.getKey()) + ": " + text(e.getValue()));
        }
      }
    }
  }

  private static String pad(String s, int w, boolean left) {
    if (s.length() > w) {
      s = s.substring(0, w - 1) + "~";
    }
    String sp = " ".repeat(w - s.length());
    return left ? s + sp : sp + s;
  }

  /** A scalar as the table shows it: null as {@code -}, decimals plain, text made inert. */
  private static String text(JsonNode v) {
    if (v == null || v.isNull()) {
      return "-";
    }
    if (v.isBigDecimal()) {
      return v.decimalValue().toPlainString();
    }
    return Text.plain(raw(v));
  }

  /** A scalar, or a list of them as Java prints a list ({@code [tool, agent_id]}). */
  private static String raw(JsonNode v) {
    if (v.isNull()) {
      return "null";
    }
    if (v.isBigDecimal()) {
      return v.decimalValue().toString();
    }
    if (v.isArray()) {
      List<String> items = new ArrayList<>();
      v.forEach(item -> items.add(raw(item)));
      return "[" + String.join(", ", items) + "]";
    }
    return v.isTextual() ? v.textValue() : v.asText();
  }
}

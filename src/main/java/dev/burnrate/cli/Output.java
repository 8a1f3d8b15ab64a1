package dev.burnrate.cli;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.burnrate.usage.Text;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Prints results as JSON (the tools' structures, unchanged) or as readable tables. Everything a
 * table or markdown shows passes through {@link Text}, so a name cannot drive the terminal.
 */
final class Output {
  static final ObjectMapper JSON =
      new ObjectMapper()
          .enable(SerializationFeature.INDENT_OUTPUT)
          .enable(JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN);

  private Output() {}

  static String json(Object value) {
    try {
      return JSON.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("result is not serialisable: " + e.getMessage(), e);
    }
  }

  static void print(PrintStream out, CommonOptions.Format format, Map<String, Object> result) {
    if (format == CommonOptions.Format.json) {
      out.println(json(result));
      return;
    }
    if (result.get("markdown") instanceof String md) {
      out.println(Text.lines(md));
      return;
    }
    printTable(out, result, "");
  }

  @SuppressWarnings("unchecked")
  private static void printTable(PrintStream out, Map<String, Object> m, String indent) {
    for (Map.Entry<String, Object> e : m.entrySet()) {
      Object v = e.getValue();
      if (v instanceof List<?> list && !list.isEmpty() && list.get(0) instanceof Map) {
        out.println(indent + Text.plain(e.getKey()) + ":");
        table(out, (List<Map<String, Object>>) list, indent + "  ");
      } else if (v instanceof Map<?, ?> sub) {
        out.println(indent + Text.plain(e.getKey()) + ":");
        printTable(out, (Map<String, Object>) sub, indent + "  ");
      } else {
        out.println(indent + Text.plain(e.getKey()) + ": " + text(v));
      }
    }
  }

  /** Columns a reader looks for first, after the row's name; the rest follow in row order. */
  private static final List<String> FIRST_COLUMNS = List.of(
      "count", "calls", "cost_units", "cost_usd", "unpriced_calls", "error_rate", "failed_count",
      "denied_count");

  private static final int MAX_COLUMNS = 8;

  private static void table(PrintStream out, List<Map<String, Object>> rows, String indent) {
    List<String> scalar = new ArrayList<>();
    for (Map.Entry<String, Object> e : rows.get(0).entrySet()) {
      if (!(e.getValue() instanceof Map) && !(e.getValue() instanceof List)) {
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
      for (Map<String, Object> r : rows) {
        w[c] = Math.min(40, Math.max(w[c], text(r.get(cols.get(c))).length()));
      }
    }
    StringBuilder head = new StringBuilder(indent);
    for (int c = 0; c < cols.size(); c++) {
      head.append(pad(Text.plain(cols.get(c)), w[c], c == 0)).append("  ");
    }
    out.println(head.toString().stripTrailing());
    for (Map<String, Object> r : rows) {
      StringBuilder line = new StringBuilder(indent);
      for (int c = 0; c < cols.size(); c++) {
        line.append(pad(text(r.get(cols.get(c))), w[c], c == 0)).append("  ");
      }
      out.println(line.toString().stripTrailing());
      for (Map.Entry<String, Object> e : r.entrySet()) {
        if (e.getValue() instanceof String s && text(s).length() > 40) {
          out.println(indent + "    " + Text.plain(e.getKey()) + ": " + text(s));
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

  private static String text(Object v) {
    if (v == null) {
      return "-";
    }
    if (v instanceof BigDecimal d) {
      return d.toPlainString();
    }
    return Text.plain(String.valueOf(v));
  }
}

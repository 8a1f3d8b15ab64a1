package dev.burnrate.mcp.tools;

import static dev.burnrate.mcp.tools.Schema.arr;
import static dev.burnrate.mcp.tools.Schema.integer;
import static dev.burnrate.mcp.tools.Schema.num;
import static dev.burnrate.mcp.tools.Schema.obj;
import static dev.burnrate.mcp.tools.Schema.props;

import dev.burnrate.engine.AnomalyQuery;
import dev.burnrate.engine.Ranking;
import dev.burnrate.mcp.ToolCall;
import dev.burnrate.mcp.ToolInputException;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/** Output schema fragments for the engine's structures, shared by the tools that return them. */
final class Shapes {
  private Shapes() {}

  static Map<String, Object> range() {
    return Schema.keys("from", "to");
  }

  /** What a cost unit is, wherever one is shown. */
  static final String UNITS = "Relative weights, not dollars";

  /** What a tool showing cost units says about them and about its dollars. */
  static final String UNITS_NOTE =
      "cost_units: weights, not dollars; unpriced_*share: what cost_usd misses.";

  /** The same for a tool whose answer holds cost units and no dollars. */
  static final String UNITS_ONLY_NOTE = "cost_units: weights, not dollars.";

  /**
   * The shapes shared under {@code $defs}: each is written once per tool however often the tool's
   * answer holds it, and every cost-units figure refers to {@code units}, so each says what it is.
   */
  private static final Map<String, Supplier<Map<String, Object>>> DEFS = new LinkedHashMap<>();

  static {
    DEFS.put("units", () -> Schema.type("number", UNITS));
    DEFS.put("row", Shapes::rowDef);
    DEFS.put("line", CheckBudgetTool::line);
    DEFS.put("scope", SpendArgs::scope);
  }

  /** A cost-units figure. */
  static Map<String, Object> units() {
    return Schema.ref("units");
  }

  /**
   * The output schema {@code root} with the shared shapes it refers to (directly or through another
   * shape) under {@code $defs}, and without {@code required} lists: every property of a record is
   * always written, those that may be absent say so, and the names would cost an agent's context a
   * second time.
   */
  static Map<String, Object> output(Map<String, Object> schema) {
    return output(schema, Map.of());
  }

  /**
   * As {@link #output(Map)}, with {@code own} shapes in place of the shared ones of the same name
   * (a tool whose rows are get_cost_report's names them once, as {@link #like} that one).
   */
  @SuppressWarnings("unchecked")
  static Map<String, Object> output(
      Map<String, Object> schema, Map<String, Map<String, Object>> own) {
    Map<String, Object> root = (Map<String, Object>) withoutRequired(schema);
    Set<String> used = new LinkedHashSet<>();
    collectRefs(root, used);
    Map<String, Object> defs = new LinkedHashMap<>();
    while (defs.size() < used.size()) {
      for (String name : List.copyOf(used)) {
        if (!defs.containsKey(name)) {
          Object def =
              withoutRequired(own.containsKey(name) ? own.get(name) : DEFS.get(name).get());
          defs.put(name, def);
          collectRefs(def, used);
        }
      }
    }
    if (defs.isEmpty()) {
      return root;
    }
    Map<String, Object> ordered = new LinkedHashMap<>();
    java.util.stream.Stream.concat(DEFS.keySet().stream(), own.keySet().stream())
        .filter(defs::containsKey)
        .forEach(n -> ordered.put(n, defs.get(n)));
    Map<String, Object> out = new LinkedHashMap<>(root);
    out.put("$defs", ordered);
    return out;
  }

  private static Object withoutRequired(Object node) {
    if (node instanceof Map<?, ?> m) {
      Map<String, Object> out = new LinkedHashMap<>();
      m.forEach(
          (k, v) -> {
            if (!(k.equals("required") && v instanceof List)) {
              out.put((String) k, withoutRequired(v));
            }
          });
      return out;
    }
    if (node instanceof List<?> l) {
      return l.stream().map(Shapes::withoutRequired).toList();
    }
    return node;
  }

  private static void collectRefs(Object node, Set<String> used) {
    if (node instanceof Map<?, ?> m) {
      if (m.get("$ref") instanceof String r && r.startsWith("#/$defs/")) {
        used.add(r.substring("#/$defs/".length()));
      }
      m.values().forEach(v -> collectRefs(v, used));
    } else if (node instanceof List<?> l) {
      l.forEach(v -> collectRefs(v, used));
    }
  }

  /**
   * A breakdown row: typed, so the server checks every figure (and each cost-units one says what it
   * is), and listed by its keys like any nested answer object ({@code Listing}).
   */
  private static Map<String, Object> rowDef() {
    return Schema.with(
        obj(
            props(
                "count", integer(),
                "cost_units", units(),
                "duration_ms_sum", integer(),
                "failed_count", integer(),
                "denied_count", integer(),
                "in_size_sum", integer(),
                "out_size_sum", integer(),
                "avg_duration_ms", num(),
                "avg_cost_units", units(),
                "error_rate", num(),
                "cost_usd", num(),
                "unpriced_calls", integer(),
                "unpriced_share", unpricedShare(),
                "unpriced_cost_units_share", unpricedShare()),
            "count",
            "cost_units",
            "duration_ms_sum",
            "failed_count",
            "denied_count",
            "in_size_sum",
            "out_size_sum",
            "avg_duration_ms",
            "avg_cost_units",
            "error_rate",
            "cost_usd",
            "unpriced_calls"),
        "description",
        Schema.keyed(
            "its dimension first (e.g. \"tool\": \"search\"), count, cost_units (weights, not dollars), cost_usd,"
                + " unpriced_share, error_rate, and the sums and averages behind them"));
  }

  /**
   * The share of calls with no dollar value, beside a dollar figure that leaves them out; {@link
   * #UNITS_NOTE} says what it is, once per tool.
   */
  static Map<String, Object> unpricedShare() {
    return num();
  }

  /** The argument that ranks rows: relative cost units or dollars. */
  static Map<String, Object> sortBy() {
    return Schema.with(Schema.enumOf("Default usd if tools have rates", Ranking.wireNames()));
  }

  /** The ranking a call asks for; cost units unless it names one. */
  static Ranking sortBy(ToolCall call, Ranking byDefault) throws ToolInputException {
    return Ranking.parse(call.optionalString("sort_by").orElse(byDefault.wire()));
  }

  /** Breakdown rows of one dimension. */
  static Map<String, Object> rows() {
    return arr(Schema.ref("row"));
  }

  /**
   * A shape another tool's output schema spells out, named instead of repeated: every tool's
   * definition reaches an agent in the same {@code tools/list}. {@code path} walks that schema's
   * properties and {@code $defs} by dots ({@code $defs.row}, {@code totals}); {@code answer} is the
   * whole of it.
   */
  static Map<String, Object> like(String tool, String path) {
    return Schema.type("object", "Like " + tool + " " + path);
  }

  /** The output schema of a tool whose rows are shaped as get_cost_report's. */
  static Map<String, Object> outputWithReportRows(Map<String, Object> schema) {
    return output(schema, Map.of("row", like("get_cost_report", "$defs.row")));
  }

  static Map<String, Object> totals() {
    return Schema.keys(
        "calls",
        "cost_units",
        "cost_usd",
        "unpriced_share",
        "error_rate",
        "and the counts and pricing behind them");
  }

  static Map<String, Object> dataQuality() {
    return Schema.keys(
        "malformed_lines",
        "data_span {first_event, last_event} (empty range only)",
        "and examples and other counts");
  }

  /** A window or baseline: its bounds and its length in {@code unit}. */
  static Map<String, Object> span(String unit) {
    return Schema.keys("from", "to", unit);
  }

  static Map<String, Object> anomalies() {
    Map<String, Object> anomaly =
        Schema.keys(
            "kind (cost_spike|error_spike|fleet_surge)",
            "tool",
            "score (~std devs; ranks)",
            "calls_vs_fleet (call_rate_ratio / max(fleet_ratio, 1))",
            "evidence {top_agent, and window vs baseline calls and cost_units}",
            "recommendation",
            "and the rates behind score");
    return obj(
        props(
            "mode",
            Schema.enumOf(null, AnomalyQuery.Mode.WIRE),
            "window",
            span("minutes"),
            "baseline",
            span("hours"),
            "ratio_threshold",
            num(),
            "min_calls",
            integer(),
            "min_score",
            num(),
            "fleet_ratio",
            Schema.type("number", "The typical tool's call_rate_ratio"),
            "tools_checked",
            integer(),
            "anomalies",
            arr(anomaly),
            "anomalies_omitted",
            integer(),
            "data_span",
            Schema.keys("first_event", "last_event", "note")));
  }
}

package dev.burnrate.mcp.tools;

import static dev.burnrate.mcp.tools.Schema.arr;
import static dev.burnrate.mcp.tools.Schema.bool;
import static dev.burnrate.mcp.tools.Schema.integer;
import static dev.burnrate.mcp.tools.Schema.nullable;
import static dev.burnrate.mcp.tools.Schema.num;
import static dev.burnrate.mcp.tools.Schema.obj;
import static dev.burnrate.mcp.tools.Schema.props;
import static dev.burnrate.mcp.tools.Schema.str;

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
    return obj(props("from", str(), "to", str()), "from", "to");
  }

  /** What a cost unit is, wherever one is shown. */
  static final String UNITS = "Relative cost units (cost_weights), not dollars";

  /** What a tool showing cost units says about them and about its dollars. */
  static final String UNITS_NOTE =
      "cost_units: relative weights (get_cost_weights), not dollars. unpriced_share: calls"
          + " cost_usd misses.";

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
  @SuppressWarnings("unchecked")
  static Map<String, Object> output(Map<String, Object> schema) {
    Map<String, Object> root = (Map<String, Object>) withoutRequired(schema);
    Set<String> used = new LinkedHashSet<>();
    collectRefs(root, used);
    Map<String, Object> defs = new LinkedHashMap<>();
    while (defs.size() < used.size()) {
      for (String name : List.copyOf(used)) {
        if (!defs.containsKey(name)) {
          Object def = withoutRequired(DEFS.get(name).get());
          defs.put(name, def);
          collectRefs(def, used);
        }
      }
    }
    if (defs.isEmpty()) {
      return root;
    }
    Map<String, Object> ordered = new LinkedHashMap<>();
    DEFS.keySet().stream().filter(defs::containsKey).forEach(n -> ordered.put(n, defs.get(n)));
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
                "unpriced_share", unpricedShare()),
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
        "Led by its key, e.g. \"tool\": \"search\"");
  }

  /** The share of calls with no dollar value, beside a dollar figure that leaves them out. */
  static Map<String, Object> unpricedShare() {
    return Schema.type("number", "Share of calls with no price, 0-1");
  }

  /** The argument that ranks rows: relative cost units or dollars. */
  static Map<String, Object> sortBy() {
    return Schema.with(
        Schema.enumOf(
            "Default usd when pricing.yml prices tools, else cost_units.", Ranking.wireNames()));
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

  /** Rows shaped as get_cost_report's. */
  static Map<String, Object> reportRows() {
    return arr(like("get_cost_report", "$defs.row"));
  }

  static Map<String, Object> totals() {
    return obj(
        props(
            "calls", integer(),
            "cost_units", units(),
            "failed", integer(),
            "denied", integer(),
            "error_rate", num(),
            "cost_usd", num(),
            "unpriced_calls", integer(),
            "unpriced_share", unpricedShare(),
            "saturated",
                Schema.type("boolean", "True when a sum hit its cap; the true one is higher")),
        "calls",
        "cost_units",
        "failed",
        "denied",
        "error_rate",
        "cost_usd",
        "unpriced_calls");
  }

  static Map<String, Object> dataQuality() {
    return obj(
        props(
            "malformed_lines", integer(),
            "cache_tokens_exceed_input", integer(),
            "examples",
                arr(
                    obj(
                        props("file", str(), "line", integer(), "reason", str()),
                        "file",
                        "line",
                        "reason")),
            "capped_values",
                Schema.with(
                    obj(props()),
                    "additionalProperties",
                    integer(),
                    "description",
                    "Events per dimension grouped as (other) at its cap"),
            "data_span",
                Schema.with(
                    obj(props("first_event", str(), "last_event", str(), "note", str()), "note"),
                    "description",
                    "Only when the range has no events: where the data is")),
        "malformed_lines",
        "examples");
  }

  private static Map<String, Object> described(Map<String, Object> schema, String description) {
    return Schema.with(schema, "description", description);
  }

  static Map<String, Object> anomalies() {
    Map<String, Object> evidence =
        obj(
            props(
                "window_calls", integer(),
                "window_cost_units", units(),
                "window_failed", integer(),
                "window_error_rate", num(),
                "baseline_calls", integer(),
                "baseline_cost_units", units(),
                "window_calls_per_min", num(),
                "baseline_calls_per_min", num(),
                "window_cost_units_per_min", units(),
                "baseline_cost_units_per_min", units(),
                "top_agent", nullable("string"),
                "top_agent_calls", integer()),
            "window_calls",
            "window_cost_units",
            "baseline_calls",
            "baseline_cost_units");
    Map<String, Object> anomaly =
        obj(
            props(
                "kind",
                    Schema.enumOf(
                        null, java.util.List.of("cost_spike", "error_spike", "fleet_surge")),
                "tool", str(),
                "category", str(),
                "score",
                    Schema.type("number", "Evidence, ~standard deviations; ranks tool anomalies"),
                "calls_vs_fleet",
                    described(nullable("number"), "call_rate_ratio / max(fleet_ratio, 1)"),
                "cost_vs_fleet",
                    described(nullable("number"), "cost_rate_ratio / max(fleet_ratio, 1)"),
                "call_rate_ratio", nullable("number"),
                "cost_rate_ratio", nullable("number"),
                "expected_calls", nullable("number"),
                "ratio", described(nullable("number"), "seed mode only"),
                "error_rate", num(),
                "baseline_error_rate", nullable("number"),
                "fleet_ratio", num(),
                "same_hours_call_ratio", nullable("number"),
                "same_hours_days", integer(),
                "window_calls", integer(),
                "baseline_calls", integer(),
                "tools_riding", arr(str()),
                "no_baseline", bool(),
                "evidence", evidence,
                "recommendation", str()),
            "kind",
            "recommendation");
    return obj(
        props(
            "mode", Schema.enumOf(null, AnomalyQuery.Mode.WIRE),
            "window",
                Schema.with(
                    range(), "properties", props("from", str(), "to", str(), "minutes", integer())),
            "baseline",
                Schema.with(
                    range(), "properties", props("from", str(), "to", str(), "hours", integer())),
            "ratio_threshold", num(),
            "min_calls", integer(),
            "min_score", num(),
            "fleet_ratio", Schema.type("number", "The typical tool's call_rate_ratio"),
            "tools_checked", integer(),
            "anomalies", arr(anomaly),
            "anomalies_omitted", integer()),
        "mode",
        "window",
        "baseline",
        "ratio_threshold",
        "min_calls",
        "tools_checked",
        "anomalies");
  }
}

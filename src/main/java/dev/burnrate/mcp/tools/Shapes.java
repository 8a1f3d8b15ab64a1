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
import java.util.Map;

/** Output schema fragments for the engine's structures, shared by the tools that return them. */
final class Shapes {
  private Shapes() {}

  static Map<String, Object> range() {
    return obj(props("from", str(), "to", str()), "from", "to");
  }

  static Map<String, Object> row(String key) {
    return obj(
        props(
            key,
            nullable("string"),
            "count",
            integer(),
            "cost_units",
            num(),
            "duration_ms_sum",
            integer(),
            "failed_count",
            integer(),
            "denied_count",
            integer(),
            "in_size_sum",
            integer(),
            "out_size_sum",
            integer(),
            "avg_duration_ms",
            num(),
            "avg_cost_units",
            num(),
            "error_rate",
            num(),
            "cost_usd",
            num(),
            "unpriced_calls",
            integer()),
        key,
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
        "unpriced_calls");
  }

  static Map<String, Object> rows(String key) {
    return arr(row(key));
  }

  static Map<String, Object> totals() {
    return obj(
        props(
            "calls", integer(),
            "cost_units", num(),
            "failed", integer(),
            "denied", integer(),
            "error_rate", num(),
            "cost_usd", num(),
            "unpriced_calls", integer(),
            "saturated",
                Schema.type(
                    "boolean",
                    "Present and true when a sum reached the largest"
                        + " amount burnrate can hold (about 9.2 billion dollars or cost units); the true"
                        + " figure is at least the one shown")),
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
                    "Per dimension, events grouped as '(other)' because it reached its"
                        + " cap on distinct values; present only when there are some"),
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
                "window_cost_units", num(),
                "window_failed", integer(),
                "window_error_rate", num(),
                "baseline_calls", integer(),
                "baseline_cost_units", num(),
                "window_calls_per_min", num(),
                "baseline_calls_per_min", num(),
                "window_cost_units_per_min", num(),
                "baseline_cost_units_per_min", num(),
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
            "anomalies", arr(anomaly)),
        "mode",
        "window",
        "baseline",
        "ratio_threshold",
        "min_calls",
        "tools_checked",
        "anomalies");
  }
}

package dev.burnrate.mcp.tools;

import static dev.burnrate.mcp.tools.Schema.props;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.burnrate.engine.AnomalyQuery;
import dev.burnrate.mcp.ToolCall;
import dev.burnrate.mcp.ToolInputException;
import dev.burnrate.wire.Wire;
import java.time.temporal.ChronoUnit;
import java.util.Map;

/** {@code detect_anomalies}: cost and error spikes per tool. */
public final class DetectAnomaliesTool extends EngineTool {
  public DetectAnomaliesTool(ToolContext ctx) {
    super(ctx);
  }

  @Override
  public String name() {
    return "detect_anomalies";
  }

  @Override
  public String title() {
    return "Cost and error spikes";
  }

  @Override
  public String description() {
    return "Tools whose call or cost rate over window_minutes rose ratio_threshold x more than the"
        + " fleet's vs baseline_hours (cost_spike), or failing >10 % of calls far above baseline"
        + " (error_spike); a fleet-wide rise is one fleet_surge. "
        + Shapes.UNITS_ONLY_NOTE;
  }

  @Override
  public Map<String, Object> inputSchema() {
    return Schema.input(
        props(
            "window_minutes",
                Schema.spanArg(
                    null,
                    ChronoUnit.MINUTES,
                    1,
                    AnomalyQuery.MAX_WINDOW_MINUTES,
                    AnomalyQuery.DEFAULT_WINDOW_MINUTES),
            "baseline_hours",
                Schema.spanArg(
                    "Before the window; longer than it.",
                    ChronoUnit.HOURS,
                    1,
                    AnomalyQuery.MAX_BASELINE_HOURS,
                    AnomalyQuery.DEFAULT_BASELINE_HOURS),
            "ratio_threshold",
                Schema.with(
                    Schema.numArg(null, 0), "exclusiveMaximum", AnomalyQuery.MAX_RATIO_THRESHOLD),
            "min_calls",
                Schema.with(
                    Schema.type("integer", null),
                    "minimum",
                    0,
                    "maximum",
                    AnomalyQuery.MAX_MIN_CALLS),
            "tools_filter", Schema.arr(null, Schema.str(), 1000),
            "mode",
                Schema.with(
                    Schema.enumOf("seed: the first detector", AnomalyQuery.Mode.WIRE),
                    "default",
                    "normalized"),
            "limit", Caps.limitArg("anomalies", DEFAULT_LIMIT)));
  }

  static final int DEFAULT_LIMIT = 10;

  /** The engine's anomaly report with its list capped at the call's {@code limit}. */
  static ObjectNode capped(Object report, int limit) {
    ObjectNode answer = (ObjectNode) Wire.tree(report);
    Caps.cap(answer, "anomalies", limit, "anomalies_omitted");
    return answer;
  }

  @Override
  public Map<String, Object> outputSchema() {
    return Shapes.output(Shapes.anomalies());
  }

  @Override
  Object run(ToolCall call) throws ToolInputException {
    Double ratio = null;
    if (call.has("ratio_threshold")) {
      Object v = call.arguments().get("ratio_threshold");
      if (!(v instanceof Number n)) {
        throw new ToolInputException("ratio_threshold must be a number such as 3.0");
      }
      ratio = n.doubleValue();
    }
    Integer minCalls =
        call.has("min_calls") ? call.requiredInt("min_calls", 0, AnomalyQuery.MAX_MIN_CALLS) : null;
    AnomalyQuery q =
        new AnomalyQuery(
            call.spanArg(
                "window_minutes",
                ChronoUnit.MINUTES,
                AnomalyQuery.DEFAULT_WINDOW_MINUTES,
                1,
                AnomalyQuery.MAX_WINDOW_MINUTES),
            call.spanArg(
                "baseline_hours",
                ChronoUnit.HOURS,
                AnomalyQuery.DEFAULT_BASELINE_HOURS,
                1,
                AnomalyQuery.MAX_BASELINE_HOURS),
            ratio,
            minCalls,
            call.stringList("tools_filter"),
            AnomalyQuery.Mode.fromWire(call.enumArg("mode", AnomalyQuery.Mode.WIRE, "normalized")));
    return capped(
        ctx.engine().anomalies(q, ctx.now()),
        call.intArg("limit", DEFAULT_LIMIT, 1, Caps.MAX_LIMIT));
  }
}

package dev.burnrate.mcp.tools;

import static dev.burnrate.mcp.tools.Schema.props;

import dev.burnrate.engine.AnomalyQuery;
import dev.burnrate.mcp.ToolCall;
import dev.burnrate.mcp.ToolInputException;
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
    return "Detect cost and error spikes";
  }

  @Override
  public String description() {
    return "Finds tools whose call or cost rate in the last window_minutes rose ratio_threshold"
        + " times more than the whole fleet's did against the preceding baseline_hours (cost_spike;"
        + " a never-seen tool has no_baseline) and tools failing more than 10 % of calls, far above"
        + " their baseline error rate (error_spike), ranked by score; a fleet busier as a whole is"
        + " one fleet_surge. Each carries evidence, the top agent and a recommendation. Call it"
        + " when spend jumps or to answer 'why did X spike?'.";
  }

  @Override
  public Map<String, Object> inputSchema() {
    return Schema.input(
        props(
            "window_minutes",
                Schema.spanArg(
                    "Recent window.",
                    ChronoUnit.MINUTES,
                    1,
                    AnomalyQuery.MAX_WINDOW_MINUTES,
                    AnomalyQuery.DEFAULT_WINDOW_MINUTES),
            "baseline_hours",
                Schema.spanArg(
                    "Baseline before the window (longer than the window).",
                    ChronoUnit.HOURS,
                    1,
                    AnomalyQuery.MAX_BASELINE_HOURS,
                    AnomalyQuery.DEFAULT_BASELINE_HOURS),
            "ratio_threshold",
                Schema.with(
                    Schema.numArg("Spike ratio (default from cost_weights.yml, 3.0).", 0),
                    "exclusiveMaximum",
                    AnomalyQuery.MAX_RATIO_THRESHOLD),
            "min_calls",
                Schema.with(
                    Schema.type(
                        "integer",
                        "Skip tools with fewer window calls (default: anomaly.min_calls_threshold in cost_weights.yml)."),
                    "minimum",
                    0,
                    "maximum",
                    AnomalyQuery.MAX_MIN_CALLS),
            "tools_filter", Schema.arr("Only check these tools.", Schema.str(), 1000),
            "mode",
                Schema.with(
                    Schema.enumOf(
                        "seed: the first detector (raw ratios), for comparison.",
                        AnomalyQuery.Mode.WIRE),
                    "default",
                    "normalized")));
  }

  @Override
  public Map<String, Object> outputSchema() {
    return Shapes.anomalies();
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
    return ctx.engine().anomalies(q, ctx.now());
  }
}

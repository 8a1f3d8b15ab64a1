package dev.burnrate.mcp.tools;

import static dev.burnrate.mcp.tools.Schema.obj;
import static dev.burnrate.mcp.tools.Schema.props;

import dev.burnrate.mcp.ToolCall;
import java.util.Map;

/** {@code get_cost_weights}: the cost model in force. */
public final class GetCostWeightsTool extends EngineTool {
  public GetCostWeightsTool(ToolContext ctx) {
    super(ctx);
  }

  @Override
  public String name() {
    return "get_cost_weights";
  }

  @Override
  public String title() {
    return "Cost model in force";
  }

  @Override
  public String description() {
    return "The cost model behind cost_units: per-call and per-ms weights per tool, defaults,"
        + " anomaly thresholds, source file. cost_units are relative weights, not dollars.";
  }

  @Override
  public Map<String, Object> inputSchema() {
    return Schema.input(props());
  }

  @Override
  public Map<String, Object> outputSchema() {
    Map<String, Object> weight =
        obj(
            props(
                "cost_per_call",
                Schema.num(),
                "cost_per_ms",
                Schema.num(),
                "category",
                Schema.str()),
            "cost_per_call",
            "cost_per_ms");
    Map<String, Object> tools = Schema.type("object", null);
    tools.put("additionalProperties", weight);
    return Shapes.output(
        obj(
            props(
                "source", Schema.str(),
                "formula", Schema.str(),
                "defaults", weight,
                "tools", tools,
                "anomaly",
                    obj(
                        props(
                            "spike_ratio_threshold",
                            Schema.num(),
                            "min_calls_threshold",
                            Schema.integer()),
                        "spike_ratio_threshold",
                        "min_calls_threshold")),
            "source",
            "defaults",
            "tools",
            "anomaly"));
  }

  @Override
  Object run(ToolCall call) {
    return ctx.engine().weights();
  }
}

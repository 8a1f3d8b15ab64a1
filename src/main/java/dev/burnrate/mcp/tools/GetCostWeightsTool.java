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
    return "The weights behind cost_units (relative, not dollars) per tool, and anomaly"
        + " thresholds.";
  }

  @Override
  public Map<String, Object> inputSchema() {
    return Schema.input(props());
  }

  @Override
  public Map<String, Object> outputSchema() {
    Map<String, Object> weight = Schema.keys("cost_per_call", "cost_per_ms", "category");
    return Shapes.output(
        obj(
            props(
                "source", Schema.str(),
                "formula", Schema.str(),
                "defaults", weight,
                "tools", Schema.with(Schema.type("object", null), "additionalProperties", weight),
                "anomaly", Schema.keys("spike_ratio_threshold", "min_calls_threshold"))));
  }

  @Override
  Object run(ToolCall call) {
    return ctx.engine().weights();
  }
}

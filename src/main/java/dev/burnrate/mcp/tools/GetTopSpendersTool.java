package dev.burnrate.mcp.tools;

import static dev.burnrate.mcp.tools.Schema.obj;
import static dev.burnrate.mcp.tools.Schema.props;

import dev.burnrate.engine.TopQuery;
import dev.burnrate.mcp.ToolCall;
import dev.burnrate.mcp.ToolInputException;
import java.time.temporal.ChronoUnit;
import java.util.Map;

/** {@code get_top_spenders}: the biggest tools, agents, users and workspaces lately. */
public final class GetTopSpendersTool extends EngineTool {
  public GetTopSpendersTool(ToolContext ctx) {
    super(ctx);
  }

  @Override
  public String name() {
    return "get_top_spenders";
  }

  @Override
  public String title() {
    return "Top spenders";
  }

  @Override
  public String description() {
    return "The top tools, agents, users and workspaces by cost over the last window_hours (default"
        + " 24). The quickest answer to 'who spent most today?'; call it first when on call.";
  }

  @Override
  public Map<String, Object> inputSchema() {
    return Schema.input(
        props(
            "window_hours",
                Schema.spanArg(
                    "How many hours back from now.",
                    ChronoUnit.HOURS,
                    1,
                    TopQuery.MAX_WINDOW_HOURS,
                    TopQuery.DEFAULT_WINDOW_HOURS),
            "top_n",
                Schema.intArg("Rows per list.", 1, TopQuery.MAX_TOP_N, TopQuery.DEFAULT_TOP_N)));
  }

  @Override
  public Map<String, Object> outputSchema() {
    return obj(
        props(
            "window",
                Schema.with(
                    Shapes.range(),
                    "properties",
                    props("from", Schema.str(), "to", Schema.str(), "hours", Schema.integer())),
            "total_calls", Schema.integer(),
            "total_cost_units", Schema.num(),
            "total_cost_usd", Schema.num(),
            "top_tools", Shapes.rows("tool"),
            "top_agents", Shapes.rows("agent_id"),
            "top_users", Shapes.rows("user_id"),
            "top_workspaces", Shapes.rows("workspace_id"),
            "data_quality", Shapes.dataQuality()),
        "window",
        "total_calls",
        "total_cost_units",
        "top_tools",
        "top_agents",
        "top_users",
        "top_workspaces");
  }

  @Override
  Object run(ToolCall call) throws ToolInputException {
    TopQuery q =
        new TopQuery(
            call.spanArg(
                "window_hours",
                ChronoUnit.HOURS,
                TopQuery.DEFAULT_WINDOW_HOURS,
                1,
                TopQuery.MAX_WINDOW_HOURS),
            call.intArg("top_n", TopQuery.DEFAULT_TOP_N, 1, TopQuery.MAX_TOP_N));
    return ctx.engine().top(q, ctx.now());
  }
}

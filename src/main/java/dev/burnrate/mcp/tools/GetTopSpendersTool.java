package dev.burnrate.mcp.tools;

import static dev.burnrate.mcp.tools.Schema.obj;
import static dev.burnrate.mcp.tools.Schema.props;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.burnrate.engine.TopQuery;
import dev.burnrate.mcp.ToolCall;
import dev.burnrate.mcp.ToolInputException;
import dev.burnrate.wire.Wire;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
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
    return "Top tools and agents (or other dimensions) over the last window_hours. "
        + Shapes.UNITS_NOTE;
  }

  @Override
  public Map<String, Object> inputSchema() {
    return Schema.input(
        props(
            "window_hours",
                Schema.spanArg(
                    null,
                    ChronoUnit.HOURS,
                    1,
                    TopQuery.MAX_WINDOW_HOURS,
                    TopQuery.DEFAULT_WINDOW_HOURS),
            "top_n", Schema.intArg(null, 1, TopQuery.MAX_TOP_N, TopQuery.DEFAULT_TOP_N),
            "dimensions",
                Schema.with(
                    Schema.arr(null, Schema.enumOf(null, List.copyOf(LISTS.keySet())), 4),
                    "default",
                    DEFAULT_DIMENSIONS),
            "sort_by", Shapes.sortBy()));
  }

  /** Each dimension and the list of the answer that holds it. */
  static final Map<String, String> LISTS = new LinkedHashMap<>();

  static {
    LISTS.put("tool", "top_tools");
    LISTS.put("agent_id", "top_agents");
    LISTS.put("user_id", "top_users");
    LISTS.put("workspace_id", "top_workspaces");
  }

  static final List<String> DEFAULT_DIMENSIONS = List.of("tool", "agent_id");

  @Override
  public Map<String, Object> outputSchema() {
    return Shapes.outputWithReportRows(
        obj(
            props(
                "window", Shapes.span("hours"),
                "total_calls", Schema.integer(),
                "total_cost_units", Shapes.units(),
                "total_cost_usd", Schema.num(),
                "unpriced_share", Shapes.unpricedShare(),
                "unpriced_cost_units_share", Shapes.unpricedShare(),
                "usd_by_basis", Schema.keys("event", "model_prices", "tool_rates", "price_tables"),
                "top_tools", Shapes.rows(),
                "top_agents", Shapes.rows(),
                "top_users", Shapes.rows(),
                "top_workspaces", Shapes.rows(),
                "data_quality", Shapes.like("get_cost_report", "data_quality")),
            "window",
            "total_calls",
            "total_cost_units",
            "top_tools",
            "top_agents",
            "top_users",
            "top_workspaces"));
  }

  @Override
  Object run(ToolCall call) throws ToolInputException {
    List<String> dimensions = call.stringList("dimensions");
    if (dimensions.isEmpty()) {
      dimensions = DEFAULT_DIMENSIONS;
    }
    for (String d : dimensions) {
      if (!LISTS.containsKey(d)) {
        throw new ToolInputException(
            "dimensions: '" + d + "' is not one of " + List.copyOf(LISTS.keySet()));
      }
    }
    TopQuery q =
        new TopQuery(
            call.spanArg(
                "window_hours",
                ChronoUnit.HOURS,
                TopQuery.DEFAULT_WINDOW_HOURS,
                1,
                TopQuery.MAX_WINDOW_HOURS),
            call.intArg("top_n", TopQuery.DEFAULT_TOP_N, 1, TopQuery.MAX_TOP_N),
            Shapes.sortBy(call, ctx.defaultRanking()));
    ObjectNode answer = (ObjectNode) Wire.tree(ctx.engine().top(q, ctx.now()));
    for (Map.Entry<String, String> list : LISTS.entrySet()) {
      if (!dimensions.contains(list.getKey())) {
        answer.remove(list.getValue());
      }
    }
    return answer;
  }
}

package dev.burnrate.mcp.tools;

import static dev.burnrate.mcp.tools.Schema.arr;
import static dev.burnrate.mcp.tools.Schema.obj;
import static dev.burnrate.mcp.tools.Schema.props;
import static dev.burnrate.mcp.tools.Schema.str;

import dev.burnrate.engine.Digest;
import dev.burnrate.mcp.ToolCall;
import dev.burnrate.mcp.ToolInputException;
import java.util.Map;

/** {@code get_cost_digest}: the daily or weekly digest, structured and as markdown. */
public final class GetCostDigestTool extends EngineTool {
  public GetCostDigestTool(ToolContext ctx) {
    super(ctx);
  }

  @Override
  public String name() {
    return "get_cost_digest";
  }

  @Override
  public String title() {
    return "Cost digest";
  }

  @Override
  public String description() {
    return "The digest for the last window_hours (24 = daily, 168 = weekly): totals, top tools and"
        + " agents, anomalies, and recommendations, plus chat-ready markdown cut at"
        + " max_markdown_chars. Call it to post a summary to a channel or to brief a person.";
  }

  @Override
  public Map<String, Object> inputSchema() {
    return Schema.input(props(
        "window_hours", Schema.intArg("Digest window.", 1, 24 * 31, 24),
        "baseline_hours", Schema.intArg("Baseline for anomalies.", 1, 24 * 90, 168),
        "top_n", Schema.intArg("Rows per list.", 1, 100, 10),
        "max_markdown_chars", Schema.intArg("Markdown length limit.", 200, 100_000, 3800)));
  }

  @Override
  public Map<String, Object> outputSchema() {
    Map<String, Object> window = Schema.with(Shapes.range(), "properties",
        props("from", str(), "to", str(), "hours", Schema.integer()));
    return obj(props(
        "generated_at", str(),
        "window", window,
        "totals", Shapes.totals(),
        "top_tools", Shapes.rows("tool"),
        "top_agents", Shapes.rows("agent_id"),
        "anomalies", Shapes.anomalies(),
        "recommendations", arr(obj(props("kind", str(), "subject", str(), "message", str()),
            "kind", "subject", "message")),
        "markdown", str(),
        "markdown_truncated", Schema.bool(),
        "data_quality", Shapes.dataQuality()),
        "generated_at", "window", "totals", "top_tools", "top_agents", "anomalies",
        "recommendations", "markdown", "markdown_truncated");
  }

  @Override
  Object run(ToolCall call) throws ToolInputException {
    Digest.Query q = new Digest.Query(
        call.intArg("window_hours", 24, 1, 24 * 31),
        call.intArg("baseline_hours", 168, 1, 24 * 90),
        call.intArg("top_n", 10, 1, 100),
        call.intArg("max_markdown_chars", 3800, 200, 100_000));
    return ctx.engine().digest(q, ctx.now());
  }
}

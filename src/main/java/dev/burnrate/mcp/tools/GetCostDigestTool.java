package dev.burnrate.mcp.tools;

import static dev.burnrate.mcp.tools.Schema.arr;
import static dev.burnrate.mcp.tools.Schema.obj;
import static dev.burnrate.mcp.tools.Schema.props;
import static dev.burnrate.mcp.tools.Schema.str;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.burnrate.engine.DigestQuery;
import dev.burnrate.mcp.ToolCall;
import dev.burnrate.mcp.ToolInputException;
import java.time.temporal.ChronoUnit;
import java.util.List;
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
    return "The last window_hours (24 daily, 168 weekly): totals, top tools and agents, anomalies,"
        + " recommendations, chat-ready markdown. "
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
                    DigestQuery.MAX_WINDOW_HOURS,
                    DigestQuery.DEFAULT_WINDOW_HOURS),
            "baseline_hours",
                Schema.spanArg(
                    "Anomaly baseline.",
                    ChronoUnit.HOURS,
                    1,
                    DigestQuery.MAX_BASELINE_HOURS,
                    DigestQuery.DEFAULT_BASELINE_HOURS),
            "top_n", Schema.intArg(null, 1, DigestQuery.MAX_TOP_N, DEFAULT_TOP_N),
            "max_markdown_chars",
                Schema.intArg(
                    null,
                    DigestQuery.MIN_MARKDOWN_CHARS,
                    DigestQuery.MAX_MARKDOWN_CHARS,
                    DigestQuery.DEFAULT_MAX_MARKDOWN_CHARS),
            "limit", Caps.limitArg("anomalies and recommendations", DEFAULT_LIMIT),
            "format",
                Schema.with(
                    Schema.enumOf("markdown: only it, window and totals.", FORMATS),
                    "default",
                    FORMATS.get(0))));
  }

  /** Rows per list unless the call asks for more: the digest is a summary. */
  static final int DEFAULT_TOP_N = 3;

  static final int DEFAULT_LIMIT = 3;
  static final List<String> FORMATS = List.of("full", "markdown");

  @Override
  public Map<String, Object> outputSchema() {
    return Shapes.outputWithReportRows(
        obj(
            props(
                "generated_at", str(),
                "window", Shapes.span("hours"),
                "totals", Shapes.like("get_cost_report", "totals"),
                "top_tools", Shapes.rows(),
                "top_agents", Shapes.rows(),
                "last_hour_anomalies", Shapes.like("detect_anomalies", "answer"),
                "anomalies", Shapes.like("detect_anomalies", "answer"),
                "recommendations", arr(Schema.keys("kind", "subject", "message")),
                "markdown", str(),
                "markdown_truncated", Schema.bool(),
                "recommendations_omitted", Schema.integer(),
                "by_source",
                    Schema.arr(
                        "When the cloud bill counts",
                        Schema.keys("source", "count", "cost_usd", "unpriced_calls"),
                        2),
                "data_quality", Shapes.like("get_cost_report", "data_quality")),
            "generated_at",
            "window",
            "totals",
            "top_tools",
            "top_agents",
            "last_hour_anomalies",
            "anomalies",
            "recommendations",
            "markdown",
            "markdown_truncated"));
  }

  @Override
  Object run(ToolCall call) throws ToolInputException {
    DigestQuery q =
        new DigestQuery(
            call.spanArg(
                "window_hours",
                ChronoUnit.HOURS,
                DigestQuery.DEFAULT_WINDOW_HOURS,
                1,
                DigestQuery.MAX_WINDOW_HOURS),
            call.spanArg(
                "baseline_hours",
                ChronoUnit.HOURS,
                DigestQuery.DEFAULT_BASELINE_HOURS,
                1,
                DigestQuery.MAX_BASELINE_HOURS),
            call.intArg("top_n", DEFAULT_TOP_N, 1, DigestQuery.MAX_TOP_N),
            call.intArg(
                "max_markdown_chars",
                DigestQuery.DEFAULT_MAX_MARKDOWN_CHARS,
                DigestQuery.MIN_MARKDOWN_CHARS,
                DigestQuery.MAX_MARKDOWN_CHARS));
    String format = call.optionalString("format").orElse(FORMATS.get(0));
    if (!FORMATS.contains(format)) {
      throw new ToolInputException("format: '" + format + "' is not one of " + FORMATS);
    }
    int limit = call.intArg("limit", DEFAULT_LIMIT, 1, Caps.MAX_LIMIT);
    dev.burnrate.engine.CostEngine engine = ctx.engine();
    dev.burnrate.engine.Digest digest = engine.digest(q, ctx.now());
    ObjectNode answer = dev.burnrate.control.SourceSplit.digest(ctx.governance(), engine, digest);
    if (format.equals("markdown")) {
      answer.retain(
          "generated_at", "window", "totals", "by_source", "markdown", "markdown_truncated");
      return answer;
    }
    for (String list : List.of("last_hour_anomalies", "anomalies")) {
      ObjectNode report = (ObjectNode) answer.get(list);
      Caps.cap(report, "anomalies", limit, "anomalies_omitted");
      // A summary: the evidence behind each anomaly is detect_anomalies' to give.
      report.withArray("anomalies").forEach(a -> ((ObjectNode) a).remove("evidence"));
    }
    Caps.cap(answer, "recommendations", limit, "recommendations_omitted");
    return answer;
  }
}

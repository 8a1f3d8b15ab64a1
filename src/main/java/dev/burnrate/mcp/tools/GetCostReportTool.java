package dev.burnrate.mcp.tools;

import static dev.burnrate.mcp.tools.Schema.arr;
import static dev.burnrate.mcp.tools.Schema.bool;
import static dev.burnrate.mcp.tools.Schema.obj;
import static dev.burnrate.mcp.tools.Schema.props;
import static dev.burnrate.mcp.tools.Schema.str;

import dev.burnrate.engine.ReportQuery;
import dev.burnrate.mcp.ToolCall;
import dev.burnrate.mcp.ToolInputException;
import dev.burnrate.usage.Dimension;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/** {@code get_cost_report}: totals and breakdowns for a time range. */
public final class GetCostReportTool extends EngineTool {
  static final List<String> DIMENSIONS =
      Arrays.stream(Dimension.values()).map(Dimension::wire).toList();

  public GetCostReportTool(ToolContext ctx) {
    super(ctx);
  }

  @Override
  public String name() {
    return "get_cost_report";
  }

  @Override
  public String title() {
    return "Cost report";
  }

  @Override
  public String description() {
    return "Who spent what over a time range: totals (calls, cost units, dollars, failures, denials,"
        + " error rate) and the top rows grouped by tool, agent_id, user_id, workspace_id, model,"
        + " status, team or env, with an optional hourly series. Call it for questions like 'what did"
        + " agent X spend this week' or 'which model costs most'. Default range: the last 7 days;"
        + " time_range is half-open [from, to).";
  }

  @Override
  public Map<String, Object> inputSchema() {
    return Schema.input(
        props(
            "time_range",
                Schema.with(
                    Schema.input(
                        props(
                            "from",
                                str(
                                    "Start (inclusive): ISO-8601 with Z or an offset, or a date"
                                        + " (midnight UTC)."),
                            "to", str("End (exclusive), same forms; default now."),
                            "last",
                                str("Instead of from: a span ending at to, e.g. 24h, 7d, 2w."))),
                    "description",
                    "Default: the last 7 days. Times lie in the years 2000 to 2199."),
            "group_by",
                Schema.arr(
                    "Breakdowns to return, one list each (default tool, agent_id).",
                    Schema.enumOf(null, DIMENSIONS),
                    DIMENSIONS.size()),
            "top_n",
                Schema.intArg(
                    "Rows per breakdown.", 1, ReportQuery.MAX_TOP_N, ReportQuery.DEFAULT_TOP_N),
            "include_failed",
                Schema.boolArg("Count failed and error calls (denied ones always count).", true),
            "include_hourly", Schema.boolArg("Add an hourly series of calls and cost.", false)));
  }

  @Override
  public Map<String, Object> outputSchema() {
    Map<String, Object> breakdowns = new java.util.LinkedHashMap<>();
    for (String d : DIMENSIONS) {
      breakdowns.put(d, Shapes.rows(d));
    }
    return obj(
        props(
            "time_range", Shapes.range(),
            "group_by", arr(str()),
            "include_failed", bool(),
            "totals", Shapes.totals(),
            "breakdowns", obj(breakdowns),
            "hourly",
                arr(
                    obj(
                        props(
                            "hour",
                            str(),
                            "count",
                            Schema.integer(),
                            "cost_units",
                            Schema.num(),
                            "cost_usd",
                            Schema.num()),
                        "hour",
                        "count",
                        "cost_units")),
            "data_quality", Shapes.dataQuality()),
        "time_range",
        "group_by",
        "totals",
        "breakdowns",
        "data_quality");
  }

  @Override
  Object run(ToolCall call) throws ToolInputException {
    Map<?, ?> range = call.arguments().get("time_range") instanceof Map<?, ?> m ? m : Map.of();
    return ctx.engine()
        .report(
            ReportQuery.of(
                ctx.now(),
                text(range, "from"),
                text(range, "to"),
                text(range, "last"),
                call.stringList("group_by"),
                call.intArg("top_n", ReportQuery.DEFAULT_TOP_N, 1, ReportQuery.MAX_TOP_N),
                call.booleanArg("include_failed", true),
                call.booleanArg("include_hourly", false)));
  }

  private static String text(Map<?, ?> range, String key) {
    Object v = range.get(key);
    return v == null ? null : String.valueOf(v);
  }

  @Override
  String argument(String field) {
    return switch (field) {
      case "from", "to", "last" -> "time_range." + field;
      default -> field;
    };
  }
}

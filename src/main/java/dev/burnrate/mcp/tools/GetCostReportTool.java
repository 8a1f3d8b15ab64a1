package dev.burnrate.mcp.tools;

import static dev.burnrate.mcp.tools.Schema.arr;
import static dev.burnrate.mcp.tools.Schema.bool;
import static dev.burnrate.mcp.tools.Schema.obj;
import static dev.burnrate.mcp.tools.Schema.props;
import static dev.burnrate.mcp.tools.Schema.str;

import dev.burnrate.control.SourceSpend;
import dev.burnrate.control.SourceSplit;
import dev.burnrate.engine.CostEngine;
import dev.burnrate.engine.CostReport;
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
      java.util.stream.Stream.concat(
              Arrays.stream(Dimension.values()).map(Dimension::wire),
              java.util.stream.Stream.of(SourceSpend.GROUP))
          .toList();

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
    return "Totals and top rows per group_by over time_range (default: last 7 days). "
        + Shapes.UNITS_NOTE;
  }

  @Override
  public Map<String, Object> inputSchema() {
    return Schema.input(
        props(
            "time_range",
                Schema.input(
                    props(
                        "from", str("Inclusive; ISO-8601 with zone, or a date"),
                        "to", str("Exclusive; default now"),
                        "last", str("Instead of from, e.g. 24h, 7d"))),
            "group_by",
                Schema.arr(
                    "Default tool, agent_id; source: usage vs cloud bill.",
                    Schema.enumOf(null, DIMENSIONS),
                    DIMENSIONS.size()),
            "top_n", Schema.intArg(null, 1, ReportQuery.MAX_TOP_N, ReportQuery.DEFAULT_TOP_N),
            "include_failed", Schema.boolArg("And error calls.", true),
            "include_hourly", Schema.boolArg(null, false),
            "sort_by", Shapes.sortBy()));
  }

  @Override
  public Map<String, Object> outputSchema() {
    return Shapes.output(
        obj(
            props(
                "time_range", Shapes.range(),
                "group_by", arr(str()),
                "include_failed", bool(),
                "totals", Shapes.totals(),
                "breakdowns",
                    Schema.with(
                        Schema.type("object", "Rows per group_by dimension"),
                        "additionalProperties",
                        Shapes.rows()),
                "hourly",
                    arr(Schema.keys("hour", "count", "cost_units", "cost_usd", "unpriced_share")),
                "data_quality", Shapes.dataQuality()),
            "time_range",
            "group_by",
            "totals",
            "breakdowns",
            "data_quality"));
  }

  @Override
  Object run(ToolCall call) throws ToolInputException {
    Map<?, ?> range = call.arguments().get("time_range") instanceof Map<?, ?> m ? m : Map.of();
    List<String> groups = call.stringList("group_by");
    boolean bySource = groups.contains(SourceSpend.GROUP);
    CostEngine engine = ctx.engine();
    CostReport report =
        engine.report(
            ReportQuery.of(
                    ctx.now(),
                    text(range, "from"),
                    text(range, "to"),
                    text(range, "last"),
                    groups.stream().filter(g -> !g.equals(SourceSpend.GROUP)).toList(),
                    call.intArg("top_n", ReportQuery.DEFAULT_TOP_N, 1, ReportQuery.MAX_TOP_N),
                    call.booleanArg("include_failed", true),
                    call.booleanArg("include_hourly", false))
                .sortedBy(Shapes.sortBy(call, ctx.defaultRanking())));
    if (!bySource) {
      return report;
    }
    return SourceSplit.report(ctx.governance(), engine, report);
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

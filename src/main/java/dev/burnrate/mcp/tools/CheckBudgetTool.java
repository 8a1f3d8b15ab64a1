package dev.burnrate.mcp.tools;

import static dev.burnrate.mcp.tools.Schema.arr;
import static dev.burnrate.mcp.tools.Schema.integer;
import static dev.burnrate.mcp.tools.Schema.num;
import static dev.burnrate.mcp.tools.Schema.obj;
import static dev.burnrate.mcp.tools.Schema.props;
import static dev.burnrate.mcp.tools.Schema.str;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.burnrate.budget.AlertLevel;
import dev.burnrate.budget.BudgetReport;
import dev.burnrate.mcp.ToolCall;
import dev.burnrate.mcp.ToolInputException;
import dev.burnrate.wire.Wire;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/** {@code check_budget}: month-to-date spend against the ceilings, with projections. */
public final class CheckBudgetTool extends EngineTool {
  public CheckBudgetTool(ToolContext ctx) {
    super(ctx);
  }

  @Override
  public String name() {
    return "check_budget";
  }

  @Override
  public String title() {
    return "Budget status";
  }

  @Override
  public String description() {
    return "Month-to-date dollars vs budget.yaml ceilings (fleet, agents, teams): burn, projection,"
        + " alert level, actions; agents with a ceiling first.";
  }

  @Override
  public Map<String, Object> inputSchema() {
    return Schema.input(
        props(
            "agent",
            str("Only this agent and the total."),
            "limit",
            Schema.intArg("Most other agents, by spend.", 0, Caps.MAX_LIMIT, DEFAULT_LIMIT)));
  }

  static final int DEFAULT_LIMIT = 10;

  /**
   * The agents an on-call reader needs first: those with a ceiling or past an alert level (worst
   * level, then biggest spend, first), then the rest by spend, at most {@code limit} of them.
   */
  static List<BudgetReport.Line> ordered(List<BudgetReport.Line> agents, int limit) {
    Comparator<BudgetReport.Line> bySpend =
        Comparator.comparing(BudgetReport.Line::mtdUsd)
            .reversed()
            .thenComparing(l -> l.agent().orElse(""));
    List<BudgetReport.Line> flagged = new ArrayList<>();
    List<BudgetReport.Line> rest = new ArrayList<>();
    for (BudgetReport.Line l : agents) {
      (l.ceilingUsd() != null || l.level() != AlertLevel.OK ? flagged : rest).add(l);
    }
    flagged.sort(
        Comparator.comparing((BudgetReport.Line l) -> l.level().ordinal())
            .reversed()
            .thenComparing(bySpend));
    rest.sort(bySpend);
    flagged.addAll(rest.subList(0, Math.min(limit, rest.size())));
    return flagged;
  }

  /** One scope's line, named by exactly one of scope (the fleet's: total), agent or team. */
  static Map<String, Object> line() {
    return Schema.keys(
        "scope",
        "agent",
        "team",
        "mtd_usd",
        "ceiling_usd",
        "pct",
        "level ("
            + String.join(
                "|",
                java.util.Arrays.stream(AlertLevel.values()).map(AlertLevel::wireName).toList())
            + ")",
        "actions",
        "exhaustion_date",
        "and burn and projection, reserved and unpriced figures");
  }

  @Override
  public Map<String, Object> outputSchema() {
    return Shapes.output(
        obj(
            props(
                "month",
                str(),
                "timezone",
                str(),
                "as_of",
                str(),
                "days_left",
                num(),
                "total",
                Schema.ref("line"),
                "agents",
                arr(Schema.ref("line")),
                "teams",
                arr(Schema.ref("line")),
                "daily_caps",
                arr(
                    Schema.keys(
                        "agent", "date", "today_usd", "cap_usd", "pct", "level", "exceeded")),
                "thresholds",
                arr(Schema.keys("at_percent", "action")),
                "agents_omitted",
                integer(),
                "cloud",
                Schema.keys(
                    "summary (bill freshness)",
                    "missing_days (unknown, not 0)",
                    "replaced_by_usage_usd"))));
  }

  @Override
  Object run(ToolCall call) throws ToolInputException {
    String agent = call.optionalString("agent").orElse(null);
    int limit = call.intArg("limit", DEFAULT_LIMIT, 0, Caps.MAX_LIMIT);
    BudgetReport report = ctx.governance().status(ctx.engine(), ctx.now()).report(agent);
    List<BudgetReport.Line> shown = ordered(report.agents(), limit);
    ObjectNode answer = (ObjectNode) Wire.tree(report.withAgents(shown));
    answer.put("agents_omitted", report.agents().size() - shown.size());
    return answer;
  }
}

package dev.burnrate.mcp.tools;

import static dev.burnrate.mcp.tools.Schema.arr;
import static dev.burnrate.mcp.tools.Schema.bool;
import static dev.burnrate.mcp.tools.Schema.integer;
import static dev.burnrate.mcp.tools.Schema.num;
import static dev.burnrate.mcp.tools.Schema.obj;
import static dev.burnrate.mcp.tools.Schema.props;
import static dev.burnrate.mcp.tools.Schema.str;

import dev.burnrate.budget.AlertLevel;
import dev.burnrate.mcp.ToolCall;
import dev.burnrate.mcp.ToolInputException;
import dev.burnrate.wire.Wire;
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
    return "This month's spend against the ceilings in budget.yaml, for the fleet, each agent with a"
        + " ceiling or spend, and each team: month-to-date dollars and percent, today, the average"
        + " daily burn of the last 7 days, the projected month end and when the ceiling runs out, and"
        + " the alert level reached (ok, notify, veto-new-deploys, freeze-and-escalate); unpriced"
        + " usage is counted apart. Call it for 'are we on budget?' or before a costly job.";
  }

  @Override
  public Map<String, Object> inputSchema() {
    return Schema.input(props("agent", str("Only this agent's line (the total is always shown).")));
  }

  static Map<String, Object> line(String nameKey) {
    return obj(
        props(
            nameKey,
            str(),
            "mtd_usd",
            num(),
            "ceiling_usd",
            Schema.nullable("number"),
            "pct",
            Schema.nullable("number"),
            "today_usd",
            num(),
            "daily_burn_usd",
            num(),
            "projected_month_end_usd",
            num(),
            "projected_pct",
            Schema.nullable("number"),
            "exhaustion_date",
            Schema.nullable("string"),
            "level",
            Schema.enumOf(
                null,
                java.util.Arrays.stream(AlertLevel.values()).map(AlertLevel::wireName).toList()),
            "threshold_pct",
            Schema.nullable("number"),
            "actions",
            arr(str()),
            "unpriced_calls",
            integer(),
            "reserved_usd",
            Schema.type(
                "number",
                "Present when spend reservations are open in this scope: dollars reserved and not"
                    + " yet settled, counted by preflight_deploy"),
            "saturated",
            Schema.type(
                "boolean",
                "Present and true when month-to-date reached the largest"
                    + " amount burnrate can hold; the true figure is at least the one shown"),
            "usage_usd",
            Schema.type(
                "number",
                "Present when the budget counts the cloud bill: the month-to-date dollars of usage"
                    + " events; mtd_usd = usage_usd + cloud_usd"),
            "cloud_usd",
            Schema.type("number", "Month-to-date dollars from the cloud bill (AWS Cost Explorer)")),
        nameKey,
        "mtd_usd",
        "ceiling_usd",
        "pct",
        "level",
        "actions",
        "unpriced_calls");
  }

  @Override
  public Map<String, Object> outputSchema() {
    return obj(
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
            line("scope"),
            "agents",
            arr(line("agent")),
            "teams",
            arr(line("team")),
            "daily_caps",
            arr(
                obj(
                    props(
                        "agent",
                        str(),
                        "date",
                        str(),
                        "today_usd",
                        num(),
                        "cap_usd",
                        num(),
                        "pct",
                        num(),
                        "level",
                        str(),
                        "exceeded",
                        bool()),
                    "agent",
                    "today_usd",
                    "cap_usd")),
            "thresholds",
            arr(obj(props("at_percent", num(), "action", str()), "at_percent", "action")),
            "cloud",
            Schema.with(
                obj(
                    props(
                        "summary",
                        str(),
                        "missing_days",
                        integer(),
                        "replaced_by_usage_usd",
                        num()),
                    "summary",
                    "missing_days",
                    "replaced_by_usage_usd"),
                "description",
                "Present when the budget counts the cloud bill: how fresh the cached bill is, days"
                    + " of this month never fetched (their cloud spend is unknown, not zero), and"
                    + " bill dollars left out because usage events price the same model calls")),
        "month",
        "timezone",
        "total",
        "agents",
        "teams",
        "daily_caps");
  }

  @Override
  Object run(ToolCall call) throws ToolInputException {
    String agent = call.optionalString("agent").orElse(null);
    return Wire.toMap(ctx.governance().status(ctx.engine(), ctx.now()).report(agent));
  }
}

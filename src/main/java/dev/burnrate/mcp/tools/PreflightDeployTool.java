package dev.burnrate.mcp.tools;

import static dev.burnrate.mcp.tools.Schema.arr;
import static dev.burnrate.mcp.tools.Schema.num;
import static dev.burnrate.mcp.tools.Schema.obj;
import static dev.burnrate.mcp.tools.Schema.props;
import static dev.burnrate.mcp.tools.Schema.str;

import dev.burnrate.budget.Preflight;
import dev.burnrate.mcp.ToolCall;
import dev.burnrate.mcp.ToolInputException;
import dev.burnrate.wire.Wire;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** {@code preflight_deploy}: the gate an autopilot deployer calls before it ships, and obeys. */
public final class PreflightDeployTool extends EngineTool {
  static final String GATE = "tools.cost.gate";

  public PreflightDeployTool(ToolContext ctx) {
    super(ctx);
  }

  @Override
  public String name() {
    return "preflight_deploy";
  }

  @Override
  public String title() {
    return "Preflight a deploy";
  }

  @Override
  public String description() {
    return "Call before every deploy and obey it: pass or veto for target spending"
        + " estimated_cost_usd more (default: 7-day burn x days left). Vetoes on a freeze, a"
        + " ceiling crossed, veto-new-deploys or a store down; warns on an unseen target.";
  }

  @Override
  public String entitlement() {
    return GATE;
  }

  @Override
  public boolean readOnly() {
    return false; // records the decision and may raise alerts
  }

  @Override
  public boolean idempotent() {
    return false;
  }

  @Override
  public Map<String, Object> inputSchema() {
    return Schema.input(
        props(
            "target", Schema.with(str("agent[:version]"), "pattern", "^" + Preflight.TARGET + "$"),
            "estimated_cost_usd",
                Schema.with(Schema.type("number", "Extra dollars this month."), "minimum", 0)),
        "target");
  }

  @Override
  public Map<String, Object> outputSchema() {
    return Shapes.output(
        obj(
            props(
                "target",
                str(),
                "agent",
                str(),
                "decision",
                Schema.enumOf(null, List.of("pass", "veto")),
                "reason",
                str(),
                "rule",
                Schema.nullable("string"),
                "scope",
                str(),
                "ceiling_usd",
                Schema.nullable("number"),
                "mtd_usd",
                num(),
                "mtd_pct",
                Schema.nullable("number"),
                "estimated_cost_usd",
                num(),
                "estimate_basis",
                str(),
                "projected_usd",
                num(),
                "projected_pct",
                Schema.nullable("number"),
                "month_end_forecast_usd",
                num(),
                "month_end_forecast_pct",
                Schema.nullable("number"),
                "headroom",
                Schema.keys("total_usd", "agent_usd (largest passing estimate; null: no ceiling)"),
                "agent_budget",
                Schema.keys("mtd_usd", "ceiling_usd", "pct", "daily_burn_usd"),
                "freeze",
                Schema.nullable("string"),
                "override",
                Schema.keys(
                    "path",
                    "applied",
                    "request {how, and the file's fields} (on a veto)",
                    "and what a present one says"),
                "warnings",
                arr(str()),
                "month",
                str(),
                "decided_at",
                str()),
            "target",
            "decision",
            "reason",
            "mtd_usd",
            "estimated_cost_usd",
            "projected_usd",
            "override"));
  }

  @Override
  Object run(ToolCall call) throws ToolInputException {
    String target = call.requiredString("target");
    Optional<BigDecimal> estimate = Optional.empty();
    Object raw = call.arguments().get("estimated_cost_usd");
    if (raw != null) {
      if (!(raw instanceof Number n)) {
        throw new ToolInputException("estimated_cost_usd must be a number of dollars, e.g. 2800");
      }
      estimate = Optional.of(new BigDecimal(n.toString()));
    }
    try {
      return Wire.toMap(ctx.governance().preflight(ctx.engine(), target, estimate, ctx.now()));
    } catch (IOException e) {
      throw new UncheckedIOException(
          "could not record the decision under " + ctx.data().resolve("state"), e);
    }
  }
}

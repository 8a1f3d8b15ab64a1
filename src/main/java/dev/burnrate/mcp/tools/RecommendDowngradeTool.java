package dev.burnrate.mcp.tools;

import static dev.burnrate.mcp.tools.Schema.arr;
import static dev.burnrate.mcp.tools.Schema.bool;
import static dev.burnrate.mcp.tools.Schema.integer;
import static dev.burnrate.mcp.tools.Schema.num;
import static dev.burnrate.mcp.tools.Schema.obj;
import static dev.burnrate.mcp.tools.Schema.props;
import static dev.burnrate.mcp.tools.Schema.str;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.burnrate.control.Drafts;
import dev.burnrate.downgrade.Advice;
import dev.burnrate.downgrade.Advisor;
import dev.burnrate.downgrade.DowngradeQuery;
import dev.burnrate.mcp.ToolCall;
import dev.burnrate.mcp.ToolInputException;
import dev.burnrate.wire.Wire;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.temporal.ChronoUnit;
import java.util.Map;

/** {@code recommend_downgrade}: agents the operator's rules say could run on a cheaper model. */
public final class RecommendDowngradeTool extends EngineTool {
  public RecommendDowngradeTool(ToolContext ctx) {
    super(ctx);
  }

  @Override
  public String name() {
    return "recommend_downgrade";
  }

  @Override
  public String title() {
    return "Recommend cheaper models";
  }

  @Override
  public String description() {
    return "Agents that could move to a cheaper model under budget.yaml's rules, with evidence and"
        + " estimated monthly savings, plus heavy-output agents to review. Writes drafts for a"
        + " human; changes no model.";
  }

  @Override
  public boolean readOnly() {
    return false; // it writes advisory drafts
  }

  @Override
  public Map<String, Object> inputSchema() {
    return Schema.input(
        props(
            "agent", str(),
            "window_days",
                Schema.spanArg(
                    "Complete UTC days before today.",
                    ChronoUnit.DAYS,
                    DowngradeQuery.MIN_WINDOW_DAYS,
                    DowngradeQuery.MAX_WINDOW_DAYS,
                    DowngradeQuery.DEFAULT_WINDOW_DAYS),
            "limit", Caps.limitArg("recommendations", DEFAULT_LIMIT)));
  }

  static final int DEFAULT_LIMIT = 10;

  @Override
  public Map<String, Object> outputSchema() {
    Map<String, Object> window =
        obj(props("from", str(), "to", str(), "days", integer()), "from", "to");
    Map<String, Object> rec =
        obj(
            props(
                "agent",
                str(),
                "from",
                str(),
                "to",
                str(),
                "rule",
                str(),
                "evidence",
                obj(
                    props(
                        "window", window,
                        "models_seen", arr(str()),
                        "avg_complexity_score", Schema.nullable("number"),
                        "avg_token_output", Schema.nullable("number"),
                        "calls", integer(),
                        "tool_variety", str(),
                        "cost_usd", num(),
                        "reason", str()),
                    "calls",
                    "tool_variety"),
                "estimated_monthly_savings_usd",
                num(),
                "draft_path",
                str()),
            "agent",
            "from",
            "to",
            "rule",
            "evidence",
            "estimated_monthly_savings_usd",
            "draft_path");
    Map<String, Object> candidate =
        obj(
            props(
                "agent",
                str(),
                "avg_token_output",
                num(),
                "fleet_avg_token_output",
                num(),
                "ratio",
                num(),
                "llm_calls",
                integer(),
                "reason",
                str()),
            "agent",
            "ratio");
    Map<String, Object> skipped =
        obj(props("from", str(), "to", str(), "rule", str(), "reason", str()), "rule", "reason");
    return Shapes.output(
        obj(
            props(
                "window",
                window,
                "rules_enabled",
                bool(),
                "recommendations",
                arr(rec),
                "review_candidates",
                arr(candidate),
                "skipped",
                arr(skipped),
                "recommendations_omitted",
                integer()),
            "window",
            "rules_enabled",
            "recommendations",
            "review_candidates",
            "skipped"));
  }

  @Override
  Object run(ToolCall call) throws ToolInputException {
    DowngradeQuery query =
        new DowngradeQuery(
            ctx.now(),
            call.spanArg(
                "window_days",
                ChronoUnit.DAYS,
                DowngradeQuery.DEFAULT_WINDOW_DAYS,
                DowngradeQuery.MIN_WINDOW_DAYS,
                DowngradeQuery.MAX_WINDOW_DAYS),
            call.optionalString("agent").orElse(null));
    Advice advice =
        Advisor.advise(ctx.engine(), ctx.config().budget().downgrade(), ctx.catalog(), query);
    try {
      Drafts.write(ctx.data(), advice);
    } catch (IOException e) {
      throw new UncheckedIOException(
          "could not write the recommendation drafts under "
              + ctx.data().resolve("cost/recommendations"),
          e);
    }
    ObjectNode answer = (ObjectNode) Wire.tree(advice);
    Caps.cap(
        answer,
        "recommendations",
        call.intArg("limit", DEFAULT_LIMIT, 1, Caps.MAX_LIMIT),
        "recommendations_omitted");
    return answer;
  }
}

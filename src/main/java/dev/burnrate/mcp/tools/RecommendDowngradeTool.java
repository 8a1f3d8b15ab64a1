package dev.burnrate.mcp.tools;

import static dev.burnrate.mcp.tools.Schema.arr;
import static dev.burnrate.mcp.tools.Schema.bool;
import static dev.burnrate.mcp.tools.Schema.integer;
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
    return "Agents budget.yaml's rules say could use a cheaper model, with evidence and monthly"
        + " savings; heavy-output agents to review. Writes drafts; changes no model.";
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
                    "Whole UTC days before today.",
                    ChronoUnit.DAYS,
                    DowngradeQuery.MIN_WINDOW_DAYS,
                    DowngradeQuery.MAX_WINDOW_DAYS,
                    DowngradeQuery.DEFAULT_WINDOW_DAYS),
            "limit", Caps.limitArg("recommendations", DEFAULT_LIMIT)));
  }

  static final int DEFAULT_LIMIT = 10;

  @Override
  public Map<String, Object> outputSchema() {
    return Shapes.output(
        obj(
            props(
                "window",
                Shapes.span("days"),
                "rules_enabled",
                bool(),
                "recommendations",
                arr(
                    Schema.keys(
                        "agent",
                        "from",
                        "to",
                        "rule",
                        "evidence {reason, and the figures behind it}",
                        "estimated_monthly_savings_usd",
                        "draft_path")),
                "review_candidates",
                arr(Schema.keys("agent", "ratio", "reason", "and the figures behind ratio")),
                "skipped",
                arr(Schema.keys("from", "to", "rule", "reason")),
                "recommendations_omitted",
                integer())));
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

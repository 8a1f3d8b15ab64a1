package dev.burnrate.mcp.tools;

import dev.burnrate.mcp.CostTool;
import java.util.List;

/** Every cost tool, in the order {@code tools/list} shows them. */
public final class CostToolSet {
  private CostToolSet() {}

  public static List<CostTool> all(ToolContext ctx) {
    return List.of(
        new GetCostReportTool(ctx),
        new GetTopSpendersTool(ctx),
        new DetectAnomaliesTool(ctx),
        new GetCostDigestTool(ctx),
        new GetCostWeightsTool(ctx),
        new CheckBudgetTool(ctx),
        new PreflightDeployTool(ctx),
        new EstimateCostTool(ctx),
        new RecommendDowngradeTool(ctx),
        new RecordUsageTool(ctx),
        new ReserveSpendTool(ctx),
        new SettleSpendTool(ctx),
        new ReleaseSpendTool(ctx));
  }
}

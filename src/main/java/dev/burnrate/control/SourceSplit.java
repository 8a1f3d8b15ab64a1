package dev.burnrate.control;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.burnrate.engine.CostEngine;
import dev.burnrate.engine.CostReport;
import dev.burnrate.engine.Digest;
import dev.burnrate.wire.Wire;

/**
 * Answers with their dollars split by source (usage events, the cloud bill), written once for the
 * MCP tools and the command line alike.
 */
public final class SourceSplit {
  private SourceSplit() {}

  /** {@code report} as answered, with {@code source} in its group_by and breakdowns. */
  public static ObjectNode report(Governance g, CostEngine engine, CostReport report) {
    ObjectNode answer = (ObjectNode) Wire.tree(report);
    answer.withArray("group_by").add(SourceSpend.GROUP);
    answer
        .with("breakdowns")
        .set(
            SourceSpend.GROUP,
            Wire.tree(
                g.spendBySource(
                    engine, report.totals(), report.timeRange().from(), report.timeRange().to())));
    return answer;
  }

  /** {@code digest} as answered, with {@code by_source} when the budget counts the bill. */
  public static ObjectNode digest(Governance g, CostEngine engine, Digest digest) {
    ObjectNode answer = (ObjectNode) Wire.tree(digest);
    if (g.countsCloud()) {
      answer.set(
          "by_source",
          Wire.tree(
              g.spendBySource(
                  engine, digest.totals(), digest.window().from(), digest.window().to())));
    }
    return answer;
  }
}

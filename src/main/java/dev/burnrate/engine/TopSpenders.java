package dev.burnrate.engine;

import java.math.BigDecimal;
import java.util.List;

/** The answer of {@link CostEngine#top}: totals and the biggest values of four dimensions. */
public record TopSpenders(
    HoursWindow window,
    long totalCalls,
    BigDecimal totalCostUnits,
    BigDecimal totalCostUsd,
    BigDecimal unpricedShare,
    BigDecimal unpricedCostUnitsShare,
    List<BreakdownRow> topTools,
    List<BreakdownRow> topAgents,
    List<BreakdownRow> topUsers,
    List<BreakdownRow> topWorkspaces,
    DataQuality dataQuality) {
  public TopSpenders {
    topTools = List.copyOf(topTools);
    topAgents = List.copyOf(topAgents);
    topUsers = List.copyOf(topUsers);
    topWorkspaces = List.copyOf(topWorkspaces);
  }
}

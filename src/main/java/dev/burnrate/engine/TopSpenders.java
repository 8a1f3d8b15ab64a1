package dev.burnrate.engine;

import dev.burnrate.usage.UsdByBasis;
import java.math.BigDecimal;
import java.util.List;
import java.util.Optional;

/**
 * The answer of {@link CostEngine#top}: totals and the biggest values of four dimensions.
 *
 * @param usdByBasis {@code totalCostUsd} by what priced it; present when there are dollars
 */
public record TopSpenders(
    HoursWindow window,
    long totalCalls,
    BigDecimal totalCostUnits,
    BigDecimal totalCostUsd,
    BigDecimal unpricedShare,
    BigDecimal unpricedCostUnitsShare,
    Optional<UsdByBasis> usdByBasis,
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

package dev.burnrate.engine;

import dev.burnrate.usage.Dimension;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The answer of {@link CostEngine#report}: totals over the range, one breakdown per requested
 * dimension (in the requested order), the hourly series when asked for, and the data quality.
 */
public record CostReport(
    TimeRange timeRange,
    List<Dimension> groupBy,
    boolean includeFailed,
    Totals totals,
    Map<Dimension, List<BreakdownRow>> breakdowns,
    Optional<List<HourlyPoint>> hourly,
    DataQuality dataQuality) {
  public CostReport {
    groupBy = List.copyOf(groupBy);
    breakdowns = Collections.unmodifiableMap(new LinkedHashMap<>(breakdowns));
    hourly = hourly.map(List::copyOf);
  }
}

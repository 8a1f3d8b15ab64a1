package dev.burnrate.engine;

import java.util.List;

/**
 * The answer of {@link CostEngine#anomalies}: the settings used and what was found, worst first.
 */
public record AnomalyReport(
    MinutesWindow window,
    HoursWindow baseline,
    double ratioThreshold,
    int minCalls,
    int toolsChecked,
    List<Anomaly> anomalies) {
  public AnomalyReport {
    anomalies = List.copyOf(anomalies);
  }
}

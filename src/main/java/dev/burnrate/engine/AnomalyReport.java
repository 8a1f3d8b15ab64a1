package dev.burnrate.engine;

import java.math.BigDecimal;
import java.util.List;
import java.util.Optional;

/**
 * The answer of {@link CostEngine#anomalies}: the settings used and what was found, strongest
 * evidence first. {@code fleetRatio} (the typical tool's call-rate ratio, which each tool is
 * compared with) and {@code minScore} are there in the {@code normalized} mode only. {@code
 * dataSpan} is there only when neither the window nor the baseline holds an event: where the data
 * is, so the caller can ask again at a time that has some.
 */
public record AnomalyReport(
    AnomalyQuery.Mode mode,
    MinutesWindow window,
    HoursWindow baseline,
    double ratioThreshold,
    int minCalls,
    Optional<BigDecimal> minScore,
    Optional<BigDecimal> fleetRatio,
    int toolsChecked,
    List<Anomaly> anomalies,
    Optional<DataQuality.DataSpan> dataSpan) {
  public AnomalyReport {
    anomalies = List.copyOf(anomalies);
  }

  AnomalyReport withDataSpan(DataQuality.DataSpan span) {
    return new AnomalyReport(
        mode,
        window,
        baseline,
        ratioThreshold,
        minCalls,
        minScore,
        fleetRatio,
        toolsChecked,
        anomalies,
        Optional.of(span));
  }
}

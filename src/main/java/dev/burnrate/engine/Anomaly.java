package dev.burnrate.engine;

import java.math.BigDecimal;

/**
 * One tool found spiking. The kinds carry different figures, so each is its own record; {@link
 * #kind()} is their first field on the wire.
 */
public sealed interface Anomaly permits Anomaly.CostSpike, Anomaly.ErrorSpike {
  AnomalyKind kind();

  String tool();

  Evidence evidence();

  String recommendation();

  /**
   * The call or cost rate of the window is {@code ratio} times the baseline's (null, with {@code
   * noBaseline}, for a tool the baseline never saw).
   */
  record CostSpike(
      AnomalyKind kind,
      String tool,
      String category,
      BigDecimal ratio,
      BigDecimal callRateRatio,
      BigDecimal costRateRatio,
      boolean noBaseline,
      Evidence evidence,
      String recommendation)
      implements Anomaly {
    public CostSpike {
      if (kind != AnomalyKind.COST_SPIKE) {
        throw new IllegalArgumentException("a cost spike's kind is cost_spike, not " + kind);
      }
    }
  }

  /** More than 10 % of the window's calls failed; {@code ratio} is the call rate ratio. */
  record ErrorSpike(
      AnomalyKind kind,
      String tool,
      String category,
      BigDecimal ratio,
      BigDecimal errorRate,
      boolean noBaseline,
      Evidence evidence,
      String recommendation)
      implements Anomaly {
    public ErrorSpike {
      if (kind != AnomalyKind.ERROR_SPIKE) {
        throw new IllegalArgumentException("an error spike's kind is error_spike, not " + kind);
      }
    }
  }

  /** The figures behind an anomaly, and the agent that called the tool most in the window. */
  record Evidence(
      long windowCalls,
      BigDecimal windowCostUnits,
      long windowFailed,
      BigDecimal windowErrorRate,
      long baselineCalls,
      BigDecimal baselineCostUnits,
      BigDecimal windowCallsPerMin,
      BigDecimal baselineCallsPerMin,
      BigDecimal windowCostUnitsPerMin,
      BigDecimal baselineCostUnitsPerMin,
      String topAgent,
      long topAgentCalls) {}
}

package dev.burnrate.engine;

import java.math.BigDecimal;
import java.util.List;

/**
 * One thing found spiking: a tool, or (for {@link FleetSurge}) the whole fleet. The kinds carry
 * different figures, so each is its own record; {@link #kind()} is their first field on the wire.
 * The default detector answers {@link CostSpike}, {@link ErrorSpike} and {@link FleetSurge}; the
 * {@code seed} mode answers {@link SeedCostSpike} and {@link SeedErrorSpike}, its first shapes.
 */
public sealed interface Anomaly
    permits Anomaly.CostSpike,
        Anomaly.ErrorSpike,
        Anomaly.FleetSurge,
        Anomaly.SeedCostSpike,
        Anomaly.SeedErrorSpike {
  AnomalyKind kind();

  String recommendation();

  /**
   * A tool's call or cost rate outgrew the fleet's: {@code callRateRatio} and {@code costRateRatio}
   * are window over baseline (per minute), {@code callsVsFleet} and {@code costVsFleet} the same
   * divided by the fleet's ratio (at least 1); all null, with {@code noBaseline}, for a tool the
   * baseline never saw. {@code score} is the evidence (see {@code Anomalies}).
   */
  record CostSpike(
      AnomalyKind kind,
      String tool,
      String category,
      BigDecimal score,
      BigDecimal callsVsFleet,
      BigDecimal costVsFleet,
      BigDecimal callRateRatio,
      BigDecimal costRateRatio,
      BigDecimal expectedCalls,
      boolean noBaseline,
      Evidence evidence,
      String recommendation)
      implements Anomaly {
    public CostSpike {
      requireKind(kind, AnomalyKind.COST_SPIKE);
    }
  }

  /**
   * A tool fails far more often than it did in the baseline: {@code errorRate} against {@code
   * baselineErrorRate} (failed or error over calls); {@code callRateRatio} is the change in its
   * call rate, for context.
   */
  record ErrorSpike(
      AnomalyKind kind,
      String tool,
      String category,
      BigDecimal score,
      BigDecimal errorRate,
      BigDecimal baselineErrorRate,
      BigDecimal callRateRatio,
      boolean noBaseline,
      Evidence evidence,
      String recommendation)
      implements Anomaly {
    public ErrorSpike {
      requireKind(kind, AnomalyKind.ERROR_SPIKE);
    }
  }

  /**
   * The whole fleet is busier than its baseline, reported once instead of as one spike per tool:
   * {@code callRateRatio} and {@code costRateRatio} are the fleet's window over baseline, {@code
   * fleetRatio} the typical tool's (what each tool was compared with), {@code sameHoursCallRatio}
   * the window against the same hours of the {@code sameHoursDays} earlier days that had calls then
   * (null when none did), {@code toolsRiding} the tools whose raw ratio crossed the threshold only
   * with the fleet.
   */
  record FleetSurge(
      AnomalyKind kind,
      BigDecimal score,
      BigDecimal callRateRatio,
      BigDecimal costRateRatio,
      BigDecimal fleetRatio,
      BigDecimal sameHoursCallRatio,
      int sameHoursDays,
      long windowCalls,
      long baselineCalls,
      List<String> toolsRiding,
      String recommendation)
      implements Anomaly {
    public FleetSurge {
      requireKind(kind, AnomalyKind.FLEET_SURGE);
      toolsRiding = List.copyOf(toolsRiding);
    }
  }

  /**
   * Seed mode: the call or cost rate of the window is {@code ratio} times the baseline's (null,
   * with {@code noBaseline}, for a tool the baseline never saw).
   */
  record SeedCostSpike(
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
    public SeedCostSpike {
      requireKind(kind, AnomalyKind.COST_SPIKE);
    }
  }

  /**
   * Seed mode: more than 10 % of the window's calls failed; {@code ratio} is the call rate ratio.
   */
  record SeedErrorSpike(
      AnomalyKind kind,
      String tool,
      String category,
      BigDecimal ratio,
      BigDecimal errorRate,
      boolean noBaseline,
      Evidence evidence,
      String recommendation)
      implements Anomaly {
    public SeedErrorSpike {
      requireKind(kind, AnomalyKind.ERROR_SPIKE);
    }
  }

  private static void requireKind(AnomalyKind kind, AnomalyKind expected) {
    if (kind != expected) {
      throw new IllegalArgumentException(
          "this anomaly's kind is " + expected.wire() + ", not " + kind);
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

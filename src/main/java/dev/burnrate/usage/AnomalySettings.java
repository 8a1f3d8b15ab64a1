package dev.burnrate.usage;

/** Defaults for anomaly detection, from {@code cost_weights.yml}. */
public record AnomalySettings(double spikeRatioThreshold, int minCallsThreshold) {
  public static final AnomalySettings DEFAULTS = new AnomalySettings(3.0, 10);

  public AnomalySettings {
    if (!(spikeRatioThreshold > 0) || Double.isInfinite(spikeRatioThreshold)) {
      throw new IllegalArgumentException(
          "spike_ratio_threshold " + spikeRatioThreshold + " must be a positive number");
    }
    if (minCallsThreshold < 0) {
      throw new IllegalArgumentException(
          "min_calls_threshold " + minCallsThreshold + " must be 0 or more");
    }
  }
}

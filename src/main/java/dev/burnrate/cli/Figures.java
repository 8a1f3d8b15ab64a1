package dev.burnrate.cli;

/** How the benchmark rounds and ranks what it measured. */
final class Figures {
  private Figures() {}

  static double round(double v, int places) {
    double f = Math.pow(10, places);
    return Math.round(v * f) / f;
  }

  /** The value at quantile {@code q} (0..1) of {@code sorted}, nearest-rank. */
  static double percentile(double[] sorted, double q) {
    return sorted[(int) Math.max(0, Math.min(sorted.length - 1, Math.ceil(sorted.length * q) - 1))];
  }
}

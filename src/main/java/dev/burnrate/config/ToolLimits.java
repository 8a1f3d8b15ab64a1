package dev.burnrate.config;

/** Serving limits for one tool. A value of 0 for rate or size limits means "no limit". */
public record ToolLimits(
    long timeoutMs, int maxCharsIn, long maxBytesOut, int rateLimitRpm, int concurrency) {

  public static final ToolLimits DEFAULTS = new ToolLimits(30_000, 100_000, 1_000_000, 600, 4);

  public ToolLimits {
    if (timeoutMs <= 0) {
      throw new IllegalArgumentException("timeout_ms " + timeoutMs + " must be positive");
    }
    if (concurrency <= 0) {
      throw new IllegalArgumentException("concurrency " + concurrency + " must be positive");
    }
  }
}

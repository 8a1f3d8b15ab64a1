package dev.burnrate.engine;

import dev.burnrate.usage.QueryException;
import java.util.List;
import java.util.Locale;

/**
 * What {@link CostEngine#anomalies} looks for: the last {@code windowMinutes} against the {@code
 * baselineHours} before now; a null {@code ratioThreshold} or {@code minCalls} takes the configured
 * default, an empty {@code toolsFilter} checks every tool, a null {@code mode} is {@link
 * Mode#NORMALIZED}.
 */
public record AnomalyQuery(
    int windowMinutes,
    int baselineHours,
    Double ratioThreshold,
    Integer minCalls,
    List<String> toolsFilter,
    Mode mode) {
  /**
   * How tools are judged. {@code normalized} compares each tool with the fleet's own change and
   * ranks by a score; {@code seed} is the first detector (raw rate ratios, a fixed 10 % error
   * line), kept so answers can be compared with it.
   */
  public enum Mode {
    NORMALIZED,
    SEED;

    public String wire() {
      return name().toLowerCase(Locale.ROOT);
    }

    public static final List<String> WIRE = List.of("normalized", "seed");

    /** The mode named {@code text} on the wire, or a {@link QueryException} naming it. */
    public static Mode fromWire(String text) {
      for (Mode m : values()) {
        if (m.wire().equals(text)) {
          return m;
        }
      }
      throw new QueryException("mode", text + " is not one of " + String.join(", ", WIRE));
    }
  }

  public static final int DEFAULT_WINDOW_MINUTES = 60;
  public static final int DEFAULT_BASELINE_HOURS = 24;

  /** The longest window, in minutes: 7 days. */
  public static final int MAX_WINDOW_MINUTES = 7 * 24 * 60;

  /** The longest baseline, in hours: 90 days. */
  public static final int MAX_BASELINE_HOURS = 24 * 90;

  /** Ratio thresholds lie in (0, this). */
  public static final double MAX_RATIO_THRESHOLD = 1e6;

  /** The largest {@code min_calls}. */
  public static final int MAX_MIN_CALLS = 1_000_000;

  public AnomalyQuery {
    toolsFilter = toolsFilter == null ? List.of() : List.copyOf(toolsFilter);
    mode = mode == null ? Mode.NORMALIZED : mode;
    if (windowMinutes < 1 || windowMinutes > MAX_WINDOW_MINUTES) {
      throw new QueryException(
          "window_minutes", windowMinutes + " must be between 1 and " + MAX_WINDOW_MINUTES);
    }
    if (baselineHours < 1 || baselineHours > MAX_BASELINE_HOURS) {
      throw new QueryException(
          "baseline_hours", baselineHours + " must be between 1 and " + MAX_BASELINE_HOURS);
    }
    if (baselineHours * 60 <= windowMinutes) {
      throw new QueryException(
          "baseline_hours",
          baselineHours
              + " must span more than {window_minutes} "
              + windowMinutes
              + "; the baseline is the time before the window");
    }
    if (ratioThreshold != null && !(ratioThreshold > 0 && ratioThreshold < MAX_RATIO_THRESHOLD)) {
      throw new QueryException(
          "ratio_threshold", ratioThreshold + " must be a number above 0 and below 1000000");
    }
    if (minCalls != null && (minCalls < 0 || minCalls > MAX_MIN_CALLS)) {
      throw new QueryException("min_calls", minCalls + " must be between 0 and " + MAX_MIN_CALLS);
    }
  }

  /** The same query, judged the {@code normalized} way. */
  public AnomalyQuery(
      int windowMinutes,
      int baselineHours,
      Double ratioThreshold,
      Integer minCalls,
      List<String> toolsFilter) {
    this(windowMinutes, baselineHours, ratioThreshold, minCalls, toolsFilter, Mode.NORMALIZED);
  }

  public static AnomalyQuery defaults() {
    return new AnomalyQuery(DEFAULT_WINDOW_MINUTES, DEFAULT_BASELINE_HOURS, null, null, List.of());
  }
}

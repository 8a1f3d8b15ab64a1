package dev.burnrate.engine;

import dev.burnrate.usage.QueryException;

/**
 * What {@link CostEngine#top} answers: the last {@code windowHours} hours, {@code topN} rows a
 * list, ranked by {@code sortBy}.
 */
public record TopQuery(int windowHours, int topN, Ranking sortBy) {
  public static final int DEFAULT_WINDOW_HOURS = 24;
  public static final int MAX_WINDOW_HOURS = 24 * 400;
  public static final int DEFAULT_TOP_N = ReportQuery.DEFAULT_TOP_N;
  public static final int MAX_TOP_N = ReportQuery.MAX_TOP_N;

  /** Ranked by cost units. */
  public TopQuery(int windowHours, int topN) {
    this(windowHours, topN, Ranking.COST_UNITS);
  }

  public TopQuery {
    java.util.Objects.requireNonNull(sortBy, "sortBy");
    if (windowHours < 1 || windowHours > MAX_WINDOW_HOURS) {
      throw new QueryException(
          "window_hours", windowHours + " must be between 1 and " + MAX_WINDOW_HOURS);
    }
    if (topN < 1 || topN > MAX_TOP_N) {
      throw new QueryException("top_n", topN + " must be between 1 and " + MAX_TOP_N);
    }
  }

  public static TopQuery defaults() {
    return new TopQuery(DEFAULT_WINDOW_HOURS, DEFAULT_TOP_N);
  }
}

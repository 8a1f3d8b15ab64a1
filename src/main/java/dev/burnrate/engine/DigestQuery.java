package dev.burnrate.engine;

import dev.burnrate.usage.QueryException;

/** What {@link CostEngine#digest} covers: the last {@code windowHours}, and how much it shows. */
public record DigestQuery(int windowHours, int baselineHours, int topN, int maxMarkdownChars) {
  public static final int DEFAULT_WINDOW_HOURS = 24;
  public static final int MAX_WINDOW_HOURS = 24 * 31;
  public static final int DEFAULT_BASELINE_HOURS = 168;
  public static final int MAX_BASELINE_HOURS = 24 * 90;
  public static final int DEFAULT_TOP_N = 10;
  public static final int MAX_TOP_N = 100;
  public static final int DEFAULT_MAX_MARKDOWN_CHARS = 3800;
  public static final int MIN_MARKDOWN_CHARS = 200;
  public static final int MAX_MARKDOWN_CHARS = 100_000;

  public DigestQuery {
    if (windowHours < 1 || windowHours > MAX_WINDOW_HOURS) {
      throw new QueryException(
          "window_hours", windowHours + " must be between 1 and " + MAX_WINDOW_HOURS);
    }
    if (baselineHours < 1 || baselineHours > MAX_BASELINE_HOURS) {
      throw new QueryException(
          "baseline_hours", baselineHours + " must be between 1 and " + MAX_BASELINE_HOURS);
    }
    if (topN < 1 || topN > MAX_TOP_N) {
      throw new QueryException("top_n", topN + " must be between 1 and " + MAX_TOP_N);
    }
    if (maxMarkdownChars < MIN_MARKDOWN_CHARS || maxMarkdownChars > MAX_MARKDOWN_CHARS) {
      throw new QueryException(
          "max_markdown_chars",
          maxMarkdownChars
              + " must be between "
              + MIN_MARKDOWN_CHARS
              + " and "
              + MAX_MARKDOWN_CHARS);
    }
  }

  public static DigestQuery defaults() {
    return new DigestQuery(
        DEFAULT_WINDOW_HOURS, DEFAULT_BASELINE_HOURS, DEFAULT_TOP_N, DEFAULT_MAX_MARKDOWN_CHARS);
  }
}

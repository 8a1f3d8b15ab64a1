package dev.burnrate.engine;

import dev.burnrate.usage.Dimension;
import dev.burnrate.usage.QueryException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * What {@link CostEngine#report} answers: the half-open range {@code [from, to)}, the dimensions to
 * break it down by (one breakdown each, in this order), rows per breakdown, whether failed and
 * error calls count, whether to add an hourly series, and what ranks the rows.
 */
public record ReportQuery(
    Instant from,
    Instant to,
    List<Dimension> groupBy,
    int topN,
    boolean includeFailed,
    boolean includeHourly,
    Ranking sortBy) {
  /** The range when the caller names no start: this long, ending at {@code to}. */
  public static final Duration DEFAULT_RANGE = Duration.ofDays(7);

  /** The breakdowns when the caller names none. */
  public static final List<Dimension> DEFAULT_GROUP_BY = List.of(Dimension.TOOL, Dimension.AGENT);

  public static final int DEFAULT_TOP_N = 10;
  public static final int MAX_TOP_N = 1000;

  /** Ranked by cost units. */
  public ReportQuery(
      Instant from,
      Instant to,
      List<Dimension> groupBy,
      int topN,
      boolean includeFailed,
      boolean includeHourly) {
    this(from, to, groupBy, topN, includeFailed, includeHourly, Ranking.COST_UNITS);
  }

  /** The same query with rows ranked by {@code by}. */
  public ReportQuery sortedBy(Ranking by) {
    return new ReportQuery(from, to, groupBy, topN, includeFailed, includeHourly, by);
  }

  public ReportQuery {
    java.util.Objects.requireNonNull(sortBy, "sortBy");
    groupBy = List.copyOf(groupBy);
    Times.requireSupported("from", from);
    Times.requireSupported("to", to);
    if (!from.isBefore(to)) {
      throw new QueryException(
          "from", from + " is not before {to} " + to + "; swap them or widen the range");
    }
    if (topN < 1 || topN > MAX_TOP_N) {
      throw new QueryException("top_n", topN + " must be between 1 and " + MAX_TOP_N);
    }
    if (Set.copyOf(groupBy).size() != groupBy.size()) {
      throw new QueryException("group_by", groupBy + " names a dimension twice");
    }
  }

  /**
   * A query from what the caller named, as text: a start ({@code from}), an end ({@code to},
   * default {@code now}) or a span ending at the end ({@code last}), read by {@link Times#range}
   * (without a start or span, the range is {@link #DEFAULT_RANGE} long); an empty {@code groupBy}
   * is {@link #DEFAULT_GROUP_BY}.
   *
   * @param groupBy dimension names as events spell them ({@code agent_id})
   */
  public static ReportQuery of(
      Instant now,
      String from,
      String to,
      String last,
      List<String> groupBy,
      int topN,
      boolean includeFailed,
      boolean includeHourly) {
    TimeRange r = Times.range(now, from, to, last, DEFAULT_RANGE);
    return new ReportQuery(
        r.from(), r.to(), dimensions(groupBy), topN, includeFailed, includeHourly);
  }

  /** The defaults: the last {@code days} days, grouped by tool and agent. */
  public static ReportQuery lastDays(Instant now, int days) {
    return new ReportQuery(
        now.minus(Duration.ofDays(days)), now, DEFAULT_GROUP_BY, DEFAULT_TOP_N, true, false);
  }

  private static List<Dimension> dimensions(List<String> names) {
    if (names == null || names.isEmpty()) {
      return DEFAULT_GROUP_BY;
    }
    List<Dimension> dims = new ArrayList<>();
    for (String n : names) {
      try {
        dims.add(Dimension.parse(n));
      } catch (IllegalArgumentException e) {
        throw new QueryException("group_by", "'" + n + "' is not one of " + Dimension.wireNames());
      }
    }
    return dims;
  }
}

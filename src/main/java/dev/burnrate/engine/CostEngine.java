package dev.burnrate.engine;

import dev.burnrate.usage.CostWeights;
import dev.burnrate.usage.Dimension;
import dev.burnrate.usage.ToolWeight;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The cost engine: reports, top spenders, anomalies, the digest and the cost model in force, over
 * an {@link EventIndex}. Pure: it has no clock ({@code now} is always passed in) and does no I/O.
 *
 * <p>Every result covers every event in its range; nothing is sampled or capped. Results are
 * ordered maps of plain values (numbers, strings, lists), serialised as they are by the CLI and
 * the MCP tools.
 */
public final class CostEngine {
  private static final int MAX_EXAMPLES = 20;

  /**
   * The first instant a query may name. Queries name times from 2000 through 2199 (UTC), far wider
   * than any audit log and fixed, so a test's {@code --now} is as valid in a decade as today; a
   * time outside is a mistyped or hostile value, rejected by name rather than computed with.
   */
  public static final Instant EARLIEST = Instant.parse("2000-01-01T00:00:00Z");
  /** The last instant a query may name: see {@link #EARLIEST}. */
  public static final Instant LATEST = Instant.parse("2200-01-01T00:00:00Z");

  private final EventIndex index;

  public CostEngine(EventIndex index) {
    this.index = index;
  }

  public EventIndex index() {
    return index;
  }

  /** Parameters of {@link #report}; {@code from}/{@code to} are a half-open range. */
  public record ReportQuery(
      Instant from,
      Instant to,
      List<Dimension> groupBy,
      int topN,
      boolean includeFailed,
      boolean includeHourly) {
    public ReportQuery {
      groupBy = List.copyOf(groupBy);
      requireSupported("time_range.from", from);
      requireSupported("time_range.to", to);
      if (!from.isBefore(to)) {
        throw new IllegalArgumentException(
            "time_range.from " + from + " is not before time_range.to " + to
                + "; swap them or widen the range");
      }
      if (topN < 1 || topN > 1000) {
        throw new IllegalArgumentException("top_n " + topN + " must be between 1 and 1000");
      }
      if (Set.copyOf(groupBy).size() != groupBy.size()) {
        throw new IllegalArgumentException("group_by " + groupBy + " names a dimension twice");
      }
    }

    /** The defaults: the last 7 days, grouped by tool and agent. */
    public static ReportQuery lastDays(Instant now, int days) {
      return new ReportQuery(
          now.minusSeconds(days * 86_400L),
          now,
          List.of(Dimension.TOOL, Dimension.AGENT),
          10,
          true,
          false);
    }
  }

  public Map<String, Object> report(ReportQuery q) {
    return index.read(() -> reportLocked(q));
  }

  Map<String, Object> reportLocked(ReportQuery q) {
    long from = micros(q.from());
    long to = micros(q.to());
    List<Dimension> dims = q.groupBy();
    int[] ids = new int[dims.size() + 1];
    Acc[] accs = new Acc[ids.length];
    for (int k = 0; k < dims.size(); k++) {
      ids[k] = dims.get(k).ordinal();
      accs[k] = new Acc(index.dictSize(ids[k]));
    }
    ids[dims.size()] = Dimension.STATUS.ordinal();
    accs[dims.size()] = new Acc(4);
    index.accumulate(from, to, ids, accs, q.includeFailed());

    Map<String, Object> out = new LinkedHashMap<>();
    out.put("time_range", range(from, to));
    out.put("group_by", dims.stream().map(Dimension::wire).toList());
    out.put("include_failed", q.includeFailed());
    out.put("totals", Rows.totals(accs[dims.size()]));
    Map<String, Object> breakdowns = new LinkedHashMap<>();
    for (int k = 0; k < dims.size(); k++) {
      Dimension d = dims.get(k);
      breakdowns.put(d.wire(), Rows.top(index, d.ordinal(), d.wire(), accs[k], q.topN()));
    }
    out.put("breakdowns", breakdowns);
    if (q.includeHourly()) {
      out.put("hourly", hourly(from, to, q.includeFailed()));
    }
    out.put("data_quality", dataQuality(from, to));
    return out;
  }

  private List<Map<String, Object>> hourly(long from, long to, boolean includeFailed) {
    List<Map<String, Object>> series = new ArrayList<>();
    int[] statusDim = {Dimension.STATUS.ordinal()};
    long h0 = Math.floorDiv(from, EventIndex.HOUR);
    long h1 = EventIndex.ceilDiv(to, EventIndex.HOUR);
    if (h1 - h0 > 24 * 400) {
      throw new IllegalArgumentException(
          "include_hourly over " + (h1 - h0) + " hours is too long a series;"
              + " narrow time_range to 400 days or less");
    }
    for (long h = h0; h < h1; h++) {
      Acc a = new Acc(4);
      long start = Math.max(from, h * EventIndex.HOUR);
      long end = Math.min(to, (h + 1) * EventIndex.HOUR);
      index.accumulate(start, end, statusDim, new Acc[] {a}, includeFailed);
      long count = 0;
      long cost4 = 0;
      long usd = 0;
      for (int id = -1; id < a.slots(); id++) {
        count = Cells.plus(count, a.get(id, Acc.COUNT));
        cost4 = Cells.plus(cost4, a.get(id, Acc.COST4));
        usd = Cells.plus(usd, a.get(id, Acc.USD_NANO));
      }
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("hour", Rows.iso(h * EventIndex.HOUR));
      m.put("count", count);
      m.put("cost_units", Rows.units(cost4));
      m.put("cost_usd", Rows.usd(usd));
      series.add(m);
    }
    return series;
  }

  /** Parameters of {@link #top}. */
  public record TopQuery(int windowHours, int topN) {
    public TopQuery {
      if (windowHours < 1 || windowHours > 24 * 400) {
        throw new IllegalArgumentException(
            "window_hours " + windowHours + " must be between 1 and " + 24 * 400);
      }
      if (topN < 1 || topN > 1000) {
        throw new IllegalArgumentException("top_n " + topN + " must be between 1 and 1000");
      }
    }
  }

  public Map<String, Object> top(TopQuery q, Instant now) {
    requireSupported("now", now);
    return index.read(() -> topLocked(q, micros(now)));
  }

  Map<String, Object> topLocked(TopQuery q, long now) {
    long from = now - q.windowHours() * EventIndex.HOUR;
    Dimension[] dims = {Dimension.TOOL, Dimension.AGENT, Dimension.USER, Dimension.WORKSPACE};
    int[] ids = new int[dims.length];
    Acc[] accs = new Acc[dims.length];
    for (int k = 0; k < dims.length; k++) {
      ids[k] = dims[k].ordinal();
      accs[k] = new Acc(index.dictSize(ids[k]));
    }
    index.accumulate(from, now, ids, accs, true);
    Map<String, Object> totals = Rows.totals(accs[0]);
    Map<String, Object> out = new LinkedHashMap<>();
    Map<String, Object> window = range(from, now);
    window.put("hours", q.windowHours());
    out.put("window", window);
    out.put("total_calls", totals.get("calls"));
    out.put("total_cost_units", totals.get("cost_units"));
    out.put("total_cost_usd", totals.get("cost_usd"));
    String[] names = {"top_tools", "top_agents", "top_users", "top_workspaces"};
    for (int k = 0; k < dims.length; k++) {
      out.put(names[k], Rows.top(index, ids[k], dims[k].wire(), accs[k], q.topN()));
    }
    out.put("data_quality", dataQuality(from, now));
    return out;
  }

  public Map<String, Object> anomalies(Anomalies.Query q, Instant now) {
    requireSupported("now", now);
    return index.read(() -> new Anomalies(index).detect(q, micros(now)));
  }

  public Map<String, Object> digest(Digest.Query q, Instant now) {
    requireSupported("now", now);
    return index.read(() -> new Digest(this).build(q, micros(now)));
  }

  /**
   * Spend per value of {@code dim} for each of {@code days} calendar days starting at {@code
   * firstDay}, with day boundaries at midnight in {@code zone}. Days whose start is at or after
   * {@code now} are empty; the day containing {@code now} is cut at {@code now}.
   */
  public SpendSeries spendByDay(
      Dimension dim, LocalDate firstDay, int days, java.time.ZoneId zone, Instant now) {
    if (days < 1 || days > 400) {
      throw new IllegalArgumentException("days " + days + " must be between 1 and 400");
    }
    return index.read(() -> {
      int d = dim.ordinal();
      Acc[] perDay = new Acc[days];
      long nowMicros = micros(now);
      for (int j = 0; j < days; j++) {
        long from = micros(firstDay.plusDays(j).atStartOfDay(zone).toInstant());
        long to = Math.min(nowMicros, micros(firstDay.plusDays(j + 1L).atStartOfDay(zone).toInstant()));
        perDay[j] = new Acc(index.dictSize(d));
        index.accumulate(from, to, new int[] {d}, new Acc[] {perDay[j]}, true);
      }
      int slots = index.dictSize(d) + 1;
      List<String> names = new ArrayList<>();
      List<Integer> ids = new ArrayList<>();
      for (int id = -1; id < slots - 1; id++) {
        boolean any = false;
        for (int j = 0; j < days && !any; j++) {
          any = id < perDay[j].slots() && perDay[j].get(id, Acc.COUNT) > 0;
        }
        if (any) {
          names.add(index.name(d, id));
          ids.add(id);
        }
      }
      long[][] usd = new long[ids.size()][days];
      long[][] calls = new long[ids.size()][days];
      long[][] unpriced = new long[ids.size()][days];
      for (int i = 0; i < ids.size(); i++) {
        int id = ids.get(i);
        for (int j = 0; j < days; j++) {
          if (id < perDay[j].slots()) {
            usd[i][j] = perDay[j].get(id, Acc.USD_NANO);
            calls[i][j] = perDay[j].get(id, Acc.COUNT);
            unpriced[i][j] = perDay[j].get(id, Acc.UNPRICED);
          }
        }
      }
      return new SpendSeries(firstDay, names, usd, calls, unpriced);
    });
  }

  /**
   * Per-agent, per-model, per-UTC-day usage over {@code [firstDay, firstDay + days)}: the input of
   * downgrade advice.
   */
  public AgentUsage agentUsage(LocalDate firstDay, int days) {
    return index.read(() -> AgentUsage.scan(index, firstDay, days));
  }

  /** The cost model in force and where it came from. */
  public Map<String, Object> weights() {
    CostWeights w = index.weights();
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("source", w.source());
    out.put("formula", "cost_units = cost_per_call + duration_ms * cost_per_ms, rounded half-even to 4 dp per call");
    out.put("defaults", weight(w.defaults()));
    Map<String, Object> tools = new LinkedHashMap<>();
    w.toolsSorted().forEach((name, tw) -> tools.put(name, weight(tw)));
    out.put("tools", tools);
    Map<String, Object> anomaly = new LinkedHashMap<>();
    anomaly.put("spike_ratio_threshold", w.anomaly().spikeRatioThreshold());
    anomaly.put("min_calls_threshold", w.anomaly().minCallsThreshold());
    out.put("anomaly", anomaly);
    return out;
  }

  private static Map<String, Object> weight(ToolWeight w) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("cost_per_call", w.costPerCall());
    m.put("cost_per_ms", w.costPerMs());
    if (w.category() != null) {
      m.put("category", w.category());
    }
    return m;
  }

  /**
   * Malformed log lines in the files whose day overlaps {@code [from, to)}: their count and the
   * first few, located by file and line; how many events there carry more cache tokens than input
   * tokens; and, per dimension, how many events in the range were grouped as {@code (other)}
   * because the dimension reached its cap on distinct values ({@link EventIndex#MAX_VALUES}).
   */
  Map<String, Object> dataQuality(long from, long to) {
    LocalDate first = LocalDate.ofEpochDay(Math.floorDiv(from, EventIndex.DAY));
    LocalDate last = LocalDate.ofEpochDay(Math.floorDiv(to - 1, EventIndex.DAY));
    List<Segment.Malformed> bad = new ArrayList<>();
    long cacheOverInput = 0;
    for (EventIndex.Entry e : index.entries()) {
      LocalDate day = dayOf(e.seg.source());
      if (day == null || (!day.isBefore(first) && !day.isAfter(last))) {
        bad.addAll(e.seg.malformed());
        cacheOverInput += e.cacheOverInput();
      }
    }
    bad.sort(Comparator.comparing(Segment.Malformed::file).thenComparingLong(Segment.Malformed::line));
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("malformed_lines", bad.size());
    // input_tokens includes cached tokens; more cached than input means the source counted them
    // apart. Such events are priced with the uncached part floored at 0.
    m.put("cache_tokens_exceed_input", cacheOverInput);
    List<Map<String, Object>> examples = new ArrayList<>();
    for (int i = 0; i < bad.size() && i < MAX_EXAMPLES; i++) {
      Segment.Malformed mf = bad.get(i);
      Map<String, Object> x = new LinkedHashMap<>();
      x.put("file", mf.file());
      x.put("line", mf.line());
      x.put("reason", mf.reason());
      examples.add(x);
    }
    m.put("examples", examples);
    // Present only when some value was grouped under (other), so ordinary results are unchanged.
    long[] other = index.groupedAsOther(from, to);
    Map<String, Object> capped = new LinkedHashMap<>();
    for (Dimension d : Dimension.values()) {
      if (other[d.ordinal()] > 0) {
        capped.put(d.wire(), other[d.ordinal()]);
      }
    }
    if (!capped.isEmpty()) {
      m.put("capped_values", capped);
    }
    return m;
  }

  /** The UTC day of a {@code tool_audit_YYYY-MM-DD.jsonl} file, or null for other names. */
  static LocalDate dayOf(String file) {
    String name = file.substring(file.lastIndexOf('/') + 1);
    if (name.startsWith("tool_audit_") && name.length() >= 21) {
      try {
        return LocalDate.parse(name.substring(11, 21));
      } catch (RuntimeException e) {
        return null;
      }
    }
    return null;
  }

  static Map<String, Object> range(long from, long to) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("from", Rows.iso(from));
    m.put("to", Rows.iso(to));
    return m;
  }

  /**
   * {@code t}, when it lies in [{@link #EARLIEST}, {@link #LATEST}]; otherwise bad input naming
   * {@code name}, the value and the window.
   */
  public static Instant requireSupported(String name, Instant t) {
    if (t.isBefore(EARLIEST) || t.isAfter(LATEST)) {
      throw new IllegalArgumentException(name + " " + t + " is outside the supported time window "
          + EARLIEST + " to " + LATEST + "; pass a time in the years 2000 to 2199");
    }
    return t;
  }

  private static final long MAX_SECONDS = Long.MAX_VALUE / 1_000_000L;
  private static final long MIN_SECONDS = Long.MIN_VALUE / 1_000_000L;

  /**
   * Microseconds since the epoch, saturating at the ends of {@code long} (about ±292,000 years):
   * queries are held to {@link #EARLIEST}..{@link #LATEST}, so saturation only keeps a value that
   * slipped past those checks from ever throwing.
   */
  static long micros(Instant t) {
    long s = t.getEpochSecond();
    if (s >= MAX_SECONDS) {
      return Long.MAX_VALUE;
    }
    if (s < MIN_SECONDS) {
      return Long.MIN_VALUE;
    }
    return s * 1_000_000L + t.getNano() / 1000;
  }

  static Instant instant(long micros) {
    return Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1000L)
        .atOffset(ZoneOffset.UTC)
        .toInstant();
  }
}

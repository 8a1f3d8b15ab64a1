package dev.burnrate.engine;

import dev.burnrate.usage.AnomalySettings;
import dev.burnrate.usage.Dimension;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Cost and error spikes per tool.
 *
 * <p>Method: the window is {@code [now - w, now)} and the baseline the {@code b} hours before it,
 * {@code [now - b, now - w)}. For each tool with at least {@code min_calls} calls in the window,
 * the per-minute call rate and per-minute cost rate of the window are compared with the
 * baseline's, as exact rationals; either ratio at or above the threshold is a {@code cost_spike}.
 * A tool with no baseline calls is a spike with {@code ratio: null, no_baseline: true}. A window
 * error rate ((failed + error) / calls) above 10 % is an {@code error_spike}.
 */
public final class Anomalies {
  static final BigDecimal ERROR_SPIKE_RATE = new BigDecimal("0.10");
  /** The longest window, in minutes: 7 days. */
  public static final int MAX_WINDOW_MINUTES = 7 * 24 * 60;
  /** The longest baseline, in hours: 90 days. */
  public static final int MAX_BASELINE_HOURS = 24 * 90;
  /** Ratio thresholds lie in (0, this). */
  public static final double MAX_RATIO_THRESHOLD = 1e6;
  /** The largest {@code min_calls}. */
  public static final int MAX_MIN_CALLS = 1_000_000;

  private final EventIndex index;

  Anomalies(EventIndex index) {
    this.index = index;
  }

  /**
   * Parameters; a null {@code ratioThreshold} or {@code minCalls} takes the configured default, an
   * empty {@code toolsFilter} checks every tool.
   */
  public record Query(
      int windowMinutes,
      int baselineHours,
      Double ratioThreshold,
      Integer minCalls,
      List<String> toolsFilter) {
    public Query {
      toolsFilter = toolsFilter == null ? List.of() : List.copyOf(toolsFilter);
      if (windowMinutes < 1 || windowMinutes > MAX_WINDOW_MINUTES) {
        throw new IllegalArgumentException(
            "window_minutes " + windowMinutes + " must be between 1 and " + MAX_WINDOW_MINUTES);
      }
      if (baselineHours < 1 || baselineHours > MAX_BASELINE_HOURS) {
        throw new IllegalArgumentException(
            "baseline_hours " + baselineHours + " must be between 1 and " + MAX_BASELINE_HOURS);
      }
      if (baselineHours * 60 <= windowMinutes) {
        throw new IllegalArgumentException(
            "baseline_hours " + baselineHours + " must span more than window_minutes "
                + windowMinutes + "; the baseline is the time before the window");
      }
      if (ratioThreshold != null && !(ratioThreshold > 0 && ratioThreshold < MAX_RATIO_THRESHOLD)) {
        throw new IllegalArgumentException(
            "ratio_threshold " + ratioThreshold + " must be a number above 0 and below 1000000");
      }
      if (minCalls != null && (minCalls < 0 || minCalls > MAX_MIN_CALLS)) {
        throw new IllegalArgumentException(
            "min_calls " + minCalls + " must be between 0 and " + MAX_MIN_CALLS);
      }
    }

    public static Query defaults() {
      return new Query(60, 24, null, null, List.of());
    }
  }

  Map<String, Object> detect(Query q, long now) {
    AnomalySettings cfg = index.weights().anomaly();
    double threshold = q.ratioThreshold() != null ? q.ratioThreshold() : cfg.spikeRatioThreshold();
    int minCalls = q.minCalls() != null ? q.minCalls() : cfg.minCallsThreshold();
    BigDecimal thr = BigDecimal.valueOf(threshold);
    long wStart = now - q.windowMinutes() * 60_000_000L;
    long bStart = now - q.baselineHours() * EventIndex.HOUR;
    long wMin = q.windowMinutes();
    long bMin = q.baselineHours() * 60L - q.windowMinutes();
    int tool = Dimension.TOOL.ordinal();
    int[] dims = {tool};
    Acc window = new Acc(index.dictSize(tool));
    Acc base = new Acc(index.dictSize(tool));
    index.accumulate(wStart, now, dims, new Acc[] {window}, true);
    index.accumulate(bStart, wStart, dims, new Acc[] {base}, true);
    Set<String> filter = Set.copyOf(q.toolsFilter());

    List<Map<String, Object>> found = new ArrayList<>();
    List<Integer> anomalous = new ArrayList<>();
    int checked = 0;
    for (int id = 0; id < window.slots(); id++) {
      long wCalls = window.get(id, Acc.COUNT);
      String name = index.name(tool, id);
      if (wCalls == 0 || wCalls < minCalls || (!filter.isEmpty() && !filter.contains(name))) {
        continue;
      }
      checked++;
      long wCost = window.get(id, Acc.COST4);
      long wFailed = window.get(id, Acc.FAILED);
      long bCalls = base.get(id, Acc.COUNT);
      long bCost = base.get(id, Acc.COST4);
      String category = index.weights().categoryOf(name);
      BigDecimal callRatio = bCalls == 0 ? null : rate(wCalls, bMin, bCalls, wMin);
      BigDecimal costRatio = bCost == 0 ? null : rate(wCost, bMin, bCost, wMin);
      boolean spike =
          bCalls == 0
              || (callRatio != null && callRatio.compareTo(thr) >= 0)
              || (costRatio != null && costRatio.compareTo(thr) >= 0);
      Map<String, Object> evidence = evidence(wCalls, wCost, wFailed, bCalls, bCost, wMin, bMin);
      if (spike) {
        BigDecimal ratio = max(callRatio, costRatio);
        if (bCalls == 0) {
          ratio = null;
        }
        Map<String, Object> a = new LinkedHashMap<>();
        a.put("kind", "cost_spike");
        a.put("tool", name);
        a.put("category", category);
        a.put("ratio", round2(ratio));
        a.put("call_rate_ratio", round2(callRatio));
        a.put("cost_rate_ratio", round2(costRatio));
        a.put("no_baseline", bCalls == 0);
        a.put("evidence", evidence);
        a.put("recommendation", costAdvice(name, category, bCalls == 0));
        found.add(a);
        anomalous.add(id);
      }
      BigDecimal errorRate = Rows.ratio(wFailed, wCalls, 4);
      if (BigDecimal.valueOf(wFailed).compareTo(ERROR_SPIKE_RATE.multiply(BigDecimal.valueOf(wCalls))) > 0) {
        Map<String, Object> a = new LinkedHashMap<>();
        a.put("kind", "error_spike");
        a.put("tool", name);
        a.put("category", category);
        a.put("ratio", round2(callRatio));
        a.put("error_rate", errorRate);
        a.put("no_baseline", bCalls == 0);
        a.put("evidence", evidence);
        a.put("recommendation", errorAdvice(name, category));
        found.add(a);
        anomalous.add(id);
      }
    }
    addTopAgents(found, anomalous, wStart, now);
    found.sort(ORDER);

    Map<String, Object> out = new LinkedHashMap<>();
    Map<String, Object> w = CostEngine.range(wStart, now);
    w.put("minutes", q.windowMinutes());
    out.put("window", w);
    Map<String, Object> b = CostEngine.range(bStart, wStart);
    b.put("hours", q.baselineHours());
    out.put("baseline", b);
    out.put("ratio_threshold", threshold);
    out.put("min_calls", minCalls);
    out.put("tools_checked", checked);
    out.put("anomalies", found);
    return out;
  }

  /** Cost spikes first (no baseline, then by ratio), then error spikes by error rate; then name. */
  private static final Comparator<Map<String, Object>> ORDER =
      Comparator.<Map<String, Object>>comparingInt(a -> a.get("kind").equals("cost_spike") ? 0 : 1)
          .thenComparing(
              a -> a.get("kind").equals("cost_spike")
                  ? (a.get("ratio") == null ? BigDecimal.valueOf(Long.MAX_VALUE) : (BigDecimal) a.get("ratio"))
                  : (BigDecimal) a.get("error_rate"),
              Comparator.reverseOrder())
          .thenComparing(a -> (String) a.get("tool"));

  private void addTopAgents(List<Map<String, Object>> found, List<Integer> tools, long from, long to) {
    if (tools.isEmpty()) {
      return;
    }
    int tool = Dimension.TOOL.ordinal();
    int agent = Dimension.AGENT.ordinal();
    Map<Integer, Map<Integer, long[]>> perTool = new HashMap<>();
    for (int t : tools) {
      perTool.put(t, new HashMap<>());
    }
    index.forEach(from, to, (e, i) -> {
      Map<Integer, long[]> agents = perTool.get(e.global(tool, i));
      if (agents != null) {
        agents.computeIfAbsent(e.global(agent, i), k -> new long[1])[0]++;
      }
    });
    for (int k = 0; k < found.size(); k++) {
      Map<Integer, long[]> agents = perTool.get(tools.get(k));
      int best = -2;
      long bestCalls = -1;
      for (Map.Entry<Integer, long[]> a : agents.entrySet()) {
        long c = a.getValue()[0];
        String n = index.name(agent, a.getKey());
        if (c > bestCalls || (c == bestCalls && String.valueOf(n).compareTo(String.valueOf(index.name(agent, best))) < 0)) {
          best = a.getKey();
          bestCalls = c;
        }
      }
      @SuppressWarnings("unchecked")
      Map<String, Object> ev = (Map<String, Object>) found.get(k).get("evidence");
      ev.put("top_agent", best == -2 ? null : index.name(agent, best));
      ev.put("top_agent_calls", Math.max(bestCalls, 0));
    }
  }

  private static Map<String, Object> evidence(
      long wCalls, long wCost, long wFailed, long bCalls, long bCost, long wMin, long bMin) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("window_calls", wCalls);
    m.put("window_cost_units", Rows.units(wCost));
    m.put("window_failed", wFailed);
    m.put("window_error_rate", Rows.ratio(wFailed, wCalls, 4));
    m.put("baseline_calls", bCalls);
    m.put("baseline_cost_units", Rows.units(bCost));
    m.put("window_calls_per_min", Rows.ratio(wCalls, wMin, 4));
    m.put("baseline_calls_per_min", Rows.ratio(bCalls, bMin, 4));
    m.put("window_cost_units_per_min", Rows.units(wCost).divide(BigDecimal.valueOf(wMin), 4, RoundingMode.HALF_EVEN));
    m.put("baseline_cost_units_per_min", Rows.units(bCost).divide(BigDecimal.valueOf(bMin), 4, RoundingMode.HALF_EVEN));
    return m;
  }

  /** (a / aMin) / (b / bMin) = (a * bMin) / (b * aMin), exact, to 6 places before display. */
  private static BigDecimal rate(long a, long bMin, long b, long aMin) {
    return BigDecimal.valueOf(a)
        .multiply(BigDecimal.valueOf(bMin))
        .divide(BigDecimal.valueOf(b).multiply(BigDecimal.valueOf(aMin)), 6, RoundingMode.HALF_EVEN);
  }

  private static BigDecimal max(BigDecimal a, BigDecimal b) {
    if (a == null) {
      return b;
    }
    if (b == null) {
      return a;
    }
    return a.max(b);
  }

  private static BigDecimal round2(BigDecimal x) {
    return x == null ? null : x.setScale(2, RoundingMode.HALF_EVEN);
  }

  static String costAdvice(String tool, String category, boolean noBaseline) {
    String lead = noBaseline
        ? tool + " has no calls in the baseline: confirm this new tool is expected. "
        : "";
    switch (category) {
      case "media":
        return lead + "Rate-limit or queue " + tool
            + " calls and check which agent drives the surge; media generation is the most expensive work per call.";
      case "release":
        return lead + "Check " + tool
            + " callers for a retry or deploy loop; release tooling should not repeat at this rate.";
      case "web":
        return lead + "Cache or deduplicate " + tool
            + " requests; repeated fetches of the same inputs are the usual cause.";
      default:
        return lead + "Review the callers of " + tool
            + " (see top_agent) and whether the extra calls are intended.";
    }
  }

  static String errorAdvice(String tool, String category) {
    switch (category) {
      case "media":
        return "Pause or queue " + tool
            + " retries: failing media jobs burn compute; check the backend's health.";
      case "release":
        return "Stop automatic re-runs of " + tool + " until the failure cause is found.";
      case "web":
        return "Check the sites " + tool
            + " calls (blocking, timeouts) and back off retries; cache successful results.";
      default:
        return "Investigate failing " + tool
            + " calls (inputs, downstream health) and cap retries until the error rate drops.";
    }
  }
}

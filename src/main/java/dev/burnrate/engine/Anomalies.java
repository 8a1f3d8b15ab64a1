package dev.burnrate.engine;

import dev.burnrate.usage.AnomalySettings;
import dev.burnrate.usage.Dimension;
import dev.burnrate.usage.Round;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Cost and error spikes per tool.
 *
 * <p>Method: the window is {@code [now - w, now)} and the baseline the {@code b} hours before it,
 * {@code [now - b, now - w)}. For each tool with at least {@code min_calls} calls in the window,
 * the per-minute call rate and per-minute cost rate of the window are compared with the baseline's,
 * as exact rationals; either ratio at or above the threshold is a {@code cost_spike}. A tool with
 * no baseline calls is a spike with {@code ratio: null, no_baseline: true}. A window error rate
 * ((failed + error) / calls) above 10 % is an {@code error_spike}.
 */
final class Anomalies {
  static final BigDecimal ERROR_SPIKE_RATE = new BigDecimal("0.10");

  private final EventIndex index;

  Anomalies(EventIndex index) {
    this.index = index;
  }

  AnomalyReport detect(AnomalyQuery q, long now) {
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

    // First the tools that spike, then their top agents (one scan of the window), then the records.
    List<Integer> spiking = new ArrayList<>();
    int checked = 0;
    for (int id = 0; id < window.slots(); id++) {
      long wCalls = window.get(id, Acc.COUNT);
      String name = index.name(tool, id);
      if (wCalls == 0 || wCalls < minCalls || (!filter.isEmpty() && !filter.contains(name))) {
        continue;
      }
      checked++;
      if (costSpike(window, base, id, wMin, bMin, thr) || errorSpike(window, id)) {
        spiking.add(id);
      }
    }
    Map<Integer, TopAgent> topAgents = topAgents(spiking, wStart, now);
    List<Anomaly> found = new ArrayList<>();
    for (int id : spiking) {
      String name = index.name(tool, id);
      long wCalls = window.get(id, Acc.COUNT);
      long wCost = window.get(id, Acc.COST4);
      long wFailed = window.get(id, Acc.FAILED);
      long bCalls = base.get(id, Acc.COUNT);
      long bCost = base.get(id, Acc.COST4);
      String category = index.weights().categoryOf(name);
      BigDecimal callRatio = bCalls == 0 ? null : rate(wCalls, bMin, bCalls, wMin);
      BigDecimal costRatio = bCost == 0 ? null : rate(wCost, bMin, bCost, wMin);
      TopAgent top = topAgents.get(id);
      Anomaly.Evidence evidence =
          new Anomaly.Evidence(
              wCalls,
              Round.units4(wCost),
              wFailed,
              Round.ratio(wFailed, wCalls, 4),
              bCalls,
              Round.units4(bCost),
              Round.ratio(wCalls, wMin, 4),
              Round.ratio(bCalls, bMin, 4),
              Round.per(Round.units4(wCost), wMin, 4),
              Round.per(Round.units4(bCost), bMin, 4),
              top.name(),
              top.calls());
      if (costSpike(window, base, id, wMin, bMin, thr)) {
        BigDecimal ratio = bCalls == 0 ? null : max(callRatio, costRatio);
        found.add(
            new Anomaly.CostSpike(
                AnomalyKind.COST_SPIKE,
                name,
                category,
                Round.to(ratio, 2),
                Round.to(callRatio, 2),
                Round.to(costRatio, 2),
                bCalls == 0,
                evidence,
                costAdvice(name, category, bCalls == 0)));
      }
      if (errorSpike(window, id)) {
        found.add(
            new Anomaly.ErrorSpike(
                AnomalyKind.ERROR_SPIKE,
                name,
                category,
                Round.to(callRatio, 2),
                Round.ratio(wFailed, wCalls, 4),
                bCalls == 0,
                evidence,
                errorAdvice(name, category)));
      }
    }
    found.sort(ORDER);
    return new AnomalyReport(
        new MinutesWindow(Rows.instant(wStart), Rows.instant(now), q.windowMinutes()),
        new HoursWindow(Rows.instant(bStart), Rows.instant(wStart), q.baselineHours()),
        threshold,
        minCalls,
        checked,
        found);
  }

  /**
   * A tool never seen in the baseline, or whose per-minute call or cost rate is at least {@code
   * thr} times the baseline's.
   */
  private static boolean costSpike(
      Acc window, Acc base, int id, long wMin, long bMin, BigDecimal thr) {
    long bCalls = base.get(id, Acc.COUNT);
    if (bCalls == 0) {
      return true;
    }
    long bCost = base.get(id, Acc.COST4);
    BigDecimal callRatio = rate(window.get(id, Acc.COUNT), bMin, bCalls, wMin);
    BigDecimal costRatio = bCost == 0 ? null : rate(window.get(id, Acc.COST4), bMin, bCost, wMin);
    return callRatio.compareTo(thr) >= 0 || (costRatio != null && costRatio.compareTo(thr) >= 0);
  }

  /** More than {@link #ERROR_SPIKE_RATE} of the window's calls failed (compared exactly). */
  private static boolean errorSpike(Acc window, int id) {
    long wCalls = window.get(id, Acc.COUNT);
    long wFailed = window.get(id, Acc.FAILED);
    return BigDecimal.valueOf(wFailed)
            .compareTo(ERROR_SPIKE_RATE.multiply(BigDecimal.valueOf(wCalls)))
        > 0;
  }

  private static BigDecimal sortRatio(Anomaly a) {
    if (a instanceof Anomaly.CostSpike c) {
      return c.ratio() == null ? BigDecimal.valueOf(Long.MAX_VALUE) : c.ratio();
    }
    return ((Anomaly.ErrorSpike) a).errorRate();
  }

  /** Cost spikes first (no baseline, then by ratio), then error spikes by error rate; then name. */
  private static final Comparator<Anomaly> ORDER =
      Comparator.<Anomaly>comparingInt(a -> a.kind().ordinal())
          .thenComparing(Anomalies::sortRatio, Comparator.reverseOrder())
          .thenComparing(Anomaly::tool);

  /** The agent with the most calls of a tool in the window (ties: the smaller name). */
  private record TopAgent(String name, long calls) {}

  private Map<Integer, TopAgent> topAgents(List<Integer> tools, long from, long to) {
    Map<Integer, TopAgent> out = new HashMap<>();
    if (tools.isEmpty()) {
      return out;
    }
    int tool = Dimension.TOOL.ordinal();
    int agent = Dimension.AGENT.ordinal();
    Map<Integer, Map<Integer, long[]>> perTool = new HashMap<>();
    for (int t : tools) {
      perTool.put(t, new HashMap<>());
    }
    index.forEach(
        from,
        to,
        (e, i) -> {
          Map<Integer, long[]> agents = perTool.get(e.global(tool, i));
          if (agents != null) {
            agents.computeIfAbsent(e.global(agent, i), k -> new long[1])[0]++;
          }
        });
    for (int t : tools) {
      Map<Integer, long[]> agents = perTool.get(t);
      int best = -2;
      long bestCalls = -1;
      for (Map.Entry<Integer, long[]> a : agents.entrySet()) {
        long c = a.getValue()[0];
        String n = index.name(agent, a.getKey());
        if (c > bestCalls
            || (c == bestCalls
                && String.valueOf(n).compareTo(String.valueOf(index.name(agent, best))) < 0)) {
          best = a.getKey();
          bestCalls = c;
        }
      }
      out.put(t, new TopAgent(best == -2 ? null : index.name(agent, best), Math.max(bestCalls, 0)));
    }
    return out;
  }

  /** (a / aMin) / (b / bMin) = (a * bMin) / (b * aMin), exact, to 6 places before display. */
  private static BigDecimal rate(long a, long bMin, long b, long aMin) {
    return Round.quotient(
        BigDecimal.valueOf(a).multiply(BigDecimal.valueOf(bMin)),
        BigDecimal.valueOf(b).multiply(BigDecimal.valueOf(aMin)),
        6);
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

  static String costAdvice(String tool, String category, boolean noBaseline) {
    String lead =
        noBaseline
            ? tool + " has no calls in the baseline: confirm this new tool is expected. "
            : "";
    switch (category) {
      case "media":
        return lead
            + "Rate-limit or queue "
            + tool
            + " calls and check which agent drives the surge; media generation is the most expensive work per call.";
      case "release":
        return lead
            + "Check "
            + tool
            + " callers for a retry or deploy loop; release tooling should not repeat at this rate.";
      case "web":
        return lead
            + "Cache or deduplicate "
            + tool
            + " requests; repeated fetches of the same inputs are the usual cause.";
      default:
        return lead
            + "Review the callers of "
            + tool
            + " (see top_agent) and whether the extra calls are intended.";
    }
  }

  static String errorAdvice(String tool, String category) {
    switch (category) {
      case "media":
        return "Pause or queue "
            + tool
            + " retries: failing media jobs burn compute; check the backend's health.";
      case "release":
        return "Stop automatic re-runs of " + tool + " until the failure cause is found.";
      case "web":
        return "Check the sites "
            + tool
            + " calls (blocking, timeouts) and back off retries; cache successful results.";
      default:
        return "Investigate failing "
            + tool
            + " calls (inputs, downstream health) and cap retries until the error rate drops.";
    }
  }
}

package dev.burnrate.engine;

import dev.burnrate.usage.Dimension;
import dev.burnrate.usage.Round;
import java.math.BigDecimal;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What every anomaly carries whichever detector found it ({@link Anomalies}, {@link
 * SeedAnomalies}): the figures behind it, the agent that called the tool most, the rate ratios and
 * the advice in words.
 */
final class AnomalyEvidence {
  private AnomalyEvidence() {}

  /** The figures behind a tool's anomaly (the same in both modes). */
  static Anomaly.Evidence evidence(Anomalies.Counts c, int id, TopAgent top) {
    long wCalls = c.window().get(id, Acc.COUNT);
    long wCost = c.window().get(id, Acc.COST4);
    long wFailed = c.window().get(id, Acc.FAILED);
    long bCalls = c.base().get(id, Acc.COUNT);
    long bCost = c.base().get(id, Acc.COST4);
    return new Anomaly.Evidence(
        wCalls,
        Round.units4(wCost),
        wFailed,
        Round.ratio(wFailed, wCalls, 4),
        bCalls,
        Round.units4(bCost),
        Round.ratio(wCalls, c.wMin(), 4),
        Round.ratio(bCalls, c.bMin(), 4),
        Round.per(Round.units4(wCost), c.wMin(), 4),
        Round.per(Round.units4(bCost), c.bMin(), 4),
        top.name(),
        top.calls());
  }

  /** The agent with the most calls of a tool in the window (ties: the smaller name). */
  record TopAgent(String name, long calls) {}

  static Map<Integer, TopAgent> topAgents(
      EventIndex index, List<Integer> tools, long from, long to) {
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
  static BigDecimal rate(long a, long bMin, long b, long aMin) {
    return Round.quotient(
        BigDecimal.valueOf(a).multiply(BigDecimal.valueOf(bMin)),
        BigDecimal.valueOf(b).multiply(BigDecimal.valueOf(aMin)),
        6);
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

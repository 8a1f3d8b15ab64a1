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

  /** Above this many (flagged tools x agents) slots, calls are counted in maps (tests lower it). */
  static long denseSlots = 1 << 20;

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
    int agents = index.dictSize(agent) + 1; // slot 0: events without an agent
    int[] slot = new int[index.dictSize(tool)];
    java.util.Arrays.fill(slot, -1);
    for (int k = 0; k < tools.size(); k++) {
      if (tools.get(k) >= 0) {
        slot[tools.get(k)] = k;
      }
    }
    // One array of calls per agent for each flagged tool (the window is read once, with no lookup
    // per event); past 1M slots (8 MB: thousands of flagged tools times thousands of agents), a map
    // per tool holds only the agents seen.
    boolean dense = (long) tools.size() * agents <= denseSlots;
    long[][] calls = new long[tools.size()][];
    List<Map<Integer, long[]>> sparse = new java.util.ArrayList<>();
    for (int k = 0; k < tools.size(); k++) {
      sparse.add(dense ? null : new HashMap<>());
    }
    EventIndex.EventVisitor count =
        (e, i) -> {
          int t = e.global(tool, i);
          int k = t < 0 ? -1 : slot[t];
          if (k < 0) {
            return;
          }
          int a = e.global(agent, i);
          if (dense) {
            long[] c = calls[k];
            if (c == null) {
              c = calls[k] = new long[agents];
            }
            c[a + 1]++;
          } else {
            sparse.get(k).computeIfAbsent(a, x -> new long[1])[0]++;
          }
        };
    // The window's whole hours are counted once while no event lands in them (every session asks
    // about the same last hour); only the partial hours at either end are read event by event.
    long firstFull = EventIndex.ceilDiv(from, EventIndex.HOUR);
    long lastFull = Math.floorDiv(to, EventIndex.HOUR);
    if (dense && firstFull < lastFull) {
      int[] ids =
          tools.stream().mapToInt(Integer::intValue).filter(t -> t >= 0).distinct().toArray();
      long[][] whole =
          index.callsByAgent(ids, firstFull * EventIndex.HOUR, lastFull * EventIndex.HOUR);
      for (int j = 0; j < ids.length; j++) {
        calls[slot[ids[j]]] = java.util.Arrays.copyOf(whole[j], agents);
      }
      index.forEach(from, firstFull * EventIndex.HOUR, count);
      index.forEach(lastFull * EventIndex.HOUR, to, count);
    } else {
      index.forEach(from, to, count);
    }
    for (int k = 0; k < tools.size(); k++) {
      int best = -2;
      long bestCalls = -1;
      if (dense && calls[k] != null) {
        for (int a = -1; a < agents - 1; a++) {
          long c = calls[k][a + 1];
          if (c > 0 && better(index, agent, a, c, best, bestCalls)) {
            best = a;
            bestCalls = c;
          }
        }
      } else if (!dense) {
        for (Map.Entry<Integer, long[]> a : sparse.get(k).entrySet()) {
          if (better(index, agent, a.getKey(), a.getValue()[0], best, bestCalls)) {
            best = a.getKey();
            bestCalls = a.getValue()[0];
          }
        }
      }
      out.put(
          tools.get(k),
          new TopAgent(best == -2 ? null : index.name(agent, best), Math.max(bestCalls, 0)));
    }
    return out;
  }

  /** More calls, or as many and the smaller name (no agent sorts as "null"). */
  private static boolean better(
      EventIndex index, int agentDim, int a, long calls, int best, long bestCalls) {
    return calls > bestCalls
        || (calls == bestCalls
            && String.valueOf(index.name(agentDim, a))
                    .compareTo(String.valueOf(index.name(agentDim, best)))
                < 0);
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

package dev.burnrate.engine;

import dev.burnrate.usage.Round;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The {@code seed} mode: the first detector, unchanged, so its answers can be compared with the
 * default's.
 *
 * <p>Method: the window is {@code [now - w, now)} and the baseline the {@code b} hours before it,
 * {@code [now - b, now - w)}. For each tool with at least {@code min_calls} calls in the window,
 * the per-minute call rate and per-minute cost rate of the window are compared with the baseline's,
 * as exact rationals; either ratio at or above the threshold is a {@code cost_spike}. A tool with
 * no baseline calls is a spike with {@code ratio: null, no_baseline: true}. A window error rate
 * ((failed + error) / calls) above 10 % is an {@code error_spike}. Every tool is judged on its own,
 * so a fleet that is busier as a whole shows up as many spikes.
 */
final class SeedAnomalies {
  static final BigDecimal ERROR_SPIKE_RATE = new BigDecimal("0.10");

  private final Anomalies base;

  SeedAnomalies(Anomalies base) {
    this.base = base;
  }

  AnomalyReport detect(Anomalies.Counts c, AnomalyQuery q) {
    BigDecimal thr = BigDecimal.valueOf(c.threshold());
    long wMin = c.wMin();
    long bMin = c.bMin();
    Acc window = c.window();
    Acc baseAcc = c.base();
    Set<String> filter = Set.copyOf(q.toolsFilter());

    List<Integer> spiking = new ArrayList<>();
    int checked = 0;
    for (int id = 0; id < window.slots(); id++) {
      long wCalls = window.get(id, Acc.COUNT);
      String name = base.toolName(id);
      if (wCalls == 0 || wCalls < c.minCalls() || (!filter.isEmpty() && !filter.contains(name))) {
        continue;
      }
      checked++;
      if (costSpike(window, baseAcc, id, wMin, bMin, thr) || errorSpike(window, id)) {
        spiking.add(id);
      }
    }
    Map<Integer, AnomalyEvidence.TopAgent> topAgents =
        AnomalyEvidence.topAgents(base.index(), spiking, c.wStart(), c.now());
    List<Anomaly> found = new ArrayList<>();
    for (int id : spiking) {
      String name = base.toolName(id);
      long wCalls = window.get(id, Acc.COUNT);
      long wFailed = window.get(id, Acc.FAILED);
      long bCalls = baseAcc.get(id, Acc.COUNT);
      long bCost = baseAcc.get(id, Acc.COST4);
      String category = base.categoryOf(name);
      BigDecimal callRatio = bCalls == 0 ? null : AnomalyEvidence.rate(wCalls, bMin, bCalls, wMin);
      BigDecimal costRatio =
          bCost == 0 ? null : AnomalyEvidence.rate(window.get(id, Acc.COST4), bMin, bCost, wMin);
      Anomaly.Evidence evidence = AnomalyEvidence.evidence(c, id, topAgents.get(id));
      if (costSpike(window, baseAcc, id, wMin, bMin, thr)) {
        BigDecimal ratio = bCalls == 0 ? null : max(callRatio, costRatio);
        found.add(
            new Anomaly.SeedCostSpike(
                AnomalyKind.COST_SPIKE,
                name,
                category,
                Round.to(ratio, 2),
                Round.to(callRatio, 2),
                Round.to(costRatio, 2),
                bCalls == 0,
                evidence,
                AnomalyEvidence.costAdvice(name, category, bCalls == 0)));
      }
      if (errorSpike(window, id)) {
        found.add(
            new Anomaly.SeedErrorSpike(
                AnomalyKind.ERROR_SPIKE,
                name,
                category,
                Round.to(callRatio, 2),
                Round.ratio(wFailed, wCalls, 4),
                bCalls == 0,
                evidence,
                AnomalyEvidence.errorAdvice(name, category)));
      }
    }
    found.sort(ORDER);
    return new AnomalyReport(
        AnomalyQuery.Mode.SEED,
        c.windowRange(q),
        c.baselineRange(q),
        c.threshold(),
        c.minCalls(),
        Optional.empty(),
        Optional.empty(),
        checked,
        found,
        Optional.empty());
  }

  /**
   * A tool never seen in the baseline, or whose per-minute call or cost rate is at least {@code
   * thr} times the baseline's.
   */
  static boolean costSpike(Acc window, Acc base, int id, long wMin, long bMin, BigDecimal thr) {
    long bCalls = base.get(id, Acc.COUNT);
    if (bCalls == 0) {
      return true;
    }
    long bCost = base.get(id, Acc.COST4);
    BigDecimal callRatio = AnomalyEvidence.rate(window.get(id, Acc.COUNT), bMin, bCalls, wMin);
    BigDecimal costRatio =
        bCost == 0 ? null : AnomalyEvidence.rate(window.get(id, Acc.COST4), bMin, bCost, wMin);
    return callRatio.compareTo(thr) >= 0 || (costRatio != null && costRatio.compareTo(thr) >= 0);
  }

  /** More than {@link #ERROR_SPIKE_RATE} of the window's calls failed (compared exactly). */
  static boolean errorSpike(Acc window, int id) {
    long wCalls = window.get(id, Acc.COUNT);
    long wFailed = window.get(id, Acc.FAILED);
    return BigDecimal.valueOf(wFailed)
            .compareTo(ERROR_SPIKE_RATE.multiply(BigDecimal.valueOf(wCalls)))
        > 0;
  }

  private static BigDecimal sortRatio(Anomaly a) {
    if (a instanceof Anomaly.SeedCostSpike c) {
      return c.ratio() == null ? BigDecimal.valueOf(Long.MAX_VALUE) : c.ratio();
    }
    return ((Anomaly.SeedErrorSpike) a).errorRate();
  }

  private static String tool(Anomaly a) {
    return a instanceof Anomaly.SeedCostSpike c ? c.tool() : ((Anomaly.SeedErrorSpike) a).tool();
  }

  /** Cost spikes first (no baseline, then by ratio), then error spikes by error rate; then name. */
  private static final Comparator<Anomaly> ORDER =
      Comparator.<Anomaly>comparingInt(a -> a.kind().ordinal())
          .thenComparing(SeedAnomalies::sortRatio, Comparator.reverseOrder())
          .thenComparing(SeedAnomalies::tool);

  private static BigDecimal max(BigDecimal a, BigDecimal b) {
    if (a == null) {
      return b;
    }
    if (b == null) {
      return a;
    }
    return a.max(b);
  }
}

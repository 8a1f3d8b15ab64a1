package dev.burnrate.engine;

import dev.burnrate.usage.AnomalySettings;
import dev.burnrate.usage.Dimension;
import dev.burnrate.usage.Round;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Cost and error spikes per tool, judged against the fleet (the default {@code normalized} mode;
 * {@link SeedAnomalies} is the first detector, kept as the {@code seed} mode).
 *
 * <p>Method. The window is {@code [now - w, now)} and the baseline the {@code b} hours before it. A
 * fleet that is busier as a whole (the time of day, a weekday after a weekend, a launch) makes
 * every tool's raw rate ratio rise with it, so each tool is compared with the fleet's change, not
 * with its own past alone: the <em>fleet ratio</em> is the weighted median (by baseline calls) of
 * the tools' per-minute call-rate ratios, which a few spiking tools cannot move. A tool's expected
 * window calls are its baseline rate times the window times the fleet ratio (its share of fleet
 * traffic held constant; a fleet ratio below 1 counts as 1, so a quieter fleet does not turn a tool
 * that kept its own rate into a spike). Its cost is turned into call equivalents (window cost over
 * its baseline cost per call) and held to the same expectation. The <em>score</em> is the evidence
 * that the observed count exceeds the expected one: the signed root of the Poisson deviance, {@code
 * sqrt(2 (o ln(o/e) - (o - e)))}, about the number of standard deviations for large counts, so a 4x
 * rise over 3 expected calls scores lower than a 4x rise over 30. A tool is a {@code cost_spike}
 * when its calls or cost vs fleet reach {@code ratio_threshold} with a score of at least {@link
 * #MIN_SCORE}; a tool the baseline never saw is held to one baseline call, so its score grows with
 * its window calls. An {@code error_spike} needs more than 10 % of the window's calls failing and a
 * score of {@link #MIN_SCORE} against the tool's baseline error rate, pulled towards the fleet's by
 * {@link #ERROR_PRIOR_CALLS} calls. Tools whose raw ratio crossed the threshold but whose ratio vs
 * fleet did not are reported once, together, as a {@code fleet_surge} (also reported when the fleet
 * ratio itself reaches the threshold), with the fleet's window against the same whole hours of the
 * {@link #SAME_HOURS_DAYS} days before, so the daily rhythm can be told from a real surge. Tool
 * anomalies come first, highest score first; the surge, context rather than a culprit, comes last.
 * Everything is per tool from the hourly rollups (plus the window's partial hours), so the work
 * grows with tools x hours, not events. Scores use {@link StrictMath}, so answers are the same on
 * every JVM. (One detector whose steps read in order, which is why the file runs a little past 450
 * lines; what both detectors attach to an anomaly is in {@link AnomalyEvidence}.)
 */
final class Anomalies {
  /** The least score reported: about three standard deviations. */
  static final double MIN_SCORE = 3.0;

  /** Earlier days whose same hours the fleet's window is compared with. */
  static final int SAME_HOURS_DAYS = 7;

  /** How many calls at the fleet's error rate a tool's baseline error rate starts from. */
  static final int ERROR_PRIOR_CALLS = 20;

  /** Below this ratio to the same hours of earlier days, a fleet surge is the daily rhythm. */
  private static final BigDecimal USUAL_HOURS = new BigDecimal("1.5");

  /** How many riding tools a fleet surge's recommendation names. */
  private static final int RIDERS_NAMED = 5;

  /** The least expected count, so a silent baseline cannot give an infinite score. */
  private static final double MIN_EXPECTED = 0.01;

  private final EventIndex index;

  Anomalies(EventIndex index) {
    this.index = index;
  }

  /** The window's and baseline's sums per tool, and the settings in force. */
  record Counts(
      long now,
      long wStart,
      long bStart,
      long wMin,
      long bMin,
      double threshold,
      int minCalls,
      Acc window,
      Acc base) {
    MinutesWindow windowRange(AnomalyQuery q) {
      return new MinutesWindow(Rows.instant(wStart), Rows.instant(now), q.windowMinutes());
    }

    HoursWindow baselineRange(AnomalyQuery q) {
      return new HoursWindow(Rows.instant(bStart), Rows.instant(wStart), q.baselineHours());
    }
  }

  AnomalyReport detect(AnomalyQuery q, long now) {
    return detect(counts(q, now), q);
  }

  /**
   * As {@link #detect(AnomalyQuery, long)}; when neither the window nor the baseline holds an event
   * the report also says where the log's events are (the tool's answer; the digest has its own).
   */
  AnomalyReport detectSayingWhereDataIs(AnomalyQuery q, long now) {
    Counts c = counts(q, now);
    AnomalyReport r = detect(c, q);
    long calls = Cells.plus(Rows.totals(c.window()).calls(), Rows.totals(c.base()).calls());
    return calls == 0 ? r.withDataSpan(DataQualities.span(index)) : r;
  }

  private Counts counts(AnomalyQuery q, long now) {
    AnomalySettings cfg = index.weights().anomaly();
    double threshold = q.ratioThreshold() != null ? q.ratioThreshold() : cfg.spikeRatioThreshold();
    int minCalls = q.minCalls() != null ? q.minCalls() : cfg.minCallsThreshold();
    long wStart = now - q.windowMinutes() * 60_000_000L;
    long bStart = now - q.baselineHours() * EventIndex.HOUR;
    int tool = Dimension.TOOL.ordinal();
    Acc window = new Acc(index.dictSize(tool));
    Acc base = new Acc(index.dictSize(tool));
    index.accumulateCached(wStart, now, new int[] {tool}, new Acc[] {window}, true);
    index.accumulateCached(bStart, wStart, new int[] {tool}, new Acc[] {base}, true);
    return new Counts(
        now,
        wStart,
        bStart,
        q.windowMinutes(),
        q.baselineHours() * 60L - q.windowMinutes(),
        threshold,
        minCalls,
        window,
        base);
  }

  private AnomalyReport detect(Counts c, AnomalyQuery q) {
    return switch (q.mode()) {
      case SEED -> new SeedAnomalies(this).detect(c, q);
      case NORMALIZED -> normalized(c, q);
    };
  }

  private AnomalyReport normalized(Counts c, AnomalyQuery q) {
    Acc window = c.window();
    Acc base = c.base();
    double thr = c.threshold();
    BigDecimal exactThr = BigDecimal.valueOf(thr);
    double perMin = (double) c.wMin() / c.bMin();
    long fwCalls = 0;
    long fbCalls = 0;
    long fwCost = 0;
    long fbCost = 0;
    long fbFailed = 0;
    for (int id = 0; id < window.slots(); id++) {
      fwCalls += window.get(id, Acc.COUNT);
      fbCalls += base.get(id, Acc.COUNT);
      fwCost += window.get(id, Acc.COST4);
      fbCost += base.get(id, Acc.COST4);
      fbFailed += base.get(id, Acc.FAILED);
    }
    double fleet = typicalRatio(window, base, perMin);
    // A quieter fleet does not make a tool that kept its own rate look like a spike.
    double lift = Math.max(fleet, 1.0);
    double fleetErrorRate = (fbFailed + 1.0) / (fbCalls + 2.0);
    Set<String> filter = Set.copyOf(q.toolsFilter());

    List<Integer> spiking = new ArrayList<>();
    Map<Integer, double[]> cost = new HashMap<>();
    Map<Integer, double[]> errors = new HashMap<>();
    List<String> riding = new ArrayList<>();
    int checked = 0;
    for (int id = 0; id < window.slots(); id++) {
      long wCalls = window.get(id, Acc.COUNT);
      String name = toolName(id);
      if (wCalls == 0 || wCalls < c.minCalls() || (!filter.isEmpty() && !filter.contains(name))) {
        continue;
      }
      checked++;
      long bCalls = base.get(id, Acc.COUNT);
      long bCost = base.get(id, Acc.COST4);
      double expected = Math.max(MIN_EXPECTED, Math.max(bCalls, 1) * perMin * lift);
      double callsVs = wCalls / expected;
      double callScore = score(wCalls, expected);
      double costVs = Double.NaN;
      double costScore = Double.NEGATIVE_INFINITY;
      if (bCalls > 0 && bCost > 0) {
        double equivalents = (double) window.get(id, Acc.COST4) * bCalls / bCost;
        costVs = equivalents / expected;
        costScore = score(equivalents, expected);
      }
      boolean hit =
          bCalls == 0
              ? callScore >= MIN_SCORE
              : (callsVs >= thr && callScore >= MIN_SCORE)
                  || (costVs >= thr && costScore >= MIN_SCORE);
      if (hit) {
        cost.put(id, new double[] {expected, callsVs, costVs, callScore, costScore});
      } else if (bCalls > 0
          && SeedAnomalies.costSpike(window, base, id, c.wMin(), c.bMin(), exactThr)
          && callsVs < thr
          && !(costVs >= thr)) {
        riding.add(name);
      }
      long wFailed = window.get(id, Acc.FAILED);
      double priorRate =
          (base.get(id, Acc.FAILED) + ERROR_PRIOR_CALLS * fleetErrorRate)
              / (bCalls + ERROR_PRIOR_CALLS);
      double errorScore = score(wFailed, Math.max(MIN_EXPECTED, wCalls * priorRate));
      if (SeedAnomalies.errorSpike(window, id) && errorScore >= MIN_SCORE) {
        errors.put(id, new double[] {errorScore});
      }
      if (hit || errors.containsKey(id)) {
        spiking.add(id);
      }
    }
    Map<Integer, AnomalyEvidence.TopAgent> topAgents =
        AnomalyEvidence.topAgents(index, spiking, c.wStart(), c.now());
    List<Anomaly> found = new ArrayList<>();
    for (int id : spiking) {
      Anomaly.Evidence evidence = AnomalyEvidence.evidence(c, id, topAgents.get(id));
      double[] spike = cost.get(id);
      if (spike != null) {
        found.add(costSpike(c, id, spike, evidence));
      }
      if (errors.containsKey(id)) {
        found.add(errorSpike(c, id, errors.get(id)[0], evidence));
      }
    }
    found.sort(ORDER);
    if (fleet >= thr || riding.size() >= 2) {
      found.add(
          surge(
              c,
              fleet,
              fwCalls,
              fbCalls,
              fwCost,
              fbCost,
              perMin,
              riding.stream().sorted().toList()));
    }
    return new AnomalyReport(
        AnomalyQuery.Mode.NORMALIZED,
        c.windowRange(q),
        c.baselineRange(q),
        thr,
        c.minCalls(),
        Optional.of(BigDecimal.valueOf(MIN_SCORE).setScale(1, RoundingMode.UNNECESSARY)),
        Optional.of(decimal(fleet)),
        checked,
        found,
        Optional.empty());
  }

  /** {@code f} is {expected calls, calls vs fleet, cost vs fleet, call score, cost score}. */
  private Anomaly.CostSpike costSpike(Counts c, int id, double[] f, Anomaly.Evidence evidence) {
    String name = toolName(id);
    double expected = f[0];
    double callsVs = f[1];
    double costVs = f[2];
    double callScore = f[3];
    double costScore = f[4];
    long bCalls = c.base().get(id, Acc.COUNT);
    long bCost = c.base().get(id, Acc.COST4);
    boolean noBaseline = bCalls == 0;
    String category = categoryOf(name);
    return new Anomaly.CostSpike(
        AnomalyKind.COST_SPIKE,
        name,
        category,
        decimal(Math.max(callScore, costScore)),
        noBaseline ? null : decimal(callsVs),
        noBaseline || Double.isNaN(costVs) ? null : decimal(costVs),
        noBaseline
            ? null
            : Round.to(
                AnomalyEvidence.rate(c.window().get(id, Acc.COUNT), c.bMin(), bCalls, c.wMin()), 2),
        noBaseline || bCost == 0
            ? null
            : Round.to(
                AnomalyEvidence.rate(c.window().get(id, Acc.COST4), c.bMin(), bCost, c.wMin()), 2),
        noBaseline ? null : decimal(expected),
        noBaseline,
        evidence,
        AnomalyEvidence.costAdvice(name, category, noBaseline));
  }

  private Anomaly.ErrorSpike errorSpike(Counts c, int id, double score, Anomaly.Evidence evidence) {
    String name = toolName(id);
    String category = categoryOf(name);
    long wCalls = c.window().get(id, Acc.COUNT);
    long bCalls = c.base().get(id, Acc.COUNT);
    return new Anomaly.ErrorSpike(
        AnomalyKind.ERROR_SPIKE,
        name,
        category,
        decimal(score),
        Round.ratio(c.window().get(id, Acc.FAILED), wCalls, 4),
        bCalls == 0 ? null : Round.ratio(c.base().get(id, Acc.FAILED), bCalls, 4),
        bCalls == 0 ? null : Round.to(AnomalyEvidence.rate(wCalls, c.bMin(), bCalls, c.wMin()), 2),
        bCalls == 0,
        evidence,
        AnomalyEvidence.errorAdvice(name, category));
  }

  private Anomaly.FleetSurge surge(
      Counts c,
      double fleet,
      long fwCalls,
      long fbCalls,
      long fwCost,
      long fbCost,
      double perMin,
      List<String> riding) {
    // The same whole hours on earlier days, from the rollups; days without a call then (before
    // the data starts, or a gap) are left out.
    long h0 = Math.floorDiv(c.wStart(), EventIndex.HOUR);
    long h1 = Math.floorDiv(c.now() + EventIndex.HOUR - 1, EventIndex.HOUR);
    long dayCalls = 0;
    int days = 0;
    if (h1 - h0 <= 24) {
      int[] dims = {Dimension.TOOL.ordinal()};
      for (int d = 1; d <= SAME_HOURS_DAYS; d++) {
        Acc day = new Acc(index.dictSize(dims[0]));
        index.accumulate(
            (h0 - 24L * d) * EventIndex.HOUR,
            (h1 - 24L * d) * EventIndex.HOUR,
            dims,
            new Acc[] {day},
            true);
        long calls = 0;
        for (int id = 0; id < day.slots(); id++) {
          calls += day.get(id, Acc.COUNT);
        }
        if (calls > 0) {
          dayCalls += calls;
          days++;
        }
      }
    }
    BigDecimal sameHours =
        days == 0
            ? null
            : Round.to(
                AnomalyEvidence.rate(fwCalls, (h1 - h0) * 60L * days, dayCalls, c.wMin()), 2);
    BigDecimal callRatio =
        fbCalls == 0
            ? null
            : Round.to(AnomalyEvidence.rate(fwCalls, c.bMin(), fbCalls, c.wMin()), 2);
    BigDecimal costRatio =
        fbCost == 0 ? null : Round.to(AnomalyEvidence.rate(fwCost, c.bMin(), fbCost, c.wMin()), 2);
    String ratioText = callRatio == null ? "busier than" : callRatio.toPlainString() + "x";
    String lead =
        "The whole fleet calls tools at "
            + ratioText
            + " its baseline rate (the typical tool "
            + decimal(fleet).toPlainString()
            + "x)";
    String why;
    if (sameHours != null && sameHours.compareTo(USUAL_HOURS) < 0) {
      why =
          ", but "
              + sameHours.toPlainString()
              + "x its rate in the same hours of the "
              + days
              + " days before: the usual daily rhythm, not a runaway.";
    } else {
      why =
          (sameHours == null
                  ? ""
                  : ", and "
                      + sameHours.toPlainString()
                      + "x its rate in the same hours of the "
                      + days
                      + " days before")
              + ": look for a shared cause (a deploy, a batch job, more users) rather than at"
              + " single tools.";
    }
    String riders = "";
    if (!riding.isEmpty()) {
      int shown = Math.min(riding.size(), RIDERS_NAMED);
      riders =
          " "
              + riding.size()
              + " tools rose with it and are not reported one by one: "
              + String.join(", ", riding.subList(0, shown))
              + (shown < riding.size()
                  ? " and " + (riding.size() - shown) + " more (tools_riding)."
                  : ".");
    }
    return new Anomaly.FleetSurge(
        AnomalyKind.FLEET_SURGE,
        decimal(score(fwCalls, Math.max(MIN_EXPECTED, fbCalls * perMin))),
        callRatio,
        costRatio,
        decimal(fleet),
        sameHours,
        days,
        fwCalls,
        fbCalls,
        riding,
        lead + why + riders);
  }

  /**
   * The weighted median, by baseline calls, of the per-minute call-rate ratios of the tools the
   * baseline saw; 1 when it saw none.
   */
  private static double typicalRatio(Acc window, Acc base, double perMin) {
    int n = 0;
    double[][] pairs = new double[window.slots()][];
    long total = 0;
    for (int id = 0; id < window.slots(); id++) {
      long b = base.get(id, Acc.COUNT);
      if (b > 0) {
        pairs[n++] = new double[] {window.get(id, Acc.COUNT) / (b * perMin), b};
        total += b;
      }
    }
    if (n == 0) {
      return 1.0;
    }
    double[][] sorted = Arrays.copyOf(pairs, n);
    Arrays.sort(sorted, Comparator.comparingDouble((double[] p) -> p[0]));
    double half = total / 2.0;
    double seen = 0;
    for (double[] p : sorted) {
      seen += p[1];
      if (seen >= half) {
        return p[0];
      }
    }
    return sorted[n - 1][0];
  }

  /**
   * The evidence that {@code observed} exceeds {@code expected}: the signed root of the Poisson
   * deviance (negative when it falls short).
   */
  static double score(double observed, double expected) {
    double dev =
        observed == 0
            ? 2 * expected
            : 2 * (observed * StrictMath.log(observed / expected) - (observed - expected));
    double root = StrictMath.sqrt(Math.max(0, dev));
    return observed >= expected ? root : -root;
  }

  /** A score or ratio as shown: 2 decimals, half-even. */
  private static BigDecimal decimal(double value) {
    return Round.to(BigDecimal.valueOf(value), 2);
  }

  /** Tool anomalies by score (then kind, then name); a fleet surge is appended after them. */
  private static final Comparator<Anomaly> ORDER =
      Comparator.comparing(Anomalies::scoreOf, Comparator.reverseOrder())
          .thenComparingInt(a -> a.kind().ordinal())
          .thenComparing(Anomalies::toolOf);

  private static BigDecimal scoreOf(Anomaly a) {
    if (a instanceof Anomaly.CostSpike s) {
      return s.score();
    }
    return a instanceof Anomaly.ErrorSpike s ? s.score() : BigDecimal.ZERO;
  }

  private static String toolOf(Anomaly a) {
    if (a instanceof Anomaly.CostSpike s) {
      return s.tool();
    }
    return a instanceof Anomaly.ErrorSpike s ? s.tool() : "";
  }

  EventIndex index() {
    return index;
  }

  String toolName(int id) {
    return index.name(Dimension.TOOL.ordinal(), id);
  }

  String categoryOf(String tool) {
    return index.weights().categoryOf(tool);
  }
}

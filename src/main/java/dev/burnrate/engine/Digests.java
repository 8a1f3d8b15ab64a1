package dev.burnrate.engine;

import dev.burnrate.usage.Dimension;
import dev.burnrate.usage.Round;
import dev.burnrate.usage.Text;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The daily (or weekly) digest: totals, top tools and agents, the anomalies of the last hour (what
 * {@code detect_anomalies} answers by default, so a spike that started this hour is not diluted
 * away) and those over a quarter of the window (at most 7 days) against a long baseline,
 * recommendations, and the same as chat-ready markdown. All parts are computed from one snapshot of
 * the index.
 */
final class Digests {
  static final int DIGEST_MIN_CALLS = 5;
  static final BigDecimal ERROR_RATE_ADVICE = new BigDecimal("0.05");
  static final BigDecimal TOP_SPENDER_UNITS = new BigDecimal("500");

  private final CostEngine engine;

  Digests(CostEngine engine) {
    this.engine = engine;
  }

  Digest build(DigestQuery q, long now) {
    EventIndex index = engine.index();
    long from = now - q.windowHours() * EventIndex.HOUR;
    int[] dims = {Dimension.TOOL.ordinal(), Dimension.AGENT.ordinal()};
    Acc[] accs = {new Acc(index.dictSize(dims[0])), new Acc(index.dictSize(dims[1]))};
    index.accumulateCached(from, now, dims, accs, true);
    Totals totals = Rows.totals(accs[0], engine.priceTables());
    List<BreakdownRow> tools = Rows.top(index, Dimension.TOOL, accs[0], q.topN());
    List<BreakdownRow> agents = Rows.top(index, Dimension.AGENT, accs[1], q.topN());
    // A quarter of the window, capped at the longest anomaly window (7 days) for windows over 28
    // days.
    int anomalyMinutes = Math.min(q.windowHours() * 60 / 4, AnomalyQuery.MAX_WINDOW_MINUTES);
    AnomalyReport lastHour = new Anomalies(index).detect(AnomalyQuery.defaults(), now);
    AnomalyReport anomalies =
        new Anomalies(index)
            .detect(
                new AnomalyQuery(
                    anomalyMinutes,
                    Math.max(q.baselineHours(), anomalyMinutes / 60 + 1),
                    null,
                    DIGEST_MIN_CALLS,
                    List.of()),
                now);
    List<Digest.Recommendation> recs = recommendations(lastHour, anomalies, tools, agents);
    HoursWindow window = new HoursWindow(Rows.instant(from), Rows.instant(now), q.windowHours());
    String md = markdown(window, totals, tools, agents, lastHour, anomalies, recs);
    boolean cut = md.length() > q.maxMarkdownChars();
    return new Digest(
        Rows.instant(now),
        window,
        totals,
        tools,
        agents,
        lastHour,
        anomalies,
        recs,
        cut ? cut(md, q.maxMarkdownChars()) : md,
        cut,
        engine.dataQuality(from, now, totals.calls()));
  }

  /** The tool an anomaly is about, or {@code fleet} for a fleet surge. */
  static String subject(Anomaly a) {
    if (a instanceof Anomaly.CostSpike s) {
      return s.tool();
    }
    if (a instanceof Anomaly.ErrorSpike s) {
      return s.tool();
    }
    if (a instanceof Anomaly.SeedCostSpike s) {
      return s.tool();
    }
    if (a instanceof Anomaly.SeedErrorSpike s) {
      return s.tool();
    }
    return FLEET;
  }

  static final String FLEET = "fleet";

  /** The anomalies of the last hour, then those of the longer window not among them. */
  private static List<Anomaly> merged(AnomalyReport lastHour, AnomalyReport longer) {
    List<Anomaly> all = new ArrayList<>(lastHour.anomalies());
    Set<String> seen = new HashSet<>();
    lastHour.anomalies().forEach(a -> seen.add(a.kind().wire() + " " + subject(a)));
    for (Anomaly a : longer.anomalies()) {
      if (seen.add(a.kind().wire() + " " + subject(a))) {
        all.add(a);
      }
    }
    return all;
  }

  private static List<Digest.Recommendation> recommendations(
      AnomalyReport lastHour,
      AnomalyReport anomalies,
      List<BreakdownRow> tools,
      List<BreakdownRow> agents) {
    List<Digest.Recommendation> recs = new ArrayList<>();
    Set<String> covered = new HashSet<>();
    for (Anomaly a : merged(lastHour, anomalies)) {
      String subject = subject(a);
      covered.add(subject);
      recs.add(
          new Digest.Recommendation(
              Digest.Recommendation.Kind.ANOMALY,
              subject,
              a instanceof Anomaly.FleetSurge
                  ? a.kind().wire() + ": " + a.recommendation()
                  : a.kind().wire() + " on " + subject + ": " + a.recommendation()));
    }
    for (BreakdownRow t : tools) {
      String tool = t.key();
      BigDecimal rate = t.errorRate();
      if (rate.compareTo(ERROR_RATE_ADVICE) > 0 && !covered.contains(tool)) {
        recs.add(
            new Digest.Recommendation(
                Digest.Recommendation.Kind.ERROR_RATE,
                tool,
                tool
                    + " failed "
                    + pct(rate)
                    + " of its "
                    + t.count()
                    + " calls; check its inputs and downstream health, and cap retries."));
      }
    }
    if (!agents.isEmpty()) {
      BreakdownRow top = agents.get(0);
      BigDecimal units = top.costUnits();
      if (units.compareTo(TOP_SPENDER_UNITS) > 0) {
        recs.add(
            new Digest.Recommendation(
                Digest.Recommendation.Kind.TOP_SPENDER,
                String.valueOf(top.key()),
                "Agent "
                    + top.key()
                    + " is the top spender with "
                    + units.toPlainString()
                    + " cost units over "
                    + top.count()
                    + " calls; review whether its usage is intended."));
      }
    }
    return recs;
  }

  /**
   * A recommendation's message for markdown: its subject (a tool or agent name) escaped wherever it
   * occurs. Only a name that needs escaping is replaced, and the template text around it holds no
   * markup, so replacing an occurrence that is not the name changes nothing a reader sees.
   */
  private static String markdownMessage(Digest.Recommendation rec) {
    String subject = rec.subject();
    String message = rec.message();
    String escaped = Text.markdown(subject);
    return Text.plain(
        subject.isEmpty() || escaped.equals(subject) ? message : message.replace(subject, escaped));
  }

  static String pct(BigDecimal rate) {
    return Round.percent1(rate).toPlainString() + "%";
  }

  private static String markdown(
      HoursWindow window,
      Totals totals,
      List<BreakdownRow> tools,
      List<BreakdownRow> agents,
      AnomalyReport lastHour,
      AnomalyReport anomalies,
      List<Digest.Recommendation> recs) {
    StringBuilder sb = new StringBuilder();
    sb.append("## burnrate digest: ")
        .append(window.from())
        .append(" to ")
        .append(window.to())
        .append("\n\n");
    sb.append("**")
        .append(totals.calls())
        .append(" calls**, ")
        .append(totals.costUnits().toPlainString())
        .append(" cost units, $")
        .append(Round.cents(totals.costUsd()).toPlainString())
        .append(" priced (")
        .append(totals.unpricedCalls())
        .append(" calls unpriced), error rate ")
        .append(pct(totals.errorRate()))
        .append(", ")
        .append(totals.denied())
        .append(" denied.\n\n");
    sb.append("### Anomalies (last ").append(lastHour.window().minutes()).append(" min)\n");
    if (lastHour.anomalies().isEmpty()) {
      sb.append("None.\n");
    }
    lastHour.anomalies().forEach(a -> anomalyLine(sb, a));
    List<Anomaly> more = merged(lastHour, anomalies);
    more = more.subList(lastHour.anomalies().size(), more.size());
    if (!more.isEmpty()) {
      sb.append("\n### Anomalies (last ")
          .append(anomalies.window().minutes())
          .append(" min, not listed above)\n");
      more.forEach(a -> anomalyLine(sb, a));
    }
    spenders(sb, "Top tools", "tool", tools);
    spenders(sb, "Top agents", "agent", agents);
    sb.append("\n### Recommendations\n");
    if (recs.isEmpty()) {
      sb.append("None.\n");
    }
    int i = 1;
    for (Digest.Recommendation r : recs) {
      sb.append(i++).append(". ").append(markdownMessage(r)).append("\n");
    }
    return sb.toString();
  }

  /** The larger of a call and a cost ratio, either of which may be null. */
  private static String larger(BigDecimal calls, BigDecimal cost) {
    return (cost == null || calls.compareTo(cost) >= 0 ? calls : cost).toPlainString();
  }

  private static void anomalyLine(StringBuilder sb, Anomaly a) {
    sb.append("- **").append(md(subject(a))).append("** ").append(a.kind().wire());
    Anomaly.Evidence ev = null;
    if (a instanceof Anomaly.CostSpike c) {
      sb.append(
              c.noBaseline()
                  ? " (no baseline"
                  : " x"
                      + larger(c.callRateRatio(), c.costRateRatio())
                      + " (x"
                      + larger(c.callsVsFleet(), c.costVsFleet())
                      + " vs fleet")
          .append(", score ")
          .append(c.score().toPlainString())
          .append(")");
      ev = c.evidence();
    } else if (a instanceof Anomaly.ErrorSpike e) {
      sb.append(" ").append(pct(e.errorRate())).append(" failing (");
      if (e.baselineErrorRate() != null) {
        sb.append("baseline ").append(pct(e.baselineErrorRate())).append(", ");
      }
      sb.append("score ").append(e.score().toPlainString()).append(")");
      ev = e.evidence();
    } else if (a instanceof Anomaly.FleetSurge f) {
      sb.append(" x")
          .append(f.callRateRatio() == null ? "?" : f.callRateRatio().toPlainString())
          .append(" calls (typical tool x")
          .append(f.fleetRatio().toPlainString());
      if (f.sameHoursCallRatio() != null) {
        sb.append(", x").append(f.sameHoursCallRatio().toPlainString()).append(" the same hours");
      }
      sb.append("): ")
          .append(f.windowCalls())
          .append(" calls; ")
          .append(f.toolsRiding().size())
          .append(" tools rose with it\n");
      return;
    } else if (a instanceof Anomaly.SeedCostSpike c) {
      sb.append(c.ratio() == null ? " (no baseline)" : " x" + c.ratio().toPlainString());
      ev = c.evidence();
    } else if (a instanceof Anomaly.SeedErrorSpike e) {
      sb.append(" ").append(pct(e.errorRate())).append(" failing");
      ev = e.evidence();
    }
    sb.append(": ").append(ev.windowCalls()).append(" calls");
    if (ev.topAgent() != null) {
      sb.append(", mostly ").append(md(ev.topAgent()));
    }
    sb.append("\n");
  }

  private static void spenders(
      StringBuilder sb, String title, String column, List<BreakdownRow> rows) {
    sb.append("\n### ")
        .append(title)
        .append("\n| ")
        .append(column)
        .append(" | calls | cost units | USD | errors |\n|---|---:|---:|---:|---:|\n");
    for (BreakdownRow t : rows) {
      long unpriced = t.unpricedCalls();
      String usd = "$" + Round.cents(t.costUsd()).toPlainString();
      if (unpriced == t.count()) {
        usd = "unpriced";
      } else if (unpriced > 0) {
        usd += " (" + unpriced + " unpriced)";
      }
      sb.append("| ")
          .append(md(t.key()))
          .append(" | ")
          .append(t.count())
          .append(" | ")
          .append(t.costUnits().toPlainString())
          .append(" | ")
          .append(usd)
          .append(" | ")
          .append(pct(t.errorRate()))
          .append(" |\n");
    }
  }

  /** A name from the data, inert in markdown and chat. */
  private static String md(Object name) {
    return Text.markdown(String.valueOf(name));
  }

  /** Cuts at a line boundary and appends a visible marker, staying within {@code max} chars. */
  static String cut(String md, int max) {
    String marker =
        "\n[... digest truncated at "
            + max
            + " characters; the structured fields hold everything]\n";
    int keep = Math.max(0, max - marker.length());
    int nl = md.lastIndexOf('\n', keep);
    if (nl > keep / 2) {
      keep = nl;
    }
    return md.substring(0, keep) + marker;
  }
}

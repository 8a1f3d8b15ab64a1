package dev.burnrate.engine;

import dev.burnrate.usage.Dimension;
import dev.burnrate.usage.Text;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The daily (or weekly) digest: totals, top tools and agents, anomalies over a quarter of the
 * window (at most 7 days) against a long baseline, recommendations, and the same as chat-ready markdown. All parts
 * are computed from one snapshot of the index.
 */
public final class Digest {
  static final int DIGEST_MIN_CALLS = 5;
  static final BigDecimal ERROR_RATE_ADVICE = new BigDecimal("0.05");
  static final BigDecimal TOP_SPENDER_UNITS = new BigDecimal("500");

  private final CostEngine engine;

  Digest(CostEngine engine) {
    this.engine = engine;
  }

  /** Parameters of the digest. */
  public record Query(int windowHours, int baselineHours, int topN, int maxMarkdownChars) {
    public Query {
      if (windowHours < 1 || windowHours > 24 * 31) {
        throw new IllegalArgumentException(
            "window_hours " + windowHours + " must be between 1 and " + 24 * 31);
      }
      if (baselineHours < 1 || baselineHours > 24 * 90) {
        throw new IllegalArgumentException(
            "baseline_hours " + baselineHours + " must be between 1 and " + 24 * 90);
      }
      if (topN < 1 || topN > 100) {
        throw new IllegalArgumentException("top_n " + topN + " must be between 1 and 100");
      }
      if (maxMarkdownChars < 200 || maxMarkdownChars > 100_000) {
        throw new IllegalArgumentException(
            "max_markdown_chars " + maxMarkdownChars + " must be between 200 and 100000");
      }
    }

    public static Query defaults() {
      return new Query(24, 168, 10, 3800);
    }
  }

  Map<String, Object> build(Query q, long now) {
    EventIndex index = engine.index();
    long from = now - q.windowHours() * EventIndex.HOUR;
    int[] dims = {Dimension.TOOL.ordinal(), Dimension.AGENT.ordinal()};
    Acc[] accs = {new Acc(index.dictSize(dims[0])), new Acc(index.dictSize(dims[1]))};
    index.accumulate(from, now, dims, accs, true);
    Map<String, Object> totals = Rows.totals(accs[0]);
    List<Map<String, Object>> tools = Rows.top(index, dims[0], "tool", accs[0], q.topN());
    List<Map<String, Object>> agents = Rows.top(index, dims[1], "agent_id", accs[1], q.topN());
    // A quarter of the window, capped at the longest anomaly window (7 days) for windows over 28 days.
    int anomalyMinutes = Math.min(q.windowHours() * 60 / 4, Anomalies.MAX_WINDOW_MINUTES);
    Map<String, Object> anomalies =
        new Anomalies(index)
            .detect(
                new Anomalies.Query(anomalyMinutes, Math.max(q.baselineHours(), anomalyMinutes / 60 + 1), null, DIGEST_MIN_CALLS, List.of()),
                now);
    List<Map<String, Object>> recs = recommendations(anomalies, tools, agents);

    Map<String, Object> out = new LinkedHashMap<>();
    out.put("generated_at", Rows.iso(now));
    Map<String, Object> window = CostEngine.range(from, now);
    window.put("hours", q.windowHours());
    out.put("window", window);
    out.put("totals", totals);
    out.put("top_tools", tools);
    out.put("top_agents", agents);
    out.put("anomalies", anomalies);
    out.put("recommendations", recs);
    String md = markdown(window, totals, tools, agents, anomalies, recs);
    boolean cut = md.length() > q.maxMarkdownChars();
    out.put("markdown", cut ? cut(md, q.maxMarkdownChars()) : md);
    out.put("markdown_truncated", cut);
    out.put("data_quality", engine.dataQuality(from, now));
    return out;
  }

  @SuppressWarnings("unchecked")
  private static List<Map<String, Object>> recommendations(
      Map<String, Object> anomalies,
      List<Map<String, Object>> tools,
      List<Map<String, Object>> agents) {
    List<Map<String, Object>> recs = new ArrayList<>();
    Set<String> covered = new HashSet<>();
    for (Map<String, Object> a : (List<Map<String, Object>>) anomalies.get("anomalies")) {
      String tool = (String) a.get("tool");
      covered.add(tool);
      recs.add(rec("anomaly", tool, a.get("kind") + " on " + tool + ": " + a.get("recommendation")));
    }
    for (Map<String, Object> t : tools) {
      String tool = (String) t.get("tool");
      BigDecimal rate = (BigDecimal) t.get("error_rate");
      if (rate.compareTo(ERROR_RATE_ADVICE) > 0 && !covered.contains(tool)) {
        recs.add(rec("error_rate", tool,
            tool + " failed " + pct(rate) + " of its " + t.get("count")
                + " calls; check its inputs and downstream health, and cap retries."));
      }
    }
    if (!agents.isEmpty()) {
      Map<String, Object> top = agents.get(0);
      BigDecimal units = (BigDecimal) top.get("cost_units");
      if (units.compareTo(TOP_SPENDER_UNITS) > 0) {
        recs.add(rec("top_spender", String.valueOf(top.get("agent_id")),
            "Agent " + top.get("agent_id") + " is the top spender with " + units.toPlainString()
                + " cost units over " + top.get("count") + " calls; review whether its usage is intended."));
      }
    }
    return recs;
  }

  private static Map<String, Object> rec(String kind, String subject, String message) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("kind", kind);
    m.put("subject", subject);
    m.put("message", message);
    return m;
  }

  /**
   * A recommendation's message for markdown: its subject (a tool or agent name) escaped wherever
   * it occurs. Only a name that needs escaping is replaced, and the template text around it holds
   * no markup, so replacing an occurrence that is not the name changes nothing a reader sees.
   */
  private static String markdownMessage(Map<String, Object> rec) {
    String subject = (String) rec.get("subject");
    String message = (String) rec.get("message");
    String escaped = Text.markdown(subject);
    return Text.plain(subject.isEmpty() || escaped.equals(subject) ? message : message.replace(subject, escaped));
  }

  static String pct(BigDecimal rate) {
    return rate.movePointRight(2).setScale(1, java.math.RoundingMode.HALF_EVEN).toPlainString() + "%";
  }

  @SuppressWarnings("unchecked")
  private static String markdown(
      Map<String, Object> window,
      Map<String, Object> totals,
      List<Map<String, Object>> tools,
      List<Map<String, Object>> agents,
      Map<String, Object> anomalies,
      List<Map<String, Object>> recs) {
    StringBuilder sb = new StringBuilder();
    sb.append("## burnrate digest: ").append(window.get("from")).append(" to ").append(window.get("to"))
        .append("\n\n");
    sb.append("**").append(totals.get("calls")).append(" calls**, ")
        .append(((BigDecimal) totals.get("cost_units")).toPlainString()).append(" cost units, $")
        .append(((BigDecimal) totals.get("cost_usd")).setScale(2, java.math.RoundingMode.HALF_EVEN).toPlainString())
        .append(" priced (").append(totals.get("unpriced_calls")).append(" calls unpriced), error rate ")
        .append(pct((BigDecimal) totals.get("error_rate"))).append(", ")
        .append(totals.get("denied")).append(" denied.\n\n");
    List<Map<String, Object>> found = (List<Map<String, Object>>) anomalies.get("anomalies");
    sb.append("### Anomalies (last ").append(((Map<String, Object>) anomalies.get("window")).get("minutes"))
        .append(" min)\n");
    if (found.isEmpty()) {
      sb.append("None.\n");
    }
    for (Map<String, Object> a : found) {
      Map<String, Object> ev = (Map<String, Object>) a.get("evidence");
      sb.append("- **").append(md(a.get("tool"))).append("** ").append(a.get("kind"));
      if (a.get("kind").equals("cost_spike")) {
        sb.append(a.get("ratio") == null ? " (no baseline)" : " x" + ((BigDecimal) a.get("ratio")).toPlainString());
      } else {
        sb.append(" ").append(pct((BigDecimal) a.get("error_rate"))).append(" failing");
      }
      sb.append(": ").append(ev.get("window_calls")).append(" calls");
      if (ev.get("top_agent") != null) {
        sb.append(", mostly ").append(md(ev.get("top_agent")));
      }
      sb.append("\n");
    }
    spenders(sb, "Top tools", "tool", tools);
    spenders(sb, "Top agents", "agent_id", agents);
    sb.append("\n### Recommendations\n");
    if (recs.isEmpty()) {
      sb.append("None.\n");
    }
    int i = 1;
    for (Map<String, Object> r : recs) {
      sb.append(i++).append(". ").append(markdownMessage(r)).append("\n");
    }
    return sb.toString();
  }

  private static void spenders(StringBuilder sb, String title, String key, List<Map<String, Object>> rows) {
    sb.append("\n### ").append(title).append("\n| ").append(key.equals("agent_id") ? "agent" : key)
        .append(" | calls | cost units | USD | errors |\n|---|---:|---:|---:|---:|\n");
    for (Map<String, Object> t : rows) {
      Object unpriced = t.get("unpriced_calls");
      String usd = "$" + ((BigDecimal) t.get("cost_usd")).setScale(2, java.math.RoundingMode.HALF_EVEN).toPlainString();
      if (unpriced instanceof Number n && n.longValue() == ((Number) t.get("count")).longValue()) {
        usd = "unpriced";
      } else if (unpriced instanceof Number n && n.longValue() > 0) {
        usd += " (" + n + " unpriced)";
      }
      sb.append("| ").append(md(t.get(key))).append(" | ").append(t.get("count")).append(" | ")
          .append(((BigDecimal) t.get("cost_units")).toPlainString()).append(" | ")
          .append(usd).append(" | ")
          .append(pct((BigDecimal) t.get("error_rate"))).append(" |\n");
    }
  }

  /** A name from the data, inert in markdown and chat. */
  private static String md(Object name) {
    return Text.markdown(String.valueOf(name));
  }

  /** Cuts at a line boundary and appends a visible marker, staying within {@code max} chars. */
  static String cut(String md, int max) {
    String marker = "\n[... digest truncated at " + max
        + " characters; the structured fields hold everything]\n";
    int keep = Math.max(0, max - marker.length());
    int nl = md.lastIndexOf('\n', keep);
    if (nl > keep / 2) {
      keep = nl;
    }
    return md.substring(0, keep) + marker;
  }
}

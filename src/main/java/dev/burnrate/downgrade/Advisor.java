package dev.burnrate.downgrade;

import dev.burnrate.engine.AgentUsage;
import dev.burnrate.engine.CostEngine;
import dev.burnrate.downgrade.Downgrade;
import dev.burnrate.downgrade.DowngradeRule;
import dev.burnrate.pricing.ModelPrice;
import dev.burnrate.pricing.PriceCatalog;
import dev.burnrate.pricing.Rates;
import dev.burnrate.pricing.Tier;
import dev.burnrate.downgrade.rules.Metrics;
import dev.burnrate.downgrade.rules.Rule;
import dev.burnrate.downgrade.rules.RuleException;
import dev.burnrate.downgrade.rules.Verdict;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Model-downgrade advice from the operator's rules ({@code downgrade_recommendations} in
 * budget.yaml) and the fleet's usage.
 *
 * <p>The analysis window is the last {@code windowDays} complete UTC days before now. For an agent
 * and a rule, the rule's variables are computed over the agent's calls on the rule's {@code from}
 * model (names match without routing prefixes, regions or versions: {@code
 * us.anthropic.claude-sonnet-4-6} is {@code claude-sonnet-4-6}), except {@code tool_variety}, which
 * counts every tool the agent used. A rule without {@code for N days} is evaluated once over the
 * window; with it, on each of the last N complete days.
 *
 * <p>Savings: the agent's token volumes on {@code from} in the window, scaled to 30 days, priced at
 * {@code from}'s standard rates minus {@code to}'s (uncached input, output, cache reads and
 * writes; a cache rate the catalog lacks is charged at the input rate). Long-context tiers are
 * per request and are not applied to these aggregated volumes.
 */
public final class Advisor {
  /** An agent is a review candidate when its mean output tokens exceed this multiple of the fleet's. */
  static final BigDecimal REVIEW_RATIO = BigDecimal.valueOf(2);

  private static final Map<String, Rule> COMPILED = new ConcurrentHashMap<>();

  public record Request(Instant now, int windowDays, String agent) {
    public Request {
      Objects.requireNonNull(now, "now");
      if (windowDays < 1 || windowDays > 90) {
        throw new IllegalArgumentException("window_days " + windowDays + " must be from 1 to 90");
      }
    }
  }

  /** One recommendation; {@code draftPath} is relative to the data directory. */
  public record Recommendation(
      String agent,
      String from,
      String to,
      String rule,
      Map<String, Object> evidence,
      BigDecimal monthlySavingsUsd,
      Map<String, Object> volumes,
      String draftPath) {}

  public record Advice(
      Map<String, Object> window,
      boolean enabled,
      List<Recommendation> recommendations,
      List<Map<String, Object>> reviewCandidates,
      List<Map<String, Object>> skipped) {

    /** The answer of the {@code recommend_downgrade} tool and {@code burnrate recommend}. */
    public Map<String, Object> toMap() {
      Map<String, Object> out = new LinkedHashMap<>();
      out.put("window", window);
      out.put("rules_enabled", enabled);
      List<Map<String, Object>> recs = new ArrayList<>();
      for (Recommendation r : recommendations) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("agent", r.agent());
        m.put("from", r.from());
        m.put("to", r.to());
        m.put("rule", r.rule());
        m.put("evidence", r.evidence());
        m.put("estimated_monthly_savings_usd", r.monthlySavingsUsd());
        m.put("draft_path", r.draftPath());
        recs.add(m);
      }
      out.put("recommendations", recs);
      out.put("review_candidates", reviewCandidates);
      out.put("skipped", skipped);
      return out;
    }
  }

  private Advisor() {}

  public static Advice advise(CostEngine engine, Downgrade downgrade, PriceCatalog catalog, Request req) {
    LocalDate today = LocalDate.ofInstant(req.now(), ZoneOffset.UTC);
    List<Compiled> rules = new ArrayList<>();
    List<Map<String, Object>> skipped = new ArrayList<>();
    int span = req.windowDays();
    if (downgrade.enable()) {
      for (DowngradeRule r : downgrade.models()) {
        try {
          Rule rule = COMPILED.computeIfAbsent(r.when(), Advisor::compile);
          rules.add(new Compiled(r, rule));
          span = Math.max(span, rule.forDays().orElse(0));
        } catch (IllegalStateException e) {
          skipped.add(skip(r, e.getMessage()));
        }
      }
    }
    LocalDate first = today.minusDays(span);
    AgentUsage u = engine.agentUsage(first, span);
    int winFrom = span - req.windowDays();
    Map<String, Object> window = new LinkedHashMap<>();
    window.put("from", u.dayStart(winFrom).toString());
    window.put("to", u.dayStart(span).toString());
    window.put("days", req.windowDays());

    List<Recommendation> recs = new ArrayList<>();
    Set<String> reported = new HashSet<>();
    for (Compiled c : rules) {
      Rates fromRates = standard(catalog, c.def().from(), today);
      Rates toRates = standard(catalog, c.def().to(), today);
      if (fromRates == null || toRates == null) {
        String missing = fromRates == null ? c.def().from() : c.def().to();
        skipped.add(skip(c.def(), "no price for '" + missing + "' in the catalog or config/pricing.yml;"
            + " savings cannot be estimated. Add it to config/pricing.yml"));
        continue;
      }
      String fromCore = PriceCatalog.coreName(c.def().from());
      for (String agent : u.agents()) {
        if (agent == null || (req.agent() != null && !req.agent().equals(agent))) {
          continue;
        }
        List<String> models = u.models(agent).stream()
            .filter(m -> m != null && PriceCatalog.coreName(m).equals(fromCore)).toList();
        if (models.isEmpty()) {
          continue;
        }
        long[] win = sum(u, agent, models, winFrom, span);
        if (win[AgentUsage.CALLS] == 0) {
          continue;
        }
        Metrics m = metrics(u, agent, models, winFrom, span);
        Verdict v;
        if (c.rule().forDays().isPresent()) {
          List<Metrics> daily = new ArrayList<>();
          for (int d = 0; d < span; d++) {
            daily.add(metrics(u, agent, models, d, d + 1));
          }
          v = c.rule().evaluateDaily(daily);
        } else {
          v = c.rule().evaluate(m);
        }
        if (!v.holds() || !reported.add(agent + "\u0000" + c.def().from() + "\u0000" + c.def().to())) {
          continue;
        }
        Map<String, Object> evidence = new LinkedHashMap<>();
        evidence.put("window", window);
        evidence.put("models_seen", models);
        evidence.put("avg_complexity_score", round(m.get("avg_complexity_score").orElse(null), 3));
        evidence.put("avg_token_output", round(m.get("avg_token_output").orElse(null), 1));
        evidence.put("calls", win[AgentUsage.CALLS]);
        evidence.put("tool_variety", u.agentTools(agent, winFrom, span) + "/" + u.fleetTools(winFrom, span));
        evidence.put("cost_usd", BigDecimal.valueOf(win[AgentUsage.USD_NANOS], 9).setScale(2, RoundingMode.HALF_EVEN));
        evidence.put("reason", v.reason());
        BigDecimal scale = BigDecimal.valueOf(30).divide(BigDecimal.valueOf(req.windowDays()), 12, RoundingMode.HALF_EVEN);
        BigDecimal savings = price(fromRates, win).subtract(price(toRates, win)).multiply(scale)
            .setScale(2, RoundingMode.HALF_EVEN);
        Map<String, Object> volumes = new LinkedHashMap<>();
        volumes.put("input_tokens", win[AgentUsage.TOK_IN]);
        volumes.put("output_tokens", win[AgentUsage.TOK_OUT]);
        volumes.put("cache_read_tokens", win[AgentUsage.TOK_CR]);
        volumes.put("cache_write_tokens", win[AgentUsage.TOK_CW]);
        volumes.put("monthly_usd_at_from", price(fromRates, win).multiply(scale).setScale(2, RoundingMode.HALF_EVEN));
        volumes.put("monthly_usd_at_to", price(toRates, win).multiply(scale).setScale(2, RoundingMode.HALF_EVEN));
        recs.add(new Recommendation(agent, c.def().from(), c.def().to(), c.def().when(), evidence,
            savings, volumes, draftPath(agent, today)));
      }
    }
    recs.sort(Comparator.comparing(Recommendation::monthlySavingsUsd).reversed()
        .thenComparing(Recommendation::agent).thenComparing(Recommendation::from));
    return new Advice(window, downgrade.enable(), recs, reviewCandidates(u, winFrom, span, req.agent()), skipped);
  }

  private record Compiled(DowngradeRule def, Rule rule) {}

  private static Rule compile(String text) {
    try {
      return Rule.compile(text);
    } catch (RuleException e) {
      // The config loader checked every rule; reaching this means a rule changed underneath.
      throw new IllegalStateException("rule '" + text + "' does not compile: " + e.getMessage());
    }
  }

  private static Map<String, Object> skip(DowngradeRule r, String why) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("from", r.from());
    m.put("to", r.to());
    m.put("rule", r.when());
    m.put("reason", why);
    return m;
  }

  private static Rates standard(PriceCatalog catalog, String model, LocalDate day) {
    ModelPrice p = catalog.priceFor(model, day).orElse(null);
    return p == null ? null : p.ratesFor(Tier.STANDARD, false);
  }

  /** Dollars for the token volumes of a usage row at {@code r}, exact. */
  static BigDecimal price(Rates r, long[] row) {
    long cr = row[AgentUsage.TOK_CR];
    long cw = row[AgentUsage.TOK_CW];
    long uncached = Math.max(0, row[AgentUsage.TOK_IN] - cr - cw);
    BigDecimal in = r.input();
    return in.multiply(BigDecimal.valueOf(uncached))
        .add(r.output().multiply(BigDecimal.valueOf(row[AgentUsage.TOK_OUT])))
        .add((r.cacheRead() == null ? in : r.cacheRead()).multiply(BigDecimal.valueOf(cr)))
        .add((r.cacheWrite() == null ? in : r.cacheWrite()).multiply(BigDecimal.valueOf(cw)));
  }

  private static long[] sum(AgentUsage u, String agent, List<String> models, int from, int to) {
    long[] s = new long[AgentUsage.SCORED + 1];
    for (String m : models) {
      for (int d = from; d < to; d++) {
        long[] r = u.day(agent, m, d);
        for (int f = 0; f < s.length; f++) {
          s[f] = dev.burnrate.usage.EventBounds.plus(s[f], r[f]);
        }
      }
    }
    return s;
  }

  /** The rule variables for the agent's calls on {@code models} over days {@code [from, to)}. */
  static Metrics metrics(AgentUsage u, String agent, List<String> models, int from, int to) {
    long[] s = sum(u, agent, models, from, to);
    double cplx = 0;
    for (String m : models) {
      for (int d = from; d < to; d++) {
        cplx += u.complexitySum(agent, m, d);
      }
    }
    Map<String, Double> v = new LinkedHashMap<>();
    long calls = s[AgentUsage.CALLS];
    long llm = s[AgentUsage.LLM_CALLS];
    v.put("calls", (double) calls);
    v.put("cost_usd", BigDecimal.valueOf(s[AgentUsage.USD_NANOS], 9).doubleValue());
    v.put("error_rate", calls == 0 ? null : (double) s[AgentUsage.FAILED] / calls);
    Double avgOut = llm == 0 ? null : (double) s[AgentUsage.TOK_OUT] / llm;
    v.put("avg_token_output", avgOut);
    v.put("avg_token_input", llm == 0 ? null : (double) s[AgentUsage.TOK_IN] / llm);
    v.put("avg_complexity_score", s[AgentUsage.SCORED] == 0 ? null : cplx / s[AgentUsage.SCORED]);
    int fleetTools = u.fleetTools(from, to);
    v.put("tool_variety", fleetTools == 0 ? null : (double) u.agentTools(agent, from, to) / fleetTools);
    long[] fleet = u.fleetOutput(from, to);
    Double fleetAvg = fleet[0] == 0 || fleet[1] == 0 ? null : (double) fleet[1] / fleet[0];
    v.put("token_output_vs_fleet", avgOut == null || fleetAvg == null ? null : avgOut / fleetAvg);
    return new Metrics(v);
  }

  private static List<Map<String, Object>> reviewCandidates(AgentUsage u, int from, int to, String only) {
    long[] fleet = u.fleetOutput(from, to);
    List<Map<String, Object>> out = new ArrayList<>();
    if (fleet[0] == 0) {
      return out;
    }
    BigDecimal fleetAvg = BigDecimal.valueOf(fleet[1]).divide(BigDecimal.valueOf(fleet[0]), 12, RoundingMode.HALF_EVEN);
    if (fleetAvg.signum() == 0) {
      return out;
    }
    for (String agent : u.agents()) {
      if (agent == null || (only != null && !only.equals(agent))) {
        continue;
      }
      long[] s = sum(u, agent, u.models(agent), from, to);
      if (s[AgentUsage.LLM_CALLS] == 0) {
        continue;
      }
      BigDecimal avg = BigDecimal.valueOf(s[AgentUsage.TOK_OUT])
          .divide(BigDecimal.valueOf(s[AgentUsage.LLM_CALLS]), 12, RoundingMode.HALF_EVEN);
      BigDecimal ratio = avg.divide(fleetAvg, 12, RoundingMode.HALF_EVEN);
      if (ratio.compareTo(REVIEW_RATIO) > 0) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("agent", agent);
        m.put("avg_token_output", avg.setScale(1, RoundingMode.HALF_EVEN));
        m.put("fleet_avg_token_output", fleetAvg.setScale(1, RoundingMode.HALF_EVEN));
        m.put("ratio", ratio.setScale(2, RoundingMode.HALF_EVEN));
        m.put("llm_calls", s[AgentUsage.LLM_CALLS]);
        m.put("reason", "output tokens per call are more than " + REVIEW_RATIO + "x the fleet average;"
            + " review its prompts and output limits");
        out.add(m);
      }
    }
    out.sort(Comparator.comparing((Map<String, Object> m) -> (BigDecimal) m.get("ratio")).reversed()
        .thenComparing(m -> (String) m.get("agent")));
    return out;
  }

  private static BigDecimal round(Double v, int scale) {
    return v == null ? null : BigDecimal.valueOf(v).setScale(scale, RoundingMode.HALF_EVEN);
  }

  /** Where an agent's draft for {@code day} lives, relative to the data directory. */
  static String draftPath(String agent, LocalDate day) {
    return "cost/recommendations/" + dev.burnrate.usage.FileNames.of(agent) + "-" + day + ".md";
  }
}

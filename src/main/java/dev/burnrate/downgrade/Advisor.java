package dev.burnrate.downgrade;

import dev.burnrate.downgrade.rules.Metrics;
import dev.burnrate.downgrade.rules.Rule;
import dev.burnrate.downgrade.rules.RuleException;
import dev.burnrate.downgrade.rules.Verdict;
import dev.burnrate.engine.AgentUsage;
import dev.burnrate.engine.CostEngine;
import dev.burnrate.pricing.ModelPrice;
import dev.burnrate.pricing.PriceCatalog;
import dev.burnrate.pricing.Rates;
import dev.burnrate.pricing.Tier;
import dev.burnrate.pricing.TokenPricing;
import dev.burnrate.usage.Round;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
 * {@code from}'s standard rates minus {@code to}'s, by the one tokens x rates rule ({@link
 * TokenPricing#usd}), the exact difference rounded once to the cent ({@link Round#cents}).
 * Long-context tiers are per request and are not applied to these aggregated volumes.
 */
public final class Advisor {
  /**
   * An agent is a review candidate when its mean output tokens exceed this multiple of the fleet's.
   */
  static final BigDecimal REVIEW_RATIO = BigDecimal.valueOf(2);

  private static final Map<String, Rule> COMPILED = new ConcurrentHashMap<>();

  private Advisor() {}

  public static Advice advise(
      CostEngine engine, Downgrade downgrade, PriceCatalog catalog, DowngradeQuery req) {
    LocalDate today = LocalDate.ofInstant(req.now(), ZoneOffset.UTC);
    List<Compiled> rules = new ArrayList<>();
    List<Skipped> skipped = new ArrayList<>();
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
    Window window = new Window(u.dayStart(winFrom), u.dayStart(span), req.windowDays());

    List<Recommendation> recs = new ArrayList<>();
    Set<String> reported = new HashSet<>();
    for (Compiled c : rules) {
      Rates fromRates = standard(catalog, c.def().from(), today);
      Rates toRates = standard(catalog, c.def().to(), today);
      if (fromRates == null || toRates == null) {
        String missing = fromRates == null ? c.def().from() : c.def().to();
        skipped.add(
            skip(
                c.def(),
                "no price for '"
                    + missing
                    + "' in the catalog or config/pricing.yml;"
                    + " savings cannot be estimated. Add it to config/pricing.yml"));
        continue;
      }
      String fromCore = PriceCatalog.coreName(c.def().from());
      for (String agent : u.agents()) {
        if (!req.includes(agent)) {
          continue;
        }
        List<String> models =
            u.models(agent).stream()
                .filter(m -> m != null && PriceCatalog.coreName(m).equals(fromCore))
                .toList();
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
        if (!v.holds()
            || !reported.add(agent + "\u0000" + c.def().from() + "\u0000" + c.def().to())) {
          continue;
        }
        Evidence evidence =
            new Evidence(
                window,
                models,
                round(m.get("avg_complexity_score").orElse(null), 3),
                round(m.get("avg_token_output").orElse(null), 1),
                win[AgentUsage.CALLS],
                u.agentTools(agent, winFrom, span) + "/" + u.fleetTools(winFrom, span),
                Round.cents(BigDecimal.valueOf(win[AgentUsage.USD_NANOS], 9)),
                v.reason());
        BigDecimal scale = Round.ratio(30, req.windowDays(), 12);
        BigDecimal atFrom = price(fromRates, win).multiply(scale);
        BigDecimal atTo = price(toRates, win).multiply(scale);
        Volumes volumes =
            new Volumes(
                win[AgentUsage.TOK_IN],
                win[AgentUsage.TOK_OUT],
                win[AgentUsage.TOK_CR],
                win[AgentUsage.TOK_CW],
                Round.cents(atFrom),
                Round.cents(atTo));
        recs.add(
            new Recommendation(
                agent,
                c.def().from(),
                c.def().to(),
                c.def().when(),
                evidence,
                Round.cents(atFrom.subtract(atTo)),
                draftPath(agent, today),
                volumes));
      }
    }
    recs.sort(
        Comparator.comparing(Recommendation::estimatedMonthlySavingsUsd)
            .reversed()
            .thenComparing(Recommendation::agent)
            .thenComparing(Recommendation::from));
    return new Advice(
        window, downgrade.enable(), recs, reviewCandidates(u, winFrom, span, req), skipped);
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

  private static Skipped skip(DowngradeRule r, String why) {
    return new Skipped(r.from(), r.to(), r.when(), why);
  }

  private static Rates standard(PriceCatalog catalog, String model, LocalDate day) {
    ModelPrice p = catalog.priceFor(model, day).orElse(null);
    return p == null ? null : p.ratesFor(Tier.STANDARD, false);
  }

  /** Dollars for the token volumes of a usage row at {@code r}, exact. */
  static BigDecimal price(Rates r, long[] row) {
    return TokenPricing.usd(
        r,
        row[AgentUsage.TOK_IN],
        row[AgentUsage.TOK_OUT],
        row[AgentUsage.TOK_CR],
        row[AgentUsage.TOK_CW]);
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
    v.put(
        "tool_variety",
        fleetTools == 0 ? null : (double) u.agentTools(agent, from, to) / fleetTools);
    long[] fleet = u.fleetOutput(from, to);
    Double fleetAvg = fleet[0] == 0 || fleet[1] == 0 ? null : (double) fleet[1] / fleet[0];
    v.put("token_output_vs_fleet", avgOut == null || fleetAvg == null ? null : avgOut / fleetAvg);
    return new Metrics(v);
  }

  private static List<ReviewCandidate> reviewCandidates(
      AgentUsage u, int from, int to, DowngradeQuery req) {
    long[] fleet = u.fleetOutput(from, to);
    List<ReviewCandidate> out = new ArrayList<>();
    if (fleet[0] == 0) {
      return out;
    }
    BigDecimal fleetAvg = Round.ratio(fleet[1], fleet[0], 12);
    if (fleetAvg.signum() == 0) {
      return out;
    }
    for (String agent : u.agents()) {
      if (!req.includes(agent)) {
        continue;
      }
      long[] s = sum(u, agent, u.models(agent), from, to);
      if (s[AgentUsage.LLM_CALLS] == 0) {
        continue;
      }
      BigDecimal avg = Round.ratio(s[AgentUsage.TOK_OUT], s[AgentUsage.LLM_CALLS], 12);
      BigDecimal ratio = Round.ratio(avg, fleetAvg, 12);
      if (ratio.compareTo(REVIEW_RATIO) > 0) {
        out.add(
            new ReviewCandidate(
                agent,
                Round.to(avg, 1),
                Round.to(fleetAvg, 1),
                Round.to(ratio, 2),
                s[AgentUsage.LLM_CALLS],
                "output tokens per call are more than "
                    + REVIEW_RATIO
                    + "x the fleet average; review its prompts and output limits"));
      }
    }
    out.sort(
        Comparator.comparing(ReviewCandidate::ratio)
            .reversed()
            .thenComparing(ReviewCandidate::agent));
    return out;
  }

  private static BigDecimal round(Double v, int scale) {
    return v == null ? null : Round.to(BigDecimal.valueOf(v), scale);
  }

  /** Where an agent's draft for {@code day} lives, relative to the data directory. */
  static String draftPath(String agent, LocalDate day) {
    return "cost/recommendations/" + dev.burnrate.usage.FileNames.of(agent) + "-" + day + ".md";
  }
}

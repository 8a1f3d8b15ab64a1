package dev.burnrate.downgrade;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.burnrate.engine.CostEngine;
import dev.burnrate.engine.EventIndex;
import dev.burnrate.engine.Pricer;
import dev.burnrate.engine.SegmentBuilder;
import dev.burnrate.pricing.PriceCatalog;
import dev.burnrate.usage.CostWeights;
import dev.burnrate.usage.Status;
import dev.burnrate.usage.UsageEvent;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The advisor on thirty calls, without the CLI: a one-day window (March 7th, seen on the 8th), one
 * agent the rule fits, one it does not, and one whose fitting calls fall today, outside the window.
 */
class AdvisorTest {
  static final Instant NOW = Instant.parse("2026-03-08T09:30:00Z");
  static final DowngradeRule TERSE_TO_HAIKU =
      new DowngradeRule(
          "claude-sonnet-4-6",
          "claude-haiku-4-5",
          "avg_token_output < 200 and avg_complexity_score < 0.3",
          "budget.yaml:1:1");

  /** Ten Sonnet calls of {@code agent} from {@code start}: 1,000 input (200 cached), 100 output. */
  static void tenCalls(List<UsageEvent> out, String agent, String start, double complexity) {
    Instant t = Instant.parse(start);
    for (int n = 0; n < 10; n++) {
      out.add(
          new UsageEvent(
              ChronoUnit.MICROS.between(Instant.EPOCH, t.plusSeconds(60L * n)),
              null,
              null,
              null,
              agent,
              "llm_chat",
              null,
              Status.PASS,
              900,
              -1,
              -1,
              null,
              null,
              null,
              null,
              "us.anthropic.claude-sonnet-4-6",
              1000,
              100,
              200,
              0,
              null,
              complexity,
              null,
              null));
    }
  }

  static CostEngine engine() {
    List<UsageEvent> events = new ArrayList<>();
    tenCalls(events, "terse", "2026-03-07T08:00:00Z", 0.2);
    tenCalls(events, "thinker", "2026-03-07T09:00:00Z", 0.9);
    tenCalls(events, "late", "2026-03-08T08:00:00Z", 0.1);
    SegmentBuilder b = new SegmentBuilder("test", 0, 1);
    events.forEach(b::add);
    EventIndex index = new EventIndex(CostWeights.BUILT_IN, Pricer.NONE);
    index.add(b.build(0, events.size()));
    return new CostEngine(index);
  }

  static Advice advise(Downgrade downgrade) {
    return Advisor.advise(
        engine(), downgrade, PriceCatalog.bundled(), new DowngradeQuery(NOW, 1, null));
  }

  @Test
  void recommendsHaikuOnlyForTheAgentTheRuleFitsInsideTheWindow() {
    Advice a = advise(new Downgrade(true, List.of(TERSE_TO_HAIKU)));
    assertEquals("2026-03-07T00:00:00Z", a.window().from().toString());
    assertEquals("2026-03-08T00:00:00Z", a.window().to().toString());
    assertEquals(1, a.recommendations().size(), a.recommendations().toString());
    Recommendation r = a.recommendations().get(0);
    assertEquals("terse", r.agent());
    assertEquals("claude-haiku-4-5", r.to());
    assertEquals(10L, r.evidence().calls());
    assertEquals("cost/recommendations/terse-2026-03-08.md", r.draftPath());
  }

  @Test
  void savingsAreTheWindowsVolumesAtBothModelsRatesScaledTo30Days() {
    Recommendation r =
        advise(new Downgrade(true, List.of(TERSE_TO_HAIKU))).recommendations().get(0);
    // 8,000 uncached input, 2,000 cache reads, 1,000 output in one day, x 30:
    // Sonnet 4.6 at $3 / $0.30 / $15 per M: 0.024 + 0.0006 + 0.015 = 0.0396 -> 1.188
    // Haiku 4.5  at $1 / $0.10 / $5 per M:  0.008 + 0.0002 + 0.005 = 0.0132 -> 0.396
    assertEquals("1.19", r.volumes().monthlyUsdAtFrom().toPlainString());
    assertEquals("0.40", r.volumes().monthlyUsdAtTo().toPlainString());
    assertEquals("0.79", r.estimatedMonthlySavingsUsd().toPlainString());
  }

  @Test
  void aRuleToAnUnpricedModelIsSkippedWithTheReason() {
    DowngradeRule unknown =
        new DowngradeRule(
            "claude-sonnet-4-6", "no-such-model", "avg_complexity_score < 0.3", "budget.yaml:5:9");
    Advice a = advise(new Downgrade(true, List.of(unknown)));
    assertTrue(a.recommendations().isEmpty());
    assertEquals(1, a.skipped().size());
    assertTrue(
        a.skipped().get(0).reason().contains("no price for 'no-such-model'"),
        a.skipped().toString());
  }

  @Test
  void disabledRulesRecommendNothing() {
    Advice a = advise(new Downgrade(false, List.of(TERSE_TO_HAIKU)));
    assertFalse(a.rulesEnabled());
    assertTrue(a.recommendations().isEmpty());
  }
}

package dev.burnrate.engine;

import static dev.burnrate.engine.CostEngineTest.event;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.burnrate.usage.Dimension;
import dev.burnrate.usage.Round;
import dev.burnrate.usage.Status;
import dev.burnrate.usage.UsageEvent;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Beside the share of calls without a price, answers give the share of cost units on them: one long
 * render left unpriced outweighs many priced chat calls, and the call share alone hides it.
 */
class UnpricedShareTest {
  static final Instant NOW = Instant.parse("2026-02-23T12:00:00Z");

  @Test
  void theCostUnitsOfUnpricedCallsOverAllCostUnitsWhateverTheRangeShape() {
    List<UsageEvent> events = new ArrayList<>();
    for (int h = 1; h <= 50; h++) {
      Instant ts = NOW.minusSeconds(h * 1800L + 7);
      for (int i = 0; i < 9; i++) {
        events.add(event(ts, "coder", "llm_chat", Status.PASS, 200, "0.01"));
      }
      events.add(event(ts, "artist", "comfy_generate_video", Status.PASS, 600_000, null));
    }
    CostEngine engine = CostEngineTest.engine(events);
    Instant[][] ranges = {
      {NOW.minusSeconds(86_400), NOW}, // whole hours
      {NOW.minusSeconds(86_400 + 901), NOW.minusSeconds(1201)}, // partial hours at both ends
      {NOW.minusSeconds(7 * 86_400), NOW}, // whole days too
    };
    for (Instant[] r : ranges) {
      CostReport report =
          engine.report(new ReportQuery(r[0], r[1], List.of(Dimension.TOOL), 10, true, false));
      BigDecimal unpriced = BigDecimal.ZERO;
      BigDecimal all = BigDecimal.ZERO;
      for (BreakdownRow row : report.breakdowns().get(Dimension.TOOL)) {
        all = all.add(row.costUnits());
        if (row.key().equals("comfy_generate_video")) {
          unpriced = unpriced.add(row.costUnits());
          assertEquals(new BigDecimal("1.0000"), row.unpricedCostUnitsShare(), "all unpriced");
        } else {
          assertEquals(new BigDecimal("0.0000"), row.unpricedCostUnitsShare(), "all priced");
        }
      }
      Totals t = report.totals();
      assertEquals(new BigDecimal("0.1000"), t.unpricedShare(), "one call in ten");
      assertEquals(Round.ratio(unpriced, all, 4), t.unpricedCostUnitsShare(), "by weight: " + r[0]);
      assertEquals(1, t.unpricedCostUnitsShare().compareTo(new BigDecimal("0.5")), "most of it");
    }
    TopSpenders top = engine.top(TopQuery.defaults(), NOW);
    assertEquals(
        engine
            .report(
                new ReportQuery(
                    NOW.minusSeconds(86_400), NOW, List.of(Dimension.TOOL), 10, true, false))
            .totals()
            .unpricedCostUnitsShare(),
        top.unpricedCostUnitsShare());
  }
}

package dev.burnrate.engine;

import static dev.burnrate.engine.CostEngineTest.T10;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.burnrate.pricing.ToolRate;
import dev.burnrate.usage.CostWeights;
import dev.burnrate.usage.Dimension;
import dev.burnrate.usage.Status;
import dev.burnrate.usage.UsageEvent;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A call is priced from its own cost_usd, else its model tokens, else its tool's rate in force that
 * day; otherwise it stays unpriced.
 */
class ToolRatePricingTest {
  static final LocalDate RATE_FROM = LocalDate.parse("2026-02-23");

  /**
   * gpt-x at $1 per million input tokens; render at $0.01 per call + $0.001 per second from 2/23.
   */
  static final Pricer PRICER =
      new Pricer() {
        @Override
        public Rates rates(String model, LocalDate day) {
          return "gpt-x".equals(model) ? new Rates(1_000_000, 0, 0, 0, 0, null) : null;
        }

        @Override
        public long[] toolRate(String tool, LocalDate day) {
          return "render".equals(tool) && !day.isBefore(RATE_FROM)
              ? new long[] {
                ToolRate.picos(new BigDecimal("0.01")), ToolRate.picos(new BigDecimal("0.001"))
              }
              : null;
        }
      };

  static UsageEvent call(
      java.time.Instant ts, String tool, long ms, String model, long inputTokens, String usd) {
    return new UsageEvent(
        ChronoUnit.MICROS.between(java.time.Instant.EPOCH, ts),
        null,
        null,
        null,
        "a",
        tool,
        null,
        Status.PASS,
        ms,
        -1,
        -1,
        null,
        null,
        null,
        null,
        model,
        inputTokens,
        -1,
        -1,
        -1,
        usd == null ? null : new BigDecimal(usd),
        Double.NaN,
        null,
        null);
  }

  @Test
  void costUsdThenTokensThenTheToolRate() {
    List<UsageEvent> events =
        List.of(
            call(T10, "render", 30_000, null, -1, "5.00"), // its own cost wins: 5.00
            call(T10, "render", 30_000, "gpt-x", 1_000, null), // tokens: 0.001
            call(T10, "render", 30_000, null, -1, null), // rate: 0.01 + 30 x 0.001 = 0.04
            call(T10, "render", 30_000, "unknown-model", 1_000, null), // rate again: 0.04
            call(T10, "search", 100, null, -1, null), // no rate: unpriced
            call(T10.minus(2, ChronoUnit.DAYS), "render", 30_000, null, -1, null)); // before
    SegmentBuilder b = new SegmentBuilder("test", 0, 1);
    events.forEach(b::add);
    EventIndex index = new EventIndex(CostWeights.BUILT_IN, PRICER);
    index.add(b.build(0, events.size()));
    CostEngine engine = new CostEngine(index);
    Totals t =
        engine
            .report(
                new ReportQuery(
                    T10.minus(3, ChronoUnit.DAYS),
                    T10.plusSeconds(3600),
                    List.of(Dimension.TOOL),
                    10,
                    true,
                    false))
            .totals();
    assertEquals(0, new BigDecimal("5.081").compareTo(t.costUsd()), t.toString());
    assertEquals(2, t.unpricedCalls(), t.toString());
  }
}

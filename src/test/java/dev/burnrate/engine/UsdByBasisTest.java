package dev.burnrate.engine;

import static dev.burnrate.engine.CostEngineTest.T10;
import static dev.burnrate.engine.ToolRatePricingTest.call;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.burnrate.usage.CostWeights;
import dev.burnrate.usage.Dimension;
import dev.burnrate.usage.UsageEvent;
import dev.burnrate.usage.UsdByBasis;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Every dollar total says what priced it: the events' own cost_usd, model tokens at the price
 * tables, or the operator's tool rates, and names the tables in force beside them. The split is the
 * same whether a range is read from hourly rollups, from day sums or event by event at its edges.
 */
class UsdByBasisTest {
  static final Pricer PRICER =
      new Pricer() {
        @Override
        public Rates rates(String model, LocalDate day) {
          return ToolRatePricingTest.PRICER.rates(model, day);
        }

        @Override
        public long[] toolRate(String tool, LocalDate day) {
          return ToolRatePricingTest.PRICER.toolRate(tool, day);
        }

        @Override
        public Optional<String> tables() {
          return Optional.of("pricing.yml: 1 tool rate; bundled test 2026-01-01");
        }
      };

  static final List<UsageEvent> EVENTS =
      List.of(
          call(T10, "render", 30_000, "gpt-x", 1_000, "5.00"), // its own cost: 5.00
          call(T10, "chat", 100, "gpt-x", 1_000, null), // tokens: 0.001
          call(T10, "render", 30_000, "gpt-x", 2_000, null), // tokens before the tool's rate: 0.002
          call(T10, "render", 30_000, null, -1, null), // rate: 0.01 + 30 x 0.001 = 0.04
          call(T10, "render", 30_000, "unknown-model", 1_000, null), // no model price: rate, 0.04
          call(T10, "search", 100, null, -1, null)); // unpriced

  static CostEngine engine(List<UsageEvent> events) {
    SegmentBuilder b = new SegmentBuilder("test", 0, 1);
    events.forEach(b::add);
    EventIndex index = new EventIndex(CostWeights.BUILT_IN, PRICER);
    index.add(b.build(0, events.size()));
    return new CostEngine(index);
  }

  static final UsdByBasis SPLIT =
      new UsdByBasis(
          new BigDecimal("5.000000"),
          new BigDecimal("0.003000"),
          new BigDecimal("0.080000"),
          Optional.of("pricing.yml: 1 tool rate; bundled test 2026-01-01"));

  @Test
  void eachTotalSplitsItsDollarsByWhatPricedThemHoweverTheRangeIsRead() {
    CostEngine engine = engine(EVENTS);
    Instant[][] ranges = {
      {T10, T10.plusSeconds(3600)}, // one whole hour: its rollup
      {T10.minusSeconds(1), T10.plusSeconds(1800)}, // inside one hour: event by event
      {T10.truncatedTo(ChronoUnit.DAYS), T10.truncatedTo(ChronoUnit.DAYS).plus(1, ChronoUnit.DAYS)}
    };
    for (Instant[] r : ranges) {
      Totals t =
          engine
              .report(new ReportQuery(r[0], r[1], List.of(Dimension.TOOL), 10, true, false))
              .totals();
      assertEquals(new BigDecimal("5.083000"), t.costUsd(), r[0].toString());
      assertEquals(Optional.of(SPLIT), t.usdByBasis(), r[0].toString());
    }
    TopSpenders top = engine.top(TopQuery.defaults(), T10.plusSeconds(3600));
    assertEquals(Optional.of(SPLIT), top.usdByBasis());
    Digest digest = engine.digest(DigestQuery.defaults(), T10.plusSeconds(3600));
    assertEquals(Optional.of(SPLIT), digest.totals().usdByBasis());

    SpendSeries s =
        engine.spendByDay(
            Dimension.AGENT, LocalDate.parse("2026-02-23"), 1, ZoneOffset.UTC, T10.plusSeconds(60));
    assertEquals(5_083_000_000L, s.usdNanos()[0][0]);
    assertEquals(5_000_000_000L, s.eventNanos()[0][0]);
    assertEquals(80_000_000L, s.toolNanos()[0][0]);
    assertEquals(SPLIT.priceTables(), s.priceTables());
  }

  @Test
  void dollarsAllFromTheEventsNameNoPriceTablesAndNoDollarsNoSplit() {
    CostEngine engine = engine(List.of(EVENTS.get(0), EVENTS.get(5)));
    Totals t =
        engine
            .report(
                new ReportQuery(
                    T10, T10.plusSeconds(3600), List.of(Dimension.TOOL), 10, true, false))
            .totals();
    assertEquals(
        Optional.of(
            new UsdByBasis(
                new BigDecimal("5.000000"),
                new BigDecimal("0.000000"),
                new BigDecimal("0.000000"),
                Optional.empty())),
        t.usdByBasis(),
        "the price tables priced none of it");
    Totals none =
        engine(List.of(EVENTS.get(5)))
            .report(
                new ReportQuery(
                    T10, T10.plusSeconds(3600), List.of(Dimension.TOOL), 10, true, false))
            .totals();
    assertEquals(Optional.empty(), none.usdByBasis());
  }
}

package dev.burnrate.budget;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.burnrate.usage.UsdByBasis;
import java.math.BigDecimal;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The budget's usage dollars say what priced them: the fleet's line splits them into events' own
 * cost_usd, model tokens at the price tables and tool rates, and the answer names those tables
 * once. The cloud bill is not usage and is left out of the split.
 */
class UsdByBasisInBudgetTest {
  @Test
  void theFleetLineSplitsItsUsageDollarsAndTheAnswerNamesThePriceTables() {
    BudgetReport r = UnpricedUnitsPerLineTest.month();
    assertEquals(new BigDecimal("19.50"), r.total().mtdUsd(), "7.00 of usage + 12.50 of bill");
    assertEquals(Optional.of(new BigDecimal("7.00")), r.total().usageUsd());
    assertEquals(
        Optional.of(
            new UsdByBasis(
                new BigDecimal("1.00"),
                new BigDecimal("5.50"),
                new BigDecimal("0.50"),
                Optional.of("bundled litellm 2026-07-24"))),
        r.total().usdByBasis());
    r.agents().forEach(l -> assertEquals(Optional.empty(), l.usdByBasis(), "the fleet's only"));
    r.teams().forEach(l -> assertEquals(Optional.empty(), l.usdByBasis(), "the fleet's only"));
  }

  @Test
  void aMonthWithoutUsageDollarsHasNoSplit() {
    Budget b = PreflightTest.budget("100", java.util.Map.of());
    SpendByAgent none =
        SpendByAgent.none(
            BudgetStatus.seriesStart(b, PreflightTest.NOW),
            BudgetStatus.seriesDays(b, PreflightTest.NOW));
    BudgetReport r = BudgetStatus.compute(b, none, PreflightTest.NOW).report(null);
    assertEquals(Optional.empty(), r.total().usdByBasis(), "no dollars, nothing to split");
  }
}

package dev.burnrate.pricing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;

class CostArithmeticTest {

  private static final PriceCatalog CATALOG = PriceCatalog.bundled();
  private static final LocalDate DAY = LocalDate.of(2026, 8, 1);

  private static CostBreakdown cost(
      String model, long in, long out, long read, long write, Tier tier) {
    return CATALOG.cost(model, DAY, in, out, read, write, tier).orElseThrow();
  }

  @Test
  void millionsOfTokensAtThreeDollarsPerMillionAreExact() {
    CostBreakdown c = cost("claude-sonnet-4-6", 1_234_567, 0, 0, 0, Tier.STANDARD);
    assertEquals(new BigDecimal("3.703701"), c.inputUsd());
    assertEquals(new BigDecimal("3.703701"), c.totalUsd());
    assertEquals(BigDecimal.ZERO, c.outputUsd());
  }

  @Test
  void everyPartUsesItsOwnRateAndTheTotalIsTheirSum() {
    CostBreakdown c = cost("claude-sonnet-4-6", 1_000_000, 100_000, 200_000, 50_000, Tier.STANDARD);
    assertEquals(750_000, c.uncachedInputTokens());
    assertEquals(new BigDecimal("2.25"), c.inputUsd());
    assertEquals(new BigDecimal("1.5"), c.outputUsd());
    assertEquals(new BigDecimal("0.06"), c.cacheReadUsd());
    assertEquals(new BigDecimal("0.1875"), c.cacheWriteUsd());
    assertEquals(new BigDecimal("3.9975"), c.totalUsd());
    assertEquals("claude-sonnet-4-6", c.resolvedModel());
    assertEquals("litellm 2026-07-24", c.source());
    assertEquals(LocalDate.of(2026, 7, 24), c.effectiveDate());
    assertEquals(Tier.STANDARD, c.tier());
    assertFalse(c.hasWarnings(), c.warnings().toString());
  }

  @Test
  void cachePartsLargerThanTheInputFloorUncachedAtZeroWithAWarning() {
    CostBreakdown c = cost("claude-sonnet-4-6", 1_000, 0, 900, 200, Tier.STANDARD);
    assertEquals(0, c.uncachedInputTokens());
    assertEquals(BigDecimal.ZERO, c.inputUsd());
    assertEquals(new BigDecimal("0.00027"), c.cacheReadUsd());
    assertEquals(new BigDecimal("0.00075"), c.cacheWriteUsd());
    assertTrue(c.hasWarnings());
    assertTrue(c.warnings().get(0).contains("exceed input_tokens (1000)"), c.warnings().toString());
  }

  @Test
  void longContextRatesApplyToTheWholeRequestOnlyAbove200kInputTokens() {
    CostBreakdown at = cost("claude-sonnet-4-5", 200_000, 1_000, 0, 0, Tier.STANDARD);
    assertFalse(at.longContext());
    assertEquals(new BigDecimal("0.6"), at.inputUsd());
    assertEquals(new BigDecimal("0.015"), at.outputUsd());

    CostBreakdown above = cost("claude-sonnet-4-5", 200_001, 1_000, 100_000, 0, Tier.STANDARD);
    assertTrue(above.longContext());
    assertEquals(new BigDecimal("0.600006"), above.inputUsd()); // 100,001 x $6/M
    assertEquals(new BigDecimal("0.0225"), above.outputUsd()); // $22.5/M
    assertEquals(new BigDecimal("0.06"), above.cacheReadUsd()); // $0.6/M
  }

  @Test
  void cachedTokensCountTowardsTheLongContextThreshold() {
    assertTrue(cost("claude-sonnet-4-5", 250_000, 0, 240_000, 0, Tier.STANDARD).longContext());
  }

  @Test
  void modelsWithoutATierNeverPayLongContextRates() {
    CostBreakdown c = cost("claude-sonnet-4-6", 900_000, 0, 0, 0, Tier.STANDARD);
    assertFalse(c.longContext());
    assertEquals(new BigDecimal("2.7"), c.totalUsd());
  }

  @Test
  void batchAndPriorityTiersUseTheirOwnRates() {
    CostBreakdown batch = cost("gpt-4o", 1_000_000, 1_000_000, 0, 0, Tier.BATCH);
    assertEquals(Tier.BATCH, batch.tier());
    assertEquals(new BigDecimal("6.25"), batch.totalUsd());
    assertFalse(batch.hasWarnings());

    CostBreakdown priority = cost("gpt-4o", 1_000_000, 1_000_000, 1_000_000, 0, Tier.PRIORITY);
    assertEquals(Tier.PRIORITY, priority.tier());
    assertEquals(new BigDecimal("2.125"), priority.cacheReadUsd());
    assertEquals(BigDecimal.ZERO, priority.inputUsd());
    assertEquals(new BigDecimal("17"), priority.outputUsd());
  }

  @Test
  void batchCacheReadsFallBackToTheStandardCacheRate() {
    CostBreakdown batch = cost("gpt-4o", 1_000_000, 0, 1_000_000, 0, Tier.BATCH);
    assertEquals(new BigDecimal("1.25"), batch.cacheReadUsd());
  }

  @Test
  void aTierTheModelHasNoPriceForIsPricedAtStandardAndSaysSo() {
    CostBreakdown c = cost("claude-sonnet-4-6", 1_000_000, 0, 0, 0, Tier.PRIORITY);
    assertEquals(Tier.STANDARD, c.tier());
    assertEquals(new BigDecimal("3"), c.totalUsd());
    assertTrue(c.warnings().get(0).contains("no priority price"), c.warnings().toString());
  }

  @Test
  void cacheTokensOnAModelWithoutCachePricesPayTheInputRateWithAWarning() {
    ModelPrice fireworks = CATALOG.priceFor("fireworks-ai-up-to-4b", DAY).orElseThrow();
    assertEquals(null, fireworks.standard().cacheRead());
    CostBreakdown c = cost("fireworks-ai-up-to-4b", 1_000_000, 0, 500_000, 0, Tier.STANDARD);
    assertEquals(new BigDecimal("0.1"), c.cacheReadUsd());
    assertEquals(new BigDecimal("0.2"), c.totalUsd());
    assertTrue(c.warnings().get(0).contains("no cache read price"), c.warnings().toString());
  }

  @Test
  void negativeTokenCountsAreRejectedNamingTheField() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> CATALOG.cost("gpt-4o", DAY, 10, -1, 0, 0, Tier.STANDARD));
    assertTrue(e.getMessage().contains("output_tokens is -1"), e.getMessage());
  }

  @Test
  void tierWireNamesParseAndUnknownOnesSayWhatIsAllowed() {
    assertEquals(Tier.BATCH, Tier.fromWire("batch"));
    assertEquals(Tier.PRIORITY, Tier.fromWire(" Priority "));
    assertEquals(Tier.STANDARD, Tier.fromWire(null));
    assertEquals("standard", Tier.STANDARD.wireName());
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Tier.fromWire("flex"));
    assertEquals("tier 'flex' is unknown; use one of standard, batch, priority", e.getMessage());
  }
}

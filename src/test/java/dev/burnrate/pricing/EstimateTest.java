package dev.burnrate.pricing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;

class EstimateTest {

  private static final PriceCatalog CATALOG = PriceCatalog.bundled();
  private static final LocalDate DAY = LocalDate.of(2026, 8, 1);

  @Test
  void aKnownModelIsPricedAndTheMessageNamesTheKeyUsed() {
    Estimate e =
        CATALOG.estimate(new EstimateRequest("openai/gpt-4o", DAY, 1_000_000, 0, 0, 0, null));
    assertTrue(e.priced());
    assertEquals(new BigDecimal("2.5"), e.cost().totalUsd());
    assertEquals(Tier.STANDARD, e.cost().tier());
    assertTrue(e.closestNames().isEmpty());
    assertEquals(
        "USD 2.5 for openai/gpt-4o (priced as gpt-4o) at standard rates from litellm 2026-07-24",
        e.message());
  }

  @Test
  void anUnknownModelIsUnpricedNeverZeroAndSuggestsNearNames() {
    Estimate e =
        CATALOG.estimate(
            new EstimateRequest("claude-sonet-4-6", DAY, 1_000, 10, 0, 0, Tier.STANDARD));
    assertFalse(e.priced());
    assertNull(e.cost());
    assertEquals("claude-sonnet-4-6", e.closestNames().orElseThrow().get(0));
    assertTrue(
        e.message().startsWith("no price for model 'claude-sonet-4-6' in litellm 2026-07-24"),
        e.message());
    assertTrue(e.message().contains("did you mean claude-sonnet-4-6,"), e.message());
  }

  @Test
  void aRequestWithoutAModelSaysWhatToPass() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> new EstimateRequest(" ", DAY, 1, 1, 0, 0, Tier.STANDARD));
    assertTrue(e.getMessage().contains("pass a model id"), e.getMessage());
  }

  @Test
  void severalModelsArePricedForTheSameTokensCheapestFirstUnknownLast() {
    Estimate e =
        CATALOG.estimate(
            new EstimateRequest("gpt-4o", DAY, 1_000_000, 0, 0, 0, null),
            java.util.List.of("gpt-4o-mini", "no-such-model", "gpt-4o"),
            0);
    assertEquals(new BigDecimal("2.5"), e.totalUsd());
    java.util.List<Quote> q = e.compared().orElseThrow();
    assertEquals(
        java.util.List.of("gpt-4o-mini", "gpt-4o", "no-such-model"),
        q.stream().map(Quote::model).toList());
    assertEquals(new BigDecimal("0.15"), q.get(0).totalUsd().stripTrailingZeros());
    assertEquals(Quote.CATALOG, q.get(0).priceSource());
    assertFalse(q.get(2).priced());
    assertTrue(e.cheaper().isEmpty(), "cheaper models only when asked");
    assertTrue(
        e.message().endsWith("; cheapest of the 3 models: gpt-4o-mini at USD 0.15"), e.message());
  }

  @Test
  void cheaperModelsAreOfTheSameProviderCostLessAndComeNearestFirst() {
    EstimateRequest r = new EstimateRequest("claude-opus-4-6", DAY, 1_000_000, 100_000, 0, 0, null);
    Estimate e = CATALOG.estimate(r, java.util.List.of(), 5);
    java.util.List<Quote> down = e.cheaper().orElseThrow();
    assertFalse(down.isEmpty());
    assertTrue(down.size() <= 5);
    BigDecimal previous = e.totalUsd();
    for (Quote q : down) {
      assertEquals("anthropic", q.provider(), q.toString());
      assertTrue(q.totalUsd().compareTo(previous) <= 0, "nearest first: " + down);
      assertTrue(q.totalUsd().signum() > 0, q.toString());
      assertEquals(e.totalUsd().subtract(q.totalUsd()), q.savingUsd().orElseThrow());
      previous = q.totalUsd();
    }
  }

  @Test
  void anOverlayPriceIsACheaperModelMarkedAsTheOverlays() {
    PriceCatalog negotiated =
        CATALOG.withOverrides(
            java.util.List.of(
                new PriceOverride(
                    "claude-sonnet-4-6",
                    "anthropic",
                    LocalDate.of(2026, 1, 1),
                    new BigDecimal("0.10"),
                    new BigDecimal("0.10"),
                    null,
                    null,
                    null,
                    "config/pricing.yml:3:5")));
    Estimate e =
        negotiated.estimate(
            new EstimateRequest("claude-opus-4-6", DAY, 1_000_000, 100_000, 0, 0, null),
            java.util.List.of(),
            50);
    Quote sonnet =
        e.cheaper().orElseThrow().stream()
            .filter(q -> q.resolvedModel().equals("claude-sonnet-4-6"))
            .findFirst()
            .orElseThrow(() -> new AssertionError(e.cheaper().toString()));
    assertEquals(Quote.OVERLAY, sonnet.priceSource());
    assertEquals("config/pricing.yml:3:5", sonnet.source());
  }
}

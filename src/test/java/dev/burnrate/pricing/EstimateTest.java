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
}

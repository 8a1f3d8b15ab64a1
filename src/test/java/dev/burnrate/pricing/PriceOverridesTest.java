package dev.burnrate.pricing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PriceOverridesTest {

  private static final LocalDate JULY = LocalDate.of(2026, 7, 1);
  private static final LocalDate AUGUST = LocalDate.of(2026, 8, 1);
  private static final LocalDate SEPTEMBER = LocalDate.of(2026, 9, 1);

  private static PriceOverride override(
      String model, LocalDate from, String input, String output, String location) {
    return new PriceOverride(
        model,
        null,
        from,
        input == null ? null : new BigDecimal(input),
        output == null ? null : new BigDecimal(output),
        null,
        null,
        null,
        location);
  }

  private static final PriceCatalog NEGOTIATED =
      PriceCatalog.bundled()
          .withOverrides(
              List.of(
                  override("claude-sonnet-4-6", AUGUST, "2.4", null, "config/pricing.yml:3:5"),
                  override("claude-sonnet-4-6", SEPTEMBER, "2", "10", "config/pricing.yml:9:5"),
                  override("acme-coder-1", AUGUST, "1", "2", "config/pricing.yml:15:5")));

  @Test
  void beforeTheFirstOverrideTheCatalogPriceApplies() {
    CostBreakdown c =
        NEGOTIATED.cost("claude-sonnet-4-6", JULY, 1_000_000, 0, 0, 0, Tier.STANDARD).orElseThrow();
    assertEquals(new BigDecimal("3"), c.totalUsd());
    assertEquals("litellm 2026-07-24", c.source());
  }

  @Test
  void fromItsEffectiveDateAnOverrideReplacesTheRatesItNamesAndKeepsTheOthers() {
    CostBreakdown c =
        NEGOTIATED
            .cost("claude-sonnet-4-6", AUGUST, 1_000_000, 1_000_000, 1_000_000, 0, Tier.STANDARD)
            .orElseThrow();
    assertEquals(BigDecimal.ZERO, c.inputUsd());
    assertEquals(new BigDecimal("15"), c.outputUsd()); // not overridden: catalog's $15/M
    assertEquals(new BigDecimal("0.3"), c.cacheReadUsd());
    assertEquals("config/pricing.yml:3:5", c.source());
    assertEquals(AUGUST, c.effectiveDate());
    CostBreakdown input =
        NEGOTIATED
            .cost("claude-sonnet-4-6", AUGUST.plusDays(30), 1_000_000, 0, 0, 0, Tier.STANDARD)
            .orElseThrow();
    assertEquals(new BigDecimal("2.4"), input.totalUsd());
  }

  @Test
  void theLatestOverrideInForceOnTheDayWins() {
    CostBreakdown c =
        NEGOTIATED
            .cost("claude-sonnet-4-6", SEPTEMBER, 1_000_000, 1_000_000, 0, 0, Tier.STANDARD)
            .orElseThrow();
    assertEquals(new BigDecimal("12"), c.totalUsd());
    assertEquals("config/pricing.yml:9:5", c.source());
  }

  @Test
  void otherSpellingsOfTheOverriddenKeyGetTheOverride() {
    assertEquals(
        "config/pricing.yml:9:5",
        NEGOTIATED.priceFor("anthropic/claude-sonnet-4-6", SEPTEMBER).orElseThrow().source());
  }

  @Test
  void anOverrideCanAddAModelFromItsEffectiveDateOnly() {
    assertEquals(
        Optional.empty(), NEGOTIATED.cost("acme-coder-1", JULY, 1, 1, 0, 0, Tier.STANDARD));
    CostBreakdown c =
        NEGOTIATED
            .cost("acme-coder-1-20260801", AUGUST, 1_000_000, 1_000_000, 0, 0, Tier.STANDARD)
            .orElseThrow();
    assertEquals("acme-coder-1", c.resolvedModel());
    assertEquals(new BigDecimal("3"), c.totalUsd());
  }

  @Test
  void catalogTierRatesUsedBesideAnOverrideAreReported() {
    PriceCatalog cheaperGpt =
        PriceCatalog.bundled()
            .withOverrides(
                List.of(override("gpt-4o", AUGUST, "2", null, "config/pricing.yml:2:3")));
    CostBreakdown c =
        cheaperGpt.cost("gpt-4o", AUGUST, 1_000_000, 0, 0, 0, Tier.BATCH).orElseThrow();
    assertEquals(new BigDecimal("1.25"), c.totalUsd());
    assertTrue(
        c.warnings().get(0).contains("batch rates come from litellm 2026-07-24"),
        c.warnings().toString());
  }

  @Test
  void anUnknownModelOverrideWithoutInputAndOutputPricesIsRejectedWithItsLocation() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                PriceCatalog.bundled()
                    .withOverrides(
                        List.of(
                            override(
                                "acme-coder-2", AUGUST, "1", null, "config/pricing.yml:7:3"))));
    assertTrue(
        e.getMessage().startsWith("config/pricing.yml:7:3: acme-coder-2 is not in the catalog"),
        e.getMessage());
  }

  @Test
  void twoOverridesOfOneModelFromTheSameDayAreRejected() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                PriceCatalog.bundled()
                    .withOverrides(
                        List.of(
                            override("gpt-4o", AUGUST, "1", null, "a.yml:1:1"),
                            override("GPT-4o", AUGUST, "2", null, "a.yml:5:1"))));
    assertEquals(
        "a.yml:5:1: GPT-4o is already overridden from 2026-08-01 at a.yml:1:1; keep one of"
            + " them or change a date",
        e.getMessage());
  }

  @Test
  void overridesDoNotChangeTheBundledCatalog() {
    assertEquals(
        new BigDecimal("3"),
        PriceCatalog.bundled()
            .cost("claude-sonnet-4-6", SEPTEMBER, 1_000_000, 0, 0, 0, Tier.STANDARD)
            .orElseThrow()
            .totalUsd());
  }
}

package dev.burnrate.pricing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CatalogIntegrityTest {

  private static final PriceCatalog CATALOG = PriceCatalog.bundled();

  private static BigDecimal perMillion(String usd) {
    return new BigDecimal(usd).movePointLeft(6);
  }

  private static void assertRate(String expectedPerMillion, BigDecimal actualPerToken) {
    assertNotNull(actualPerToken, "rate missing");
    assertEquals(
        0,
        perMillion(expectedPerMillion).compareTo(actualPerToken),
        () -> "expected $" + expectedPerMillion + "/M, got " + actualPerToken + " per token");
  }

  @Test
  void entryCountIsSaneAndEqualsWhatTheGeneratorWroteInTheHeader() {
    CatalogFile file = CatalogFile.bundled();
    assertTrue(CATALOG.size() > 1500 && CATALOG.size() < 3000, "size " + CATALOG.size());
    assertEquals(file.declaredEntries, CATALOG.size());
  }

  @Test
  void bundledFileStaysSmallAndCarriesTheMitNotice() throws IOException {
    byte[] bytes;
    try (InputStream in = PriceCatalog.class.getResourceAsStream(CatalogFile.BUNDLED)) {
      bytes = in.readAllBytes();
    }
    assertTrue(bytes.length < 300_000, bytes.length + " bytes");
    String text = new String(bytes, StandardCharsets.UTF_8);
    assertTrue(text.contains("Copyright (c) 2023 Berri AI"));
    try (InputStream notice = PriceCatalog.class.getResourceAsStream("NOTICE")) {
      assertNotNull(notice, "NOTICE beside the catalog");
      String licence = new String(notice.readAllBytes(), StandardCharsets.UTF_8);
      assertTrue(licence.contains("Copyright (c) 2023 Berri AI"));
      assertTrue(licence.contains("MIT License"));
    }
  }

  @Test
  void sourceAndEffectiveDateAreTheSnapshots() {
    assertEquals("litellm 2026-07-24", CATALOG.source());
    assertEquals(LocalDate.of(2026, 7, 24), CATALOG.effectiveDate());
    ModelPrice any = CATALOG.entries().get(0);
    assertEquals("litellm 2026-07-24", any.source());
    assertEquals(LocalDate.of(2026, 7, 24), any.effectiveDate());
  }

  @Test
  void everyEntryIsPricedUniqueAndResolvesToItself() {
    Set<String> lowerNames = new HashSet<>();
    for (ModelPrice price : CATALOG.entries()) {
      assertTrue(lowerNames.add(price.model().toLowerCase(Locale.ROOT)), price.model());
      assertTrue(price.standard().priced(), price.model());
      assertNotNull(price.provider(), price.model());
      assertEquals(price.model(), CATALOG.resolve(price.model()).orElseThrow());
    }
  }

  @Test
  void claudeSonnet46CostsThreeAndFifteenDollarsPerMillionWithCachePrices() {
    ModelPrice sonnet =
        CATALOG.priceFor("claude-sonnet-4-6", LocalDate.of(2026, 8, 1)).orElseThrow();
    assertEquals("anthropic", sonnet.provider());
    assertRate("3", sonnet.standard().input());
    assertRate("15", sonnet.standard().output());
    assertRate("0.30", sonnet.standard().cacheRead());
    assertRate("3.75", sonnet.standard().cacheWrite());
    assertRate("6", sonnet.standard().cacheWrite1h());
    // The snapshot prices the 1M context of Sonnet 4.6 flat: no 200k tier.
    assertEquals(0, sonnet.longContextAbove());
  }

  @Test
  void claudeSonnet45HasTheLongContextTierAbove200kTokens() {
    ModelPrice sonnet =
        CATALOG.priceFor("claude-sonnet-4-5", LocalDate.of(2026, 8, 1)).orElseThrow();
    assertEquals(200_000, sonnet.longContextAbove());
    assertRate("6", sonnet.longContext().input());
    assertRate("22.5", sonnet.longContext().output());
    assertRate("0.6", sonnet.longContext().cacheRead());
    assertRate("7.5", sonnet.longContext().cacheWrite());
    assertRate("12", sonnet.longContext().cacheWrite1h());
  }

  @Test
  void gpt4oHasBatchAndPriorityPrices() {
    ModelPrice gpt = CATALOG.priceFor("gpt-4o", LocalDate.of(2026, 8, 1)).orElseThrow();
    assertRate("2.5", gpt.standard().input());
    assertRate("1.25", gpt.batch().input());
    assertRate("5", gpt.batch().output());
    assertRate("4.25", gpt.priority().input());
    assertRate("17", gpt.priority().output());
    assertRate("2.125", gpt.priority().cacheRead());
  }

  @Test
  void decimalTextOfTheSourceIsKeptDigitForDigit() {
    ModelPrice databricks =
        CATALOG
            .priceFor("databricks/databricks-claude-opus-4", LocalDate.of(2026, 8, 1))
            .orElseThrow();
    assertEquals(new BigDecimal("0.000015000020000000002"), databricks.standard().input());
  }

  @Test
  void nonChatEntriesAndEntriesWithoutTokenPricesAreLeftOut() {
    assertTrue(CATALOG.entries().stream().noneMatch(p -> p.model().equals("sample_spec")));
    assertFalse(CATALOG.resolve("text-embedding-3-small").isPresent(), "embedding model");
    assertFalse(
        CATALOG
            .resolve("github_copilot/claude-sonnet-4")
            .map(k -> k.startsWith("github_copilot"))
            .orElse(false),
        "github_copilot has no token prices");
  }
}

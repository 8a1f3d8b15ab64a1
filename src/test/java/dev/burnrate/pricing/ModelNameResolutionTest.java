package dev.burnrate.pricing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ModelNameResolutionTest {

  private static final PriceCatalog CATALOG = PriceCatalog.bundled();

  @ParameterizedTest(name = "{0} resolves to {1}")
  @CsvSource({
    "claude-sonnet-4-6, claude-sonnet-4-6",
    "CLAUDE-Sonnet-4-6, claude-sonnet-4-6",
    "' claude-sonnet-4-6 ', claude-sonnet-4-6",
    "anthropic.claude-sonnet-4-6, anthropic.claude-sonnet-4-6",
    "anthropic/claude-sonnet-4-6, claude-sonnet-4-6",
    "us.anthropic.claude-opus-4-7, us.anthropic.claude-opus-4-7",
    "bedrock/us.anthropic.claude-opus-4-7, us.anthropic.claude-opus-4-7",
    "bedrock/us-east-1/anthropic.claude-sonnet-4-6, anthropic.claude-sonnet-4-6",
    "apac.anthropic.claude-sonnet-4-6, anthropic.claude-sonnet-4-6",
    "us.anthropic.claude-sonnet-4-6-v1:0, us.anthropic.claude-sonnet-4-6",
    "anthropic.claude-sonnet-4-6-v1:0, anthropic.claude-sonnet-4-6",
    "openai/gpt-4o, gpt-4o",
    "claude-sonnet-4-5-20250929, claude-sonnet-4-5-20250929",
    "claude-sonnet-4-6-20260301, claude-sonnet-4-6",
    "gpt-4o-2024-08-06, gpt-4o-2024-08-06",
    "gpt-4o-2099-01-01, gpt-4o",
    "claude-sonnet-4.6, claude-sonnet-4-6",
    "claude-sonnet-4-6-thinking, claude-sonnet-4-6",
    "vertex_ai/claude-sonnet-4-6@default, vertex_ai/claude-sonnet-4-6@default",
    "vertex_ai/claude-sonnet-4-6@20260101, vertex_ai/claude-sonnet-4-6",
    "gemini/gemini-2.5-pro, gemini/gemini-2.5-pro",
    "models/gemini-2.5-pro, gemini-2.5-pro",
    "meta.llama3-3-70b-instruct-v1:0, meta.llama3-3-70b-instruct-v1:0",
    "llama-3.3-70b-versatile, groq/llama-3.3-70b-versatile",
    "mistral-large-2411, mistral/mistral-large-2411",
  })
  void usageSpellingsResolveToCatalogKeys(String asWritten, String key) {
    assertEquals(Optional.of(key), CATALOG.resolve(asWritten));
  }

  @ParameterizedTest(name = "{0} stays unknown")
  @ValueSource(
      strings = {
        "claude-opus-4-9", // a later version is not claude-opus-4's price
        "mistral-large-latest", // served by several hosts at different prices
        "totally-unknown-model",
        "",
      })
  void namesWithoutAnExactBasisStayUnknown(String asWritten) {
    assertEquals(Optional.empty(), CATALOG.resolve(asWritten));
    assertEquals(
        Optional.empty(),
        CATALOG.cost(asWritten, LocalDate.of(2026, 8, 1), 1000, 1000, 0, 0, Tier.STANDARD));
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(
      strings = {"us.anthropic.claude-sonnet-4-6", "bedrock/us.anthropic.claude-sonnet-4-6"})
  void regionalBedrockIdsKeepTheirRegionalPremium(String asWritten) {
    BigDecimal input =
        CATALOG.priceFor(asWritten, LocalDate.of(2026, 8, 1)).orElseThrow().standard().input();
    assertEquals(0, new BigDecimal("0.0000033").compareTo(input), input.toPlainString());
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"claude-sonet-4-6", "claude-sonnet-4-6x"})
  void typosAreSuggestedTheModelMeantFirst(String typo) {
    assertEquals("claude-sonnet-4-6", CATALOG.closestNames(typo, 3).get(0));
  }

  @org.junit.jupiter.api.Test
  void closestNamesAreDistinctModelsAndRespectTheLimit() {
    var names = CATALOG.closestNames("gpt-4o-minii", 4);
    assertEquals(4, names.size());
    assertEquals("gpt-4o-mini", names.get(0));
    assertEquals(names.size(), names.stream().distinct().count());
    assertTrue(CATALOG.closestNames("gpt-4o", 0).isEmpty());
  }
}

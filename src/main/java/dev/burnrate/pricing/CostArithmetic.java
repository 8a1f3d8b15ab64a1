package dev.burnrate.pricing;

import java.util.ArrayList;
import java.util.List;

/**
 * An estimate's breakdown: which tier and rates apply, what the caller should be warned about, and
 * the parts priced by {@link TokenPricing} (the one tokens x rates rule). Exact: each part is a
 * {@link java.math.BigDecimal} product of an integer token count and a decimal rate, the total
 * their sum; trailing zeros are dropped, nothing is rounded.
 */
final class CostArithmetic {

  private CostArithmetic() {}

  /**
   * @param catalogSource set when an override supplied the standard rates, so that a result that
   *     also used the catalog's tier rates can say where those came from
   */
  static CostBreakdown cost(
      String resolvedModel,
      ModelPrice price,
      String catalogSource,
      long inputTokens,
      long outputTokens,
      long cacheReadTokens,
      long cacheWriteTokens,
      Tier tier) {
    List<String> warnings = new ArrayList<>();
    Tier applied = tier;
    if (!price.has(tier)) {
      warnings.add(
          resolvedModel
              + " has no "
              + tier.wireName()
              + " price in "
              + price.source()
              + "; priced at standard rates");
      applied = Tier.STANDARD;
    }
    boolean longContext = price.isLongContext(inputTokens);
    if (catalogSource != null && (longContext || applied != Tier.STANDARD)) {
      warnings.add(
          (longContext ? "long-context " : "")
              + applied.wireName()
              + " rates come from "
              + catalogSource
              + "; the override at "
              + price.source()
              + " sets standard rates only");
    }
    Rates rates = price.ratesFor(applied, longContext);

    long cached;
    try {
      cached = Math.addExact(cacheReadTokens, cacheWriteTokens);
    } catch (ArithmeticException e) {
      throw new IllegalArgumentException("cache_read_tokens + cache_write_tokens overflow", e);
    }
    if (cached > inputTokens) {
      warnings.add(
          "cache_read_tokens + cache_write_tokens ("
              + cached
              + ") exceed input_tokens ("
              + inputTokens
              + "), which counts all input including cached tokens; uncached input taken"
              + " as 0");
    }
    if (rates.cacheRead() == null && cacheReadTokens > 0) {
      warnings.add(
          resolvedModel + " has no cache read price; cache reads priced at the input rate");
    }
    if (rates.cacheWrite() == null && cacheWriteTokens > 0) {
      warnings.add(
          resolvedModel + " has no cache write price; cache writes priced at the input rate");
    }
    CostParts parts =
        TokenPricing.parts(rates, inputTokens, outputTokens, cacheReadTokens, cacheWriteTokens);
    return new CostBreakdown(
        resolvedModel,
        price.provider(),
        applied,
        longContext,
        parts,
        price.source(),
        price.effectiveDate(),
        warnings);
  }
}

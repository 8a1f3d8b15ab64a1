package dev.burnrate.pricing;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/**
 * Tokens times rates. Exact: each part is a {@link BigDecimal} product of an integer token count
 * and a decimal rate, the total their sum; trailing zeros are dropped, nothing is rounded.
 */
final class CostArithmetic {

  private CostArithmetic() {}

  /**
   * @param catalogSource set when an override supplied the standard rates, so that a result that
   *     also used the catalog's tier rates can say where those came from
   */
  static CostBreakdown cost(
      String model,
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
      warnings.add(resolvedModel + " has no " + tier.wireName() + " price in " + price.source()
          + "; priced at standard rates");
      applied = Tier.STANDARD;
    }
    boolean longContext = price.isLongContext(inputTokens);
    if (catalogSource != null && (longContext || applied != Tier.STANDARD)) {
      warnings.add((longContext ? "long-context " : "") + applied.wireName() + " rates come from "
          + catalogSource + "; the override at " + price.source() + " sets standard rates only");
    }
    Rates rates = price.ratesFor(applied, longContext);

    long cached;
    try {
      cached = Math.addExact(cacheReadTokens, cacheWriteTokens);
    } catch (ArithmeticException e) {
      throw new IllegalArgumentException("cache_read_tokens + cache_write_tokens overflow", e);
    }
    long uncached = inputTokens - cached;
    if (uncached < 0) {
      warnings.add("cache_read_tokens + cache_write_tokens (" + cached + ") exceed input_tokens ("
          + inputTokens + "), which counts all input including cached tokens; uncached input taken"
          + " as 0");
      uncached = 0;
    }
    BigDecimal cacheReadRate = rates.cacheRead();
    if (cacheReadRate == null) {
      cacheReadRate = rates.input();
      if (cacheReadTokens > 0) {
        warnings.add(resolvedModel + " has no cache read price; cache reads priced at the input rate");
      }
    }
    BigDecimal cacheWriteRate = rates.cacheWrite();
    if (cacheWriteRate == null) {
      cacheWriteRate = rates.input();
      if (cacheWriteTokens > 0) {
        warnings.add(resolvedModel + " has no cache write price; cache writes priced at the input rate");
      }
    }
    BigDecimal input = times(rates.input(), uncached);
    BigDecimal output = times(rates.output(), outputTokens);
    BigDecimal cacheRead = times(cacheReadRate, cacheReadTokens);
    BigDecimal cacheWrite = times(cacheWriteRate, cacheWriteTokens);
    BigDecimal total = plain(input.add(output).add(cacheRead).add(cacheWrite));
    return new CostBreakdown(model, resolvedModel, price.provider(), applied, longContext, uncached,
        input, output, cacheRead, cacheWrite, total, price.source(), price.effectiveDate(), warnings);
  }

  private static BigDecimal times(BigDecimal rate, long tokens) {
    return plain(rate.multiply(BigDecimal.valueOf(tokens)));
  }

  private static BigDecimal plain(BigDecimal amount) {
    BigDecimal stripped = amount.stripTrailingZeros();
    return stripped.scale() < 0 ? stripped.setScale(0) : stripped;
  }
}

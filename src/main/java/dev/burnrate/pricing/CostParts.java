package dev.burnrate.pricing;

import java.math.BigDecimal;
import java.util.Objects;

/**
 * The four parts of a request's cost, exact USD without trailing zeros ({@code 2.1}, {@code 15},
 * {@code 0}), as {@link TokenPricing} priced them.
 *
 * @param uncachedInputTokens input tokens billed at the plain input rate
 */
public record CostParts(
    long uncachedInputTokens,
    BigDecimal inputUsd,
    BigDecimal outputUsd,
    BigDecimal cacheReadUsd,
    BigDecimal cacheWriteUsd) {

  public CostParts {
    Objects.requireNonNull(inputUsd, "inputUsd");
    Objects.requireNonNull(outputUsd, "outputUsd");
    Objects.requireNonNull(cacheReadUsd, "cacheReadUsd");
    Objects.requireNonNull(cacheWriteUsd, "cacheWriteUsd");
  }

  /** The sum of the parts, exact, without trailing zeros. */
  public BigDecimal totalUsd() {
    return TokenPricing.plain(inputUsd.add(outputUsd).add(cacheReadUsd).add(cacheWriteUsd));
  }
}

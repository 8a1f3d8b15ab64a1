package dev.burnrate.pricing;

import java.math.BigDecimal;
import java.util.Objects;
import java.util.Optional;

/**
 * What one model charges for an {@link EstimateRequest}'s tokens: a row of an {@link Estimate}'s
 * comparison or of its cheaper models.
 *
 * @param model the name as asked, or the catalog key of a suggested model
 * @param resolvedModel the key the prices come from; null when unpriced
 * @param totalUsd exact; null when unpriced
 * @param priceSource {@code catalog} (the bundled prices), {@code overlay} (the operator's
 *     config/pricing.yml) or {@code aws} (the AWS list prices of {@code refresh-prices --aws});
 *     null when unpriced
 * @param source the catalog and its date, or the overlay entry's {@code file:line:col}
 * @param savingUsd on a cheaper model, how much less than the estimate's model it costs
 */
public record Quote(
    String model,
    boolean priced,
    String resolvedModel,
    BigDecimal totalUsd,
    String provider,
    String priceSource,
    String source,
    Optional<BigDecimal> savingUsd) {

  /** Where a price comes from: the bundled catalog. */
  public static final String CATALOG = "catalog";

  /** Where a price comes from: the operator's overlay. */
  public static final String OVERLAY = "overlay";

  /** Where a price comes from: the AWS list prices. */
  public static final String AWS = "aws";

  public Quote {
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(savingUsd, "savingUsd");
    if (priced != (totalUsd != null)) {
      throw new IllegalArgumentException("a priced quote has a total, an unpriced one none");
    }
  }

  static Quote unpriced(String model) {
    return new Quote(model, false, null, null, null, null, null, Optional.empty());
  }

  /** A priced quote; {@code override} is the price laid over the catalog's, or null. */
  static Quote of(String model, CostBreakdown c, PriceOverride override) {
    return new Quote(
        model,
        true,
        c.resolvedModel(),
        c.totalUsd(),
        c.provider(),
        override == null ? CATALOG : override.fromAws() ? AWS : OVERLAY,
        c.source(),
        Optional.empty());
  }

  Quote saving(BigDecimal usd) {
    return new Quote(
        model, priced, resolvedModel, totalUsd, provider, priceSource, source, Optional.of(usd));
  }
}

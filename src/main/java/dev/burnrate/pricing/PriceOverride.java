package dev.burnrate.pricing;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Objects;

/**
 * One operator price from {@code config/pricing.yml} (negotiated or regional rates), in USD per
 * million tokens, in force from {@code effectiveFrom} (inclusive). Null rates fall back to the
 * bundled catalog's.
 *
 * @param location {@code file:line:col} of the entry, for messages
 */
public record PriceOverride(
    String model,
    String provider,
    LocalDate effectiveFrom,
    BigDecimal inputPerMtok,
    BigDecimal outputPerMtok,
    BigDecimal cacheReadPerMtok,
    BigDecimal cacheWritePerMtok,
    BigDecimal cacheWrite1hPerMtok,
    String location) {

  /** How the location of a price from the AWS overlay ({@code refresh-prices --aws}) begins. */
  public static final String AWS_PRICING = "aws-pricing ";

  public PriceOverride {
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(effectiveFrom, "effectiveFrom");
  }

  /** Whether this is an AWS list price rather than one the operator set in pricing.yml. */
  public boolean fromAws() {
    return location != null && location.startsWith(AWS_PRICING);
  }
}

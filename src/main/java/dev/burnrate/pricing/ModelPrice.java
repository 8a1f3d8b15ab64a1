package dev.burnrate.pricing;

import java.time.LocalDate;
import java.util.Objects;

/**
 * The prices of one model id, USD per token.
 *
 * <p>Tiers fall back field by field: a batch request pays the batch rate where the source has one
 * and the standard (or long-context) rate elsewhere, e.g. for cache reads, which LiteLLM does not
 * price per tier. Priority in a long context prefers the long-context priority rate, then the
 * priority rate, then the long-context rate.
 *
 * @param model the catalog key, exactly as the source spells it
 * @param provider LiteLLM's {@code litellm_provider}, or the override's provider
 * @param source {@code "litellm 2026-07-24"} for the bundled catalog, or an override's location
 * @param longContextAbove input-token count above which {@code longContext} rates apply to the
 *     whole request; 0 when the model has no long-context tier
 */
public record ModelPrice(
    String model,
    String provider,
    String source,
    LocalDate effectiveDate,
    Rates standard,
    long longContextAbove,
    Rates longContext,
    Rates batch,
    Rates priority,
    Rates priorityLongContext) {

  public ModelPrice {
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(effectiveDate, "effectiveDate");
    Objects.requireNonNull(standard, "standard");
    longContext = Objects.requireNonNullElse(longContext, Rates.NONE);
    batch = Objects.requireNonNullElse(batch, Rates.NONE);
    priority = Objects.requireNonNullElse(priority, Rates.NONE);
    priorityLongContext = Objects.requireNonNullElse(priorityLongContext, Rates.NONE);
    if (!standard.priced()) {
      throw new IllegalArgumentException(model + " needs both an input and an output price");
    }
    if (longContextAbove < 0) {
      throw new IllegalArgumentException(
          model + ": long-context threshold " + longContextAbove + " is negative");
    }
  }

  /** Whether the source prices this tier (input and output); standard always is. */
  public boolean has(Tier tier) {
    return switch (tier) {
      case STANDARD -> true;
      case BATCH -> batch.priced();
      case PRIORITY -> priority.priced() || priorityLongContext.priced();
    };
  }

  /**
   * Whether a request with this many input tokens (cached ones included) pays long-context rates.
   */
  public boolean isLongContext(long inputTokens) {
    return TokenPricing.longContext(longContextAbove, inputTokens) && longContext.input() != null;
  }

  /** The rates a request pays, with the fallbacks described on this record. */
  public Rates ratesFor(Tier tier, boolean longContextRequest) {
    Rates base = longContextRequest ? longContext.orElse(standard) : standard;
    return switch (tier) {
      case STANDARD -> base;
      case BATCH -> batch.orElse(base);
      case PRIORITY ->
          longContextRequest
              ? priorityLongContext.orElse(priority).orElse(base)
              : priority.orElse(base);
    };
  }
}

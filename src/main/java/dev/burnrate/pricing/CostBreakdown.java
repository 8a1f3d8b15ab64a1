package dev.burnrate.pricing;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.Objects;

/**
 * What one request cost, in exact USD (unrounded; round once, where it is shown).
 *
 * @param model the name as asked for
 * @param resolvedModel the catalog or override key the name resolved to
 * @param tier the tier the prices come from: the requested one, or {@link Tier#STANDARD} when the
 *     model has no price for it (then {@code warnings} says so)
 * @param longContext whether the whole request paid long-context rates
 * @param uncachedInputTokens input tokens billed at the plain input rate
 * @param source where the prices come from: {@code "litellm 2026-07-24"} or an override's location
 * @param effectiveDate the date from which those prices apply
 * @param warnings anything the caller should know about how the number was reached; empty when
 *     the request was priced exactly as asked
 */
public record CostBreakdown(
    String model,
    String resolvedModel,
    String provider,
    Tier tier,
    boolean longContext,
    long uncachedInputTokens,
    BigDecimal inputUsd,
    BigDecimal outputUsd,
    BigDecimal cacheReadUsd,
    BigDecimal cacheWriteUsd,
    BigDecimal totalUsd,
    String source,
    LocalDate effectiveDate,
    List<String> warnings) {

  public CostBreakdown {
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(resolvedModel, "resolvedModel");
    Objects.requireNonNull(tier, "tier");
    Objects.requireNonNull(inputUsd, "inputUsd");
    Objects.requireNonNull(outputUsd, "outputUsd");
    Objects.requireNonNull(cacheReadUsd, "cacheReadUsd");
    Objects.requireNonNull(cacheWriteUsd, "cacheWriteUsd");
    Objects.requireNonNull(totalUsd, "totalUsd");
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(effectiveDate, "effectiveDate");
    warnings = List.copyOf(warnings);
    if (totalUsd.compareTo(inputUsd.add(outputUsd).add(cacheReadUsd).add(cacheWriteUsd)) != 0) {
      throw new IllegalArgumentException("totalUsd " + totalUsd + " is not the sum of its parts");
    }
  }

  public boolean hasWarnings() {
    return !warnings.isEmpty();
  }
}

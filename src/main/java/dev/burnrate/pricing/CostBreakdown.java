package dev.burnrate.pricing;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.Objects;

/**
 * What one request cost, in exact USD (unrounded; round once, where it is shown). Its components
 * are, in order, the priced part of an {@link Estimate}'s answer.
 *
 * @param resolvedModel the catalog or override key the name resolved to
 * @param tier the tier the prices come from: the requested one, or {@link Tier#STANDARD} when the
 *     model has no price for it (then {@code warnings} says so)
 * @param longContext whether the whole request paid long-context rates
 * @param source where the prices come from: {@code "litellm 2026-07-24"} or an override's location
 * @param effectiveDate the date from which those prices apply
 * @param warnings anything the caller should know about how the number was reached; empty when the
 *     request was priced exactly as asked
 */
public record CostBreakdown(
    String resolvedModel,
    String provider,
    Tier tier,
    boolean longContext,
    CostParts parts,
    String source,
    LocalDate effectiveDate,
    List<String> warnings) {

  public CostBreakdown {
    Objects.requireNonNull(resolvedModel, "resolvedModel");
    Objects.requireNonNull(tier, "tier");
    Objects.requireNonNull(parts, "parts");
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(effectiveDate, "effectiveDate");
    warnings = List.copyOf(warnings);
  }

  public BigDecimal totalUsd() {
    return parts.totalUsd();
  }

  /** Input tokens billed at the plain input rate. */
  public long uncachedInputTokens() {
    return parts.uncachedInputTokens();
  }

  public BigDecimal inputUsd() {
    return parts.inputUsd();
  }

  public BigDecimal outputUsd() {
    return parts.outputUsd();
  }

  public BigDecimal cacheReadUsd() {
    return parts.cacheReadUsd();
  }

  public BigDecimal cacheWriteUsd() {
    return parts.cacheWriteUsd();
  }

  public boolean hasWarnings() {
    return !warnings.isEmpty();
  }
}

package dev.burnrate.pricing;

import java.time.LocalDate;
import java.util.Objects;

/**
 * A question for {@link PriceCatalog#estimate}: what would these tokens cost on this model?
 *
 * @param date the day whose prices apply (overrides take effect by date)
 * @param inputTokens all input tokens, cached ones included (the OpenTelemetry GenAI convention)
 * @param cacheReadTokens the part of the input read from the prompt cache
 * @param cacheWriteTokens the part of the input written to the prompt cache
 * @param tier null means {@link Tier#STANDARD}
 */
public record EstimateRequest(
    String model,
    LocalDate date,
    long inputTokens,
    long outputTokens,
    long cacheReadTokens,
    long cacheWriteTokens,
    Tier tier) {

  public EstimateRequest {
    if (model == null || model.isBlank()) {
      throw new IllegalArgumentException(
          "model is missing; pass a model id such as claude-sonnet-4-6");
    }
    Objects.requireNonNull(date, "date");
    requireTokens("input_tokens", inputTokens);
    requireTokens("output_tokens", outputTokens);
    requireTokens("cache_read_tokens", cacheReadTokens);
    requireTokens("cache_write_tokens", cacheWriteTokens);
    tier = Objects.requireNonNullElse(tier, Tier.STANDARD);
  }

  static void requireTokens(String name, long tokens) {
    if (tokens < 0) {
      throw new IllegalArgumentException(
          name + " is " + tokens + "; token counts cannot be negative");
    }
  }
}

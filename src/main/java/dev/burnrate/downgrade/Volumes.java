package dev.burnrate.downgrade;

import java.math.BigDecimal;

/**
 * An agent's token volumes on a model over the window, and what they cost scaled to 30 days on each
 * side of a recommendation (to the cent, at catalog standard rates).
 *
 * @param inputTokens all input, cached tokens included
 */
public record Volumes(
    long inputTokens,
    long outputTokens,
    long cacheReadTokens,
    long cacheWriteTokens,
    BigDecimal monthlyUsdAtFrom,
    BigDecimal monthlyUsdAtTo) {}

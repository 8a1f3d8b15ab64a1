package dev.burnrate.downgrade;

import java.math.BigDecimal;

/**
 * An agent whose mean output tokens per model call exceed {@link Advisor#REVIEW_RATIO} times the
 * fleet's, whatever the rules say.
 *
 * @param avgTokenOutput 1 decimal
 * @param fleetAvgTokenOutput 1 decimal
 * @param ratio the agent's mean over the fleet's, 2 decimals
 */
public record ReviewCandidate(
    String agent,
    BigDecimal avgTokenOutput,
    BigDecimal fleetAvgTokenOutput,
    BigDecimal ratio,
    long llmCalls,
    String reason) {}

package dev.burnrate.reserve;

import java.math.BigDecimal;

/**
 * One scope as an agent reads it: the hard limit, what is settled, what is reserved, the headroom
 * left ({@code limit - settled - reserved}; negative when actual spend overran it) and when it
 * resets (null for a run). Dollars are exact.
 */
public record ScopeState(
    String scope,
    String name,
    BigDecimal limitUsd,
    BigDecimal settledUsd,
    BigDecimal reservedUsd,
    BigDecimal remainingUsd,
    String resetsAt) {}

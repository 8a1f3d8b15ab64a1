package dev.burnrate.control;

import java.math.BigDecimal;
import java.util.Optional;

/**
 * Dollars of a range from one source: {@code usage} (recorded events, with their calls and how many
 * had no dollar value) or {@code cloud} (the cached AWS bill).
 */
public record SourceSpend(
    String source, Optional<Long> count, BigDecimal costUsd, Optional<Long> unpricedCalls) {

  /** The value {@code group_by} takes for this breakdown. */
  public static final String GROUP = "source";
}

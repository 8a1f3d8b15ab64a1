package dev.burnrate.downgrade;

import java.math.BigDecimal;
import java.util.Objects;

/**
 * Move {@code agent} from model {@code from} to {@code to}, because {@code rule} holds.
 *
 * @param estimatedMonthlySavingsUsd to the cent
 * @param draftPath where the draft for a human lives, relative to the data directory
 * @param volumes the figures behind the savings, for the draft; not part of the tool's answer
 */
public record Recommendation(
    String agent,
    String from,
    String to,
    String rule,
    Evidence evidence,
    BigDecimal estimatedMonthlySavingsUsd,
    String draftPath,
    Volumes volumes) {

  public Recommendation {
    Objects.requireNonNull(agent, "agent");
    Objects.requireNonNull(evidence, "evidence");
    Objects.requireNonNull(estimatedMonthlySavingsUsd, "estimatedMonthlySavingsUsd");
    Objects.requireNonNull(volumes, "volumes");
  }
}

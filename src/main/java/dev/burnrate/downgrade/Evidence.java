package dev.burnrate.downgrade;

import java.math.BigDecimal;
import java.util.List;

/**
 * Why a rule holds for an agent, over the window, on the rule's {@code from} model.
 *
 * @param modelsSeen the names the agent called that model by (with routing prefixes, regions)
 * @param avgComplexityScore 3 decimals; null when no call carried a score
 * @param avgTokenOutput 1 decimal; null when no call reported output tokens
 * @param toolVariety {@code "agent's tools/fleet's tools"}
 * @param costUsd the agent's spend on the model, to the cent
 * @param reason the rule's own account of why it holds
 */
public record Evidence(
    Window window,
    List<String> modelsSeen,
    BigDecimal avgComplexityScore,
    BigDecimal avgTokenOutput,
    long calls,
    String toolVariety,
    BigDecimal costUsd,
    String reason) {

  public Evidence {
    modelsSeen = List.copyOf(modelsSeen);
  }
}

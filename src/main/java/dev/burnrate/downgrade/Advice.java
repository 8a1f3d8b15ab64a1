package dev.burnrate.downgrade;

import java.util.List;
import java.util.Objects;

/**
 * The answer of the {@code recommend_downgrade} tool and {@code burnrate recommend}.
 *
 * @param rulesEnabled whether budget.yaml turns the downgrade rules on
 * @param recommendations highest monthly savings first
 * @param reviewCandidates agents whose output is long enough to review, whatever the rules say
 * @param skipped rules that could not be applied, with the reason
 */
public record Advice(
    Window window,
    boolean rulesEnabled,
    List<Recommendation> recommendations,
    List<ReviewCandidate> reviewCandidates,
    List<Skipped> skipped) {

  public Advice {
    Objects.requireNonNull(window, "window");
    recommendations = List.copyOf(recommendations);
    reviewCandidates = List.copyOf(reviewCandidates);
    skipped = List.copyOf(skipped);
  }
}

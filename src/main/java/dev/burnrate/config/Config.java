package dev.burnrate.config;

import dev.burnrate.cost.CostWeights;
import dev.burnrate.policy.Budget;
import dev.burnrate.pricing.PriceOverride;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * Everything read from a {@code --config} directory, validated. Files that were absent are
 * represented by their built-in defaults.
 */
public record Config(
    CostWeights costWeights,
    Budget budget,
    Rbac rbac,
    Limits limits,
    List<PriceOverride> priceOverrides,
    Path dir,
    StoreConfig store) {

  public Config {
    Objects.requireNonNull(costWeights, "costWeights");
    Objects.requireNonNull(budget, "budget");
    Objects.requireNonNull(rbac, "rbac");
    Objects.requireNonNull(limits, "limits");
    Objects.requireNonNull(dir, "dir");
    priceOverrides = List.copyOf(priceOverrides);
    Objects.requireNonNull(store, "store");
  }

  /** A configuration whose event log is the embedded JSONL directory. */
  public Config(
      CostWeights costWeights,
      Budget budget,
      Rbac rbac,
      Limits limits,
      List<PriceOverride> priceOverrides,
      Path dir) {
    this(costWeights, budget, rbac, limits, priceOverrides, dir, StoreConfig.JSONL);
  }
}

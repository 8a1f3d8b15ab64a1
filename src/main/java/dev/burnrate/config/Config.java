package dev.burnrate.config;

import dev.burnrate.usage.CostWeights;
import dev.burnrate.budget.Budget;
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
    dev.burnrate.reserve.ReservePolicy reservations,
    StoreConfig store) {

  public Config {
    Objects.requireNonNull(costWeights, "costWeights");
    Objects.requireNonNull(budget, "budget");
    Objects.requireNonNull(rbac, "rbac");
    Objects.requireNonNull(limits, "limits");
    Objects.requireNonNull(dir, "dir");
    Objects.requireNonNull(reservations, "reservations");
    priceOverrides = List.copyOf(priceOverrides);
    Objects.requireNonNull(store, "store");
  }

  /** A configuration whose event log is the embedded JSONL directory, without reservation settings. */
  public Config(
      CostWeights costWeights,
      Budget budget,
      Rbac rbac,
      Limits limits,
      List<PriceOverride> priceOverrides,
      Path dir) {
    this(costWeights, budget, rbac, limits, priceOverrides, dir,
        dev.burnrate.reserve.ReservePolicy.DEFAULT, StoreConfig.JSONL);
  }
}

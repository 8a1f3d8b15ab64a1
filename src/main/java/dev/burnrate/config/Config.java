package dev.burnrate.config;

import dev.burnrate.budget.Budget;
import dev.burnrate.cloud.CostExplorerSettings;
import dev.burnrate.pricing.PriceOverride;
import dev.burnrate.pricing.ToolRate;
import dev.burnrate.usage.CostWeights;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything read from a {@code --config} directory, validated. Files that were absent are
 * represented by their built-in defaults. {@code costExplorer} is the {@code aws_cost_explorer}
 * section of {@code budget.yaml}, present only when the file has one; {@code toolRates} are the
 * dollar rates of {@code pricing.yml}'s {@code tools}.
 */
public record Config(
    CostWeights costWeights,
    Budget budget,
    Rbac rbac,
    Limits limits,
    List<PriceOverride> priceOverrides,
    Path dir,
    dev.burnrate.reserve.ReservePolicy reservations,
    StoreConfig store,
    Optional<CostExplorerSettings> costExplorer,
    List<ToolRate> toolRates) {

  public Config {
    toolRates = List.copyOf(toolRates);
    Objects.requireNonNull(costWeights, "costWeights");
    Objects.requireNonNull(budget, "budget");
    Objects.requireNonNull(rbac, "rbac");
    Objects.requireNonNull(limits, "limits");
    Objects.requireNonNull(dir, "dir");
    Objects.requireNonNull(reservations, "reservations");
    Objects.requireNonNull(costExplorer, "costExplorer");
    priceOverrides = List.copyOf(priceOverrides);
    Objects.requireNonNull(store, "store");
  }

  /**
   * A configuration whose event log is the embedded JSONL directory, without reservation settings.
   */
  public Config(
      CostWeights costWeights,
      Budget budget,
      Rbac rbac,
      Limits limits,
      List<PriceOverride> priceOverrides,
      Path dir) {
    this(
        costWeights,
        budget,
        rbac,
        limits,
        priceOverrides,
        dir,
        dev.burnrate.reserve.ReservePolicy.DEFAULT,
        StoreConfig.JSONL,
        Optional.empty(),
        List.of());
  }
}

package dev.burnrate.cloud;

import dev.burnrate.budget.Budget;
import dev.burnrate.budget.CostSource;
import dev.burnrate.store.CloudCostCache;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The cached cloud bill as budget answers read it: the cache {@code sync-costs} writes (a file of
 * one data directory, or the shared database's tables), parsed again only when its version changed,
 * so a budget answer merges cached rows without re-reading or re-fetching them. Safe for concurrent
 * callers.
 */
public final class CloudCostsFile {
  private final Supplier<? extends CloudCostCache> cache;
  private final List<String> usagePricedServices;
  private Object stamp;
  private CloudCosts costs;

  private CloudCostsFile(
      Supplier<? extends CloudCostCache> cache, List<String> usagePricedServices) {
    this.cache = cache;
    this.usagePricedServices = List.copyOf(usagePricedServices);
  }

  /**
   * The bill budget answers count over {@code data}, when the budget names {@code
   * aws_cost_explorer} among its {@code cost_sources}; without an {@code aws_cost_explorer} section
   * the default counting-once services apply.
   */
  public static Optional<CloudCostsFile> forBudget(
      Budget budget, Optional<CostExplorerSettings> settings, Path data) {
    CloudCostCache files = CloudCostCache.in(data);
    return forBudget(budget, settings, () -> files);
  }

  /** As {@link #forBudget(Budget, Optional, Path)}, over {@code cache} (asked for on first use). */
  public static Optional<CloudCostsFile> forBudget(
      Budget budget,
      Optional<CostExplorerSettings> settings,
      Supplier<? extends CloudCostCache> cache) {
    if (!budget.costSources().contains(CostSource.AWS_COST_EXPLORER)) {
      return Optional.empty();
    }
    return Optional.of(
        new CloudCostsFile(
            cache,
            settings
                .map(CostExplorerSettings::usagePricedServices)
                .orElse(CostExplorerSettings.DEFAULT_USAGE_PRICED)));
  }

  /** The bill as cached now; empty when nothing was synced. */
  public synchronized CloudCosts current() throws IOException {
    CloudCostCache c = cache.get();
    Object now = c.version();
    if (costs == null || !now.equals(stamp)) {
      costs = CloudCosts.of(c.read(), usagePricedServices);
      stamp = now;
    }
    return costs;
  }
}

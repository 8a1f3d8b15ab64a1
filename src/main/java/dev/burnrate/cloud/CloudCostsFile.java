package dev.burnrate.cloud;

import dev.burnrate.budget.Budget;
import dev.burnrate.budget.CostSource;
import dev.burnrate.store.CloudCostCache;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;
import java.util.Optional;

/**
 * The cloud bill of one data directory as budget answers read it: the cache {@code sync-costs}
 * writes, parsed again only when the file changed (its size or modification time), so a budget
 * answer merges cached rows without re-reading or re-fetching them. Safe for concurrent callers.
 */
public final class CloudCostsFile {
  private final CloudCostCache cache;
  private final List<String> usagePricedServices;
  private final Path file;
  private Object stamp;
  private CloudCosts costs;

  private CloudCostsFile(Path data, List<String> usagePricedServices) {
    this.cache = CloudCostCache.in(data);
    this.usagePricedServices = List.copyOf(usagePricedServices);
    this.file = cache.file();
  }

  /**
   * The bill budget answers count over {@code data}, when the budget names {@code
   * aws_cost_explorer} among its {@code cost_sources}; without an {@code aws_cost_explorer} section
   * the default counting-once services apply.
   */
  public static Optional<CloudCostsFile> forBudget(
      Budget budget, Optional<CostExplorerSettings> settings, Path data) {
    if (!budget.costSources().contains(CostSource.AWS_COST_EXPLORER)) {
      return Optional.empty();
    }
    return Optional.of(
        new CloudCostsFile(
            data,
            settings
                .map(CostExplorerSettings::usagePricedServices)
                .orElse(CostExplorerSettings.DEFAULT_USAGE_PRICED)));
  }

  /** The bill as cached now; empty when nothing was synced. */
  public synchronized CloudCosts current() throws IOException {
    Object now;
    try {
      BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
      now = a.size() + "@" + a.lastModifiedTime().toMillis() + "#" + a.fileKey();
    } catch (NoSuchFileException e) {
      now = "absent";
    }
    if (costs == null || !now.equals(stamp)) {
      costs = CloudCosts.of(cache.read(), usagePricedServices);
      stamp = now;
    }
    return costs;
  }
}

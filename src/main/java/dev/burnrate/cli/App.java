package dev.burnrate.cli;

import dev.burnrate.config.Config;
import dev.burnrate.config.ConfigException;
import dev.burnrate.config.ConfigLoader;
import dev.burnrate.engine.CostEngine;
import dev.burnrate.engine.EventIndex;
import dev.burnrate.store.EventLog;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;

/** The assembled application: config, event log (the store store.yml chooses), index and engine. */
final class App implements AutoCloseable {
  final Config config;
  final EventLog log;
  final CostEngine engine;
  final Instant now;
  final Path data;
  final CatalogPricer pricer;

  private App(Config config, EventLog log, Instant now, Path data, CatalogPricer pricer) {
    this.config = config;
    this.log = log;
    this.engine = new CostEngine(log.index());
    this.now = now;
    this.data = data;
    this.pricer = pricer;
  }

  /** The config in {@code dir}; when null, wherever {@link ConfigLookup} finds it. */
  static Config loadConfig(Path dir) throws ConfigException {
    if (dir == null) {
      return ConfigLoader.load(ConfigLookup.find());
    }
    if (!Files.isDirectory(dir)) {
      throw new UsageException(
          "--config "
              + dir
              + " is not a directory; point it at a config"
              + " directory such as the repository's config/");
    }
    return ConfigLoader.load(dir);
  }

  static App open(CommonOptions o) throws ConfigException, IOException {
    Config config = loadConfig(o.config);
    Instant now = o.now();
    CatalogPricer pricer = pricer(config, o.data);
    EventIndex index = new EventIndex(config.costWeights(), pricer);
    EventLog log = Stores.open(config, o, index);
    return new App(config, log, now, o.data, pricer);
  }

  /** As {@link #open}, for appending only: a PostgreSQL store is not read into the index first. */
  static App openForWrites(CommonOptions o) throws ConfigException, IOException {
    Config config = loadConfig(o.config);
    CatalogPricer pricer = pricer(config, o.data);
    EventLog log = Stores.openForWrites(config, o, new EventIndex(config.costWeights(), pricer));
    return new App(config, log, o.now(), o.data, pricer);
  }

  /**
   * Prices for events and estimates: the operator's overrides, then the newest AWS list prices
   * {@code refresh-prices --aws} wrote under {@code data} (an unreadable overlay is skipped with a
   * warning), then the bundled catalog; plus the operator's tool rates.
   */
  static CatalogPricer pricer(Config config, java.nio.file.Path data) {
    dev.burnrate.cloud.AwsPriceOverlay.Prices aws = dev.burnrate.cloud.AwsPriceOverlay.Prices.NONE;
    try {
      aws =
          dev.burnrate.cloud.AwsPriceOverlay.read(
              data,
              config.priceOverrides().stream()
                  .map(dev.burnrate.pricing.PriceOverride::model)
                  .collect(java.util.stream.Collectors.toSet()));
    } catch (IOException e) {
      System.err.println("burnrate: AWS prices not used: " + e.getMessage());
    }
    return new CatalogPricer(config.priceOverrides(), aws, config.toolRates());
  }

  /**
   * Budgets, the gate and alerts over this data directory, counting the open spend reservations of
   * its ledger when it has one (as check_budget and preflight_deploy do).
   */
  dev.burnrate.control.Governance governance() {
    return dev.burnrate.control.Governance.wired(config, data, this::spendGate, () -> log);
  }

  private dev.burnrate.control.SpendGate gate;

  /** The cloud cost cache store.yml chooses, beside the log's database or under the data. */
  dev.burnrate.store.CloudCostCache cloudCache() {
    return log instanceof dev.burnrate.store.postgres.PostgresEventLog pg
        ? dev.burnrate.store.postgres.PostgresCloudCostCache.beside(pg)
        : dev.burnrate.store.CloudCostCache.in(data);
  }

  /** The spend gate over this data directory's reservation ledger, opened on first use. */
  synchronized dev.burnrate.control.SpendGate spendGate() {
    if (gate == null) {
      try {
        gate = dev.burnrate.control.SpendGate.open(config, data, () -> log);
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    }
    return gate;
  }

  @Override
  public void close() {
    if (gate != null) {
      gate.close();
    }
    log.close();
  }
}

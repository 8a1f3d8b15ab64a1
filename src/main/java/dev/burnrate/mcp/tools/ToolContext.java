package dev.burnrate.mcp.tools;

import dev.burnrate.config.Config;
import dev.burnrate.engine.CostEngine;
import dev.burnrate.pricing.PriceCatalog;
import dev.burnrate.store.EventLog;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * What the tools work on: the event log (opened in the background, so the server answers {@code
 * initialize} before a month of history is mapped) and the clock ({@code --now} in tests).
 */
public final class ToolContext {
  /** How stale the view of other processes' appends may be when a tool answers. */
  static final long FRESH_MILLIS = 250;

  private final CompletableFuture<? extends EventLog> log;
  private final Clock clock;
  private final Runnable onFirstUse;
  private final Config config;
  private final Path data;
  private final Supplier<PriceCatalog> catalog;

  /** A context for schemas and listings only: no config, data directory or catalog. */
  public ToolContext(CompletableFuture<? extends EventLog> log, Clock clock) {
    this(log, clock, () -> {}, null, null, PriceCatalog::bundled);
  }

  /**
   * @param onFirstUse told when a tool first needs the log (to start opening it now)
   * @param config the loaded configuration (budgets, rules, weights)
   * @param data the data directory ({@code cost/}, {@code state/} live under it)
   * @param catalog the price catalog with the operator's overrides, loaded lazily
   */
  public ToolContext(
      CompletableFuture<? extends EventLog> log,
      Clock clock,
      Runnable onFirstUse,
      Config config,
      Path data,
      Supplier<PriceCatalog> catalog) {
    this.log = log;
    this.clock = clock;
    this.onFirstUse = onFirstUse;
    this.config = config;
    this.data = data;
    this.catalog = catalog;
  }

  /** The loaded configuration; only schema-only contexts lack one. */
  public Config config() {
    if (config == null) {
      throw new IllegalStateException("this tool context has no configuration");
    }
    return config;
  }

  /** The data directory; only schema-only contexts lack one. */
  public Path data() {
    if (data == null) {
      throw new IllegalStateException("this tool context has no data directory");
    }
    return data;
  }

  private dev.burnrate.governance.Governance governance;

  /** Budgets, the gate and alerts over this context's data directory (one per server). */
  public synchronized dev.burnrate.governance.Governance governance() {
    if (governance == null) {
      governance = new dev.burnrate.governance.Governance(config().budget(), data(),
          new dev.burnrate.governance.Notifier(config().budget().notifications(),
              data().resolve("cost/alerts/deliveries.jsonl")));
    }
    return governance;
  }

  /**
   * Waits, at most {@code max}, for webhook deliveries still in flight (a server about to exit),
   * then abandons the rest, each leaving a line in the delivery log; true when none was left.
   */
  public boolean awaitDeliveries(java.time.Duration max) {
    dev.burnrate.governance.Governance g;
    synchronized (this) {
      g = governance;
    }
    return g == null || g.notifier().drain(max);
  }

  /** The price catalog with the operator's overrides. */
  public PriceCatalog catalog() {
    return catalog.get();
  }

  /** How far from now a recorded event's time may be. */
  public dev.burnrate.cost.EventWindow eventWindow() {
    return config == null ? dev.burnrate.cost.EventWindow.DEFAULT : config.limits().events();
  }

  public Instant now() {
    return clock.instant();
  }

  public EventLog log() {
    onFirstUse.run();
    return log.join();
  }

  /** The engine over a view no older than {@link #FRESH_MILLIS}. */
  public CostEngine engine() {
    EventLog l = log();
    try {
      l.refreshIfOlderThan(FRESH_MILLIS);
    } catch (IOException e) {
      throw new UncheckedIOException("could not read new events from the audit log", e);
    }
    return new CostEngine(l.index());
  }
}

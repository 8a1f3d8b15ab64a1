package dev.burnrate.mcp.tools;

import dev.burnrate.config.Config;
import dev.burnrate.engine.CostEngine;
import dev.burnrate.pricing.PriceCatalog;
import dev.burnrate.store.EventLog;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * What the tools work on: the event log (opened in the background, so the server answers {@code
 * initialize} before a month of history is mapped) and the clock ({@code --now} in tests).
 */
public final class ToolContext {
  /** How stale the view of other processes' appends may be when a tool answers. */
  static final long FRESH_MILLIS = 250;

  private final Supplier<? extends EventLog> log;
  private final Clock clock;
  private final Runnable onFirstUse;
  private final Config config;
  private final Path data;
  private final Supplier<PriceCatalog> catalog;

  /** A context for schemas and listings only: no config, data directory or catalog. */
  public ToolContext(CompletableFuture<? extends EventLog> log, Clock clock) {
    this(log::join, clock, () -> {}, null, null, PriceCatalog::bundled);
  }

  /**
   * @param onFirstUse told when a tool first needs the log (to start opening it now)
   * @param config the loaded configuration (budgets, rules, weights)
   * @param data the data directory ({@code cost/}, {@code state/} live under it)
   * @param catalog the price catalog with the operator's overrides, loaded lazily
   */
  /** A context over a log already opened (or being opened) elsewhere, e.g. by a test. */
  public ToolContext(
      CompletableFuture<? extends EventLog> log,
      Clock clock,
      Runnable onFirstUse,
      Config config,
      Path data,
      Supplier<PriceCatalog> catalog) {
    this(log::join, clock, onFirstUse, config, data, catalog);
  }

  public ToolContext(
      Opener<? extends EventLog> log,
      Clock clock,
      Runnable onFirstUse,
      Config config,
      Path data,
      Supplier<PriceCatalog> catalog) {
    this(log::get, clock, onFirstUse, config, data, catalog);
  }

  private ToolContext(
      Supplier<? extends EventLog> log,
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

  /**
   * How rankings are ordered when a call does not say: by dollars once pricing.yml prices tools
   * (then most spend has a dollar value), else by cost units.
   */
  public dev.burnrate.engine.Ranking defaultRanking() {
    return config != null && !config.toolRates().isEmpty()
        ? dev.burnrate.engine.Ranking.USD
        : dev.burnrate.engine.Ranking.COST_UNITS;
  }

  private dev.burnrate.control.Governance governance;

  /** Budgets, the gate and alerts over this context's data directory (one per server). */
  public synchronized dev.burnrate.control.Governance governance() {
    if (governance == null) {
      governance =
          dev.burnrate.control.Governance.wired(config(), data(), this::spendGate, this::log);
    }
    return governance;
  }

  private dev.burnrate.control.SpendGate spendGate;

  /**
   * The per-call spend gate (one per server) over the reservation ledger store.yml chooses: the
   * PostgreSQL table, or {@code <data>/reservations/ledger.jsonl}.
   */
  public synchronized dev.burnrate.control.SpendGate spendGate() {
    if (spendGate == null) {
      try {
        spendGate = dev.burnrate.control.SpendGate.open(config(), data(), this::log);
      } catch (IOException e) {
        throw new UncheckedIOException(
            "could not open the reservation ledger: " + e.getMessage(), e);
      }
    }
    return spendGate;
  }

  /**
   * Waits, at most {@code max}, for webhook deliveries still in flight (a server about to exit),
   * then abandons the rest, each leaving a line in the delivery log; true when none was left.
   */
  public boolean awaitDeliveries(java.time.Duration max) {
    dev.burnrate.control.Governance g;
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
  public dev.burnrate.usage.EventWindow eventWindow() {
    return config == null ? dev.burnrate.usage.EventWindow.DEFAULT : config.limits().events();
  }

  public Instant now() {
    return clock.instant();
  }

  /**
   * The event log, once open.
   *
   * @throws IllegalStateException when opening it failed; a later call tries again
   */
  public EventLog log() {
    onFirstUse.run();
    EventLog l = log.get();
    if (Thread.currentThread().isInterrupted()) {
      // The call was cancelled while it waited for the log to open: stop before querying.
      throw new java.util.concurrent.CancellationException("the call was cancelled");
    }
    return l;
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

  /**
   * Opens the event log in the background, and again after a failure: a log that could not be
   * opened once (a full disk, an unreadable directory, an out-of-memory error on a huge history)
   * must not leave every tool failing until a restart. A failed attempt is retried by the next
   * caller once {@code retryAfter} has passed since it failed, so a broken log costs at most one
   * attempt per interval; callers in between get the failure at once.
   */
  public static final class Opener<L extends EventLog> {
    private final Supplier<L> open;
    private final Executor executor;
    private final long retryNanos;
    private final LongSupplier nanoTime;
    private final CompletableFuture<L> ready = new CompletableFuture<>();
    private CompletableFuture<L> attempt;
    private long failedAt;

    /**
     * @param open opens the log; it may throw anything, {@link OutOfMemoryError} included
     * @param executor runs the attempts
     * @param retryAfter the least time between a failure and the next attempt
     */
    public Opener(Supplier<L> open, Executor executor, Duration retryAfter) {
      this(open, executor, retryAfter, System::nanoTime);
    }

    Opener(Supplier<L> open, Executor executor, Duration retryAfter, LongSupplier nanoTime) {
      this.open = open;
      this.executor = executor;
      this.retryNanos = retryAfter.toNanos();
      this.nanoTime = nanoTime;
    }

    /** Starts the first attempt unless one was started already. */
    public synchronized void start() {
      if (attempt == null) {
        attempt = attempt();
      }
    }

    /** Completes with the log when an attempt first succeeds; never completes exceptionally. */
    public CompletableFuture<L> ready() {
      return ready;
    }

    /**
     * Waits for the current attempt; after a failed one whose interval has passed, starts another.
     *
     * @throws IllegalStateException saying the log could not be opened and when it is tried again
     */
    public L get() {
      CompletableFuture<L> a;
      synchronized (this) {
        if (attempt == null
            || (attempt.isCompletedExceptionally()
                && nanoTime.getAsLong() - failedAt >= retryNanos)) {
          attempt = attempt();
        }
        a = attempt;
      }
      try {
        return a.join();
      } catch (CompletionException | java.util.concurrent.CancellationException e) {
        Throwable cause = e.getCause() == null ? e : e.getCause();
        long wait;
        synchronized (this) {
          wait = Math.max(0, retryNanos - (nanoTime.getAsLong() - failedAt));
        }
        throw new IllegalStateException(
            "the event log could not be opened ("
                + cause
                + "); it is tried again on a call after "
                + Math.max(1, (wait + 999_999_999L) / 1_000_000_000L)
                + " s; retry then",
            cause);
      }
    }

    private CompletableFuture<L> attempt() {
      CompletableFuture<L> a = new CompletableFuture<>();
      try {
        executor.execute(
            () -> {
              try {
                L l = open.get();
                ready.complete(l);
                a.complete(l);
              } catch (
                  Throwable t) { // OutOfMemoryError too: the heap is back once the attempt is gone
                synchronized (this) {
                  failedAt = nanoTime.getAsLong();
                }
                a.completeExceptionally(t);
              }
            });
      } catch (RuntimeException e) {
        failedAt = nanoTime.getAsLong();
        a.completeExceptionally(e);
      }
      return a;
    }
  }
}

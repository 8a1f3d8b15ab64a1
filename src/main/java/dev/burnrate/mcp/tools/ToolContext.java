package dev.burnrate.mcp.tools;

import dev.burnrate.engine.CostEngine;
import dev.burnrate.store.EventLog;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;

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

  public ToolContext(CompletableFuture<? extends EventLog> log, Clock clock) {
    this(log, clock, () -> {});
  }

  /** @param onFirstUse told when a tool first needs the log (to start opening it now) */
  public ToolContext(CompletableFuture<? extends EventLog> log, Clock clock, Runnable onFirstUse) {
    this.log = log;
    this.clock = clock;
    this.onFirstUse = onFirstUse;
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

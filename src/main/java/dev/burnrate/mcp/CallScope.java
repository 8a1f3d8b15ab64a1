package dev.burnrate.mcp;

import dev.burnrate.usage.Status;
import io.modelcontextprotocol.server.McpSyncServerExchange;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpSchema.LoggingLevel;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What one request may tell its client while it runs: progress (only when the request carried a
 * {@code progressToken}) and log messages (only once its session sent {@code logging/setLevel}; the
 * SDK drops those below that level). Messages are texts the client may see anyway (what a result
 * would say); causes and stack traces stay in the server log. A send that fails (the client went
 * away) is logged and ignored: telling is never worth failing a call.
 */
class CallScope {
  private static final Logger LOG = LoggerFactory.getLogger(CallScope.class);

  /** The logger name clients see on every message. */
  static final String LOGGER = "burnrate";

  /** A scope that tells nothing: direct calls and tests. */
  static final CallScope NONE = new CallScope(null, null, null, null);

  private final McpSyncServerExchange exchange;
  private final Object progressToken;
  private final Map<String, Object> meta;
  private final InFlight.Call call;
  private double progress;

  CallScope(
      McpSyncServerExchange exchange,
      Object progressToken,
      Map<String, Object> meta,
      InFlight.Call call) {
    this.exchange = exchange;
    this.progressToken = progressToken;
    this.meta = meta;
    this.call = call;
  }

  /** The call as the client may cancel it; null when it cannot be cancelled. */
  InFlight.Call call() {
    return call;
  }

  /** The request's {@code _meta}; null when it had none. */
  Map<String, Object> meta() {
    return meta;
  }

  /** Whether the client asked for progress. */
  boolean wantsProgress() {
    return exchange != null && progressToken != null;
  }

  /** Sends the next progress step with {@code message}; nothing when no progress was asked for. */
  synchronized void progress(String message) {
    if (!wantsProgress()) {
      return;
    }
    progress += 1;
    try {
      exchange.progressNotification(
          new McpSchema.ProgressNotification(progressToken, progress, null, message));
    } catch (RuntimeException e) {
      LOG.debug("could not send progress: {}", e.toString());
    }
  }

  /**
   * Reports progress every {@code every} once the call has run that long, when its client asked for
   * progress; null when it did not. A call waiting for the usage history says so.
   */
  ScheduledFuture<?> reportProgress(
      ScheduledExecutorService timer,
      Duration every,
      String tool,
      BooleanSupplier dataReady,
      long startNanos) {
    if (!wantsProgress()) {
      return null;
    }
    return timer.scheduleAtFixedRate(
        () -> {
          long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos);
          progress(
              dataReady.getAsBoolean()
                  ? "'" + tool + "' still running after " + ms + " ms"
                  : "loading the usage history (the first call after start waits for it); "
                      + ms
                      + " ms so far");
        },
        every.toMillis(),
        every.toMillis(),
        TimeUnit.MILLISECONDS);
  }

  /**
   * A call's outcome as a log message: {@code debug} for an answer, {@code warning} for a refusal
   * or bad input, {@code error} for a failure. {@code text} is the one the result carries, never a
   * cause or a stack trace.
   */
  void outcome(Status status, String tool, String text, long durationMs) {
    switch (status) {
      case PASS -> log(LoggingLevel.DEBUG, "'" + tool + "' answered in " + durationMs + " ms");
      case ERROR -> log(LoggingLevel.ERROR, text);
      default -> log(LoggingLevel.WARNING, text);
    }
  }

  /** Sends a log message at {@code level}, if the client's level lets it through. */
  void log(LoggingLevel level, String message) {
    if (exchange == null || call == null || !call.logs()) {
      return;
    }
    try {
      exchange.loggingNotification(
          McpSchema.LoggingMessageNotification.builder()
              .level(level)
              .logger(LOGGER)
              .data(message)
              .build());
    } catch (RuntimeException e) {
      LOG.debug("could not send a log message: {}", e.toString());
    }
  }
}

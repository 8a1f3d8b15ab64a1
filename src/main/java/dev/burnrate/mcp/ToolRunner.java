package dev.burnrate.mcp;

import static dev.burnrate.mcp.Outcome.cancelledCall;
import static dev.burnrate.mcp.Outcome.error;
import static dev.burnrate.mcp.Outcome.failed;
import static dev.burnrate.mcp.Outcome.timedOut;
import static dev.burnrate.mcp.Outcome.unexpected;

import dev.burnrate.config.ToolLimits;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one admitted call of a tool within its concurrency limit and its timeout, and lets its
 * client cancel it, in one of two ways: {@link #onExecutor on the executor} while the caller waits
 * (stdio, where the SDK's thread must return the answer), or {@link #here on the caller's own
 * thread} while a timer and the client's cancellation race the tool for the answer (HTTP, where the
 * request thread waited for the executor anyway). Either way a stopped tool is interrupted and
 * holds its permit until it ends, and the answer comes as promptly.
 */
final class ToolRunner implements AutoCloseable {
  // The gateway's logger: these lines are the gateway's, wherever the code lives.
  private static final Logger LOG = LoggerFactory.getLogger(ToolGateway.class);

  /** What running a tool gave: its value, or the answer when it gave none. */
  record Ran(Object value, Outcome outcome) {
    static Ran answered(Outcome o) {
      return new Ran(null, o);
    }
  }

  private final ExecutorService executor;

  /** Stops calls run here at their timeout. */
  private final ScheduledThreadPoolExecutor timeouts;

  ToolRunner() {
    AtomicInteger n = new AtomicInteger();
    this.executor =
        Executors.newCachedThreadPool(
            r -> {
              Thread th = new Thread(r, "burnrate-tool-" + n.incrementAndGet());
              th.setDaemon(true);
              return th;
            });
    this.timeouts =
        new ScheduledThreadPoolExecutor(
            1, dev.burnrate.usage.DaemonThreads.named("burnrate-timeouts"));
    // Most calls end long before their timeout: drop their timers then, not at the deadline.
    timeouts.setRemoveOnCancelPolicy(true);
  }

  /** Runs {@code call} on the executor and waits for it until the deadline. */
  Ran onExecutor(
      CostTool tool,
      ToolLimits limits,
      Semaphore permits,
      ToolCall call,
      long startNanos,
      String reqId,
      InFlight.Call cancellable) {
    String name = tool.name();
    long timeoutMs = limits.timeoutMs();
    long deadline = startNanos + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
    if (cancellable != null && cancellable.cancelled()) {
      return Ran.answered(cancelledCall(name));
    }
    Outcome busy = acquire(name, limits, permits, deadline);
    if (busy != null) {
      return Ran.answered(busy);
    }
    AtomicBoolean claimed = new AtomicBoolean();
    Future<Object> future =
        executor.submit(
            () -> {
              if (claimed.getAndSet(true)) {
                return null;
              }
              try {
                return tool.call(call);
              } finally {
                permits.release();
              }
            });
    try {
      if (cancellable != null && !cancellable.start(future)) {
        throw new CancellationException();
      }
      return new Ran(
          future.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS), null);
    } catch (CancellationException e) {
      // Stopped before it ran, or interrupted where it was: its permit is free either way.
      if (!claimed.getAndSet(true)) {
        permits.release();
      }
      return Ran.answered(cancelledCall(name));
    } catch (TimeoutException e) {
      future.cancel(true);
      if (!claimed.getAndSet(true)) {
        permits.release();
      }
      return Ran.answered(timedOut(name, timeoutMs));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      future.cancel(true);
      return Ran.answered(error("'" + name + "' was interrupted; retry"));
    } catch (ExecutionException e) {
      return Ran.answered(failure(name, reqId, e.getCause()));
    }
  }

  /**
   * Runs {@code call} on this thread; null when its timeout or a cancellation answered the call
   * instead, through {@code stopped} on another thread.
   */
  Ran here(
      CostTool tool,
      ToolLimits limits,
      Semaphore permits,
      ToolCall call,
      long startNanos,
      String reqId,
      InFlight.Call cancellable,
      Consumer<Outcome> stopped) {
    String name = tool.name();
    long timeoutMs = limits.timeoutMs();
    long deadline = startNanos + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
    if (cancellable != null && cancellable.cancelled()) {
      return Ran.answered(cancelledCall(name));
    }
    if (Thread.currentThread().isInterrupted()) {
      // Not ours to clear: run it where an interrupt cannot be mistaken for a stop.
      return onExecutor(tool, limits, permits, call, startNanos, reqId, cancellable);
    }
    Outcome busy = acquire(name, limits, permits, deadline);
    if (busy != null) {
      return Ran.answered(busy);
    }
    // Stops answer on the executor, so a slow client never holds up the timer.
    HereRun run =
        new HereRun(
            Thread.currentThread(), () -> offload(() -> stopped.accept(cancelledCall(name))));
    ScheduledFuture<?> timer =
        timeouts.schedule(
            () ->
                offload(
                    () -> {
                      if (run.stop()) {
                        stopped.accept(timedOut(name, timeoutMs));
                      }
                    }),
            Math.max(0, deadline - System.nanoTime()),
            TimeUnit.NANOSECONDS);
    Object value = null;
    Throwable thrown = null;
    try {
      if (cancellable != null && !cancellable.start(run)) {
        return null; // cancelled before it ran; the cancellation answers
      }
      if (!run.begin()) {
        return null;
      }
      try {
        value = tool.call(call);
      } catch (Throwable t) { // as the executor's future caught it
        thrown = t;
      }
      if (!run.end()) {
        return null;
      }
    } finally {
      timer.cancel(false);
      permits.release();
    }
    return thrown != null ? Ran.answered(failure(name, reqId, thrown)) : new Ran(value, null);
  }

  /** Runs {@code task} on the executor, or here once the executor was shut down. */
  private void offload(Runnable task) {
    try {
      executor.execute(task);
    } catch (java.util.concurrent.RejectedExecutionException e) {
      task.run();
    }
  }

  /** Takes a concurrency permit by the deadline; null when taken, else the call's answer. */
  private static Outcome acquire(String name, ToolLimits limits, Semaphore permits, long deadline) {
    try {
      if (!permits.tryAcquire(deadline - System.nanoTime(), TimeUnit.NANOSECONDS)) {
        return error(
            "'"
                + name
                + "' is busy: "
                + limits.concurrency()
                + " calls already running (concurrency) and none finished within "
                + limits.timeoutMs()
                + " ms; retry shortly");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return error("'" + name + "' was interrupted while waiting to run; retry");
    }
    return null;
  }

  /** The answer to a tool that threw {@code cause}. */
  private static Outcome failure(String name, String reqId, Throwable cause) {
    if (cause instanceof ToolInputException) {
      return failed(cause.getMessage());
    }
    if (cause instanceof java.io.UncheckedIOException io) {
      // A store or disk we do not control: the tool's own message says what to retry; the
      // cause goes to the log only.
      LOG.warn(
          "request {}: tool '{}' could not reach its store: {}",
          reqId,
          name,
          io.getCause().toString());
      return error("'" + name + "' " + io.getMessage());
    }
    LOG.error("request {}: tool '{}' failed", reqId, name, cause);
    return error(unexpected(name, reqId));
  }

  @Override
  public void close() {
    timeouts.shutdownNow();
    executor.shutdownNow();
  }
}

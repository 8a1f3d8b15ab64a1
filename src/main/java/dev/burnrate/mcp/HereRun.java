package dev.burnrate.mcp;

import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * One tool running on the thread that holds its request (HTTP), which its timeout or its client's
 * cancellation may stop: whoever comes first, the tool returning or a stop, answers the call, and
 * the other only cleans up. A stop interrupts the tool while it runs, as cancelling the executor's
 * future did; the runner clears that interrupt before its thread goes back to the container, which
 * is safe because a stop interrupts only under the lock and only while the tool runs.
 *
 * <p>It is the {@link Future} {@link InFlight.Call#start} holds, so a cancellation reaches it the
 * same way it reached a tool on the executor.
 */
final class HereRun implements Future<Object> {
  private enum State {
    NEW,
    RUNNING,
    RETURNED,
    STOPPED
  }

  private final Thread runner;
  private final Runnable onCancel;
  private State state = State.NEW;

  /** {@code onCancel} runs once when a cancellation stops the call (on the cancelling thread). */
  HereRun(Thread runner, Runnable onCancel) {
    this.runner = runner;
    this.onCancel = onCancel;
  }

  /** The tool is about to run; false when the call was stopped already and must not run it. */
  synchronized boolean begin() {
    if (state == State.STOPPED) {
      return false;
    }
    state = State.RUNNING;
    return true;
  }

  /**
   * Stops the call: true when this stop answers it (the tool has not returned and nobody stopped it
   * before), in which case a running tool is interrupted.
   */
  synchronized boolean stop() {
    if (state == State.RETURNED || state == State.STOPPED) {
      return false;
    }
    if (state == State.RUNNING) {
      runner.interrupt();
    }
    state = State.STOPPED;
    return true;
  }

  /**
   * The tool returned (or threw): true when its answer is still wanted. Called on the runner; it
   * clears any interrupt a stop sent.
   */
  boolean end() {
    boolean answers;
    synchronized (this) {
      answers = state == State.RUNNING;
      if (answers) {
        state = State.RETURNED;
      }
    }
    Thread.interrupted();
    return answers;
  }

  @Override
  public boolean cancel(boolean mayInterruptIfRunning) {
    if (stop()) {
      onCancel.run();
      return true;
    }
    return false;
  }

  @Override
  public synchronized boolean isCancelled() {
    return state == State.STOPPED;
  }

  @Override
  public synchronized boolean isDone() {
    return state == State.RETURNED || state == State.STOPPED;
  }

  /** Never waited on: the runner is the thread that would wait. */
  @Override
  public Object get() {
    throw new UnsupportedOperationException("a call run here is not waited on");
  }

  @Override
  public Object get(long timeout, TimeUnit unit) {
    throw new UnsupportedOperationException("a call run here is not waited on");
  }
}

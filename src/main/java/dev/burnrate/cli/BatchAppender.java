package dev.burnrate.cli;

import dev.burnrate.usage.UsageEvent;
import java.util.List;

/**
 * The batches being appended, on a thread of their own, so the next batch is parsed while the store
 * writes this one (a bulk load into PostgreSQL: both cores busy instead of taking turns). Batches
 * are appended one at a time in the order submitted; at most {@value #AHEAD} wait, which bounds the
 * memory they hold. A failed append stops the ingest with its error, and no batch after it is
 * written.
 */
final class BatchAppender implements AutoCloseable {
  private static final int AHEAD = 2;
  private final dev.burnrate.store.EventLog log;
  private final java.util.concurrent.ExecutorService writer =
      java.util.concurrent.Executors.newSingleThreadExecutor(
          dev.burnrate.usage.DaemonThreads.named("burnrate-ingest-writer"));
  private final java.util.ArrayDeque<java.util.concurrent.Future<long[]>> pending =
      new java.util.ArrayDeque<>();
  private volatile boolean failed;
  private long accepted;
  private long duplicates;

  BatchAppender(dev.burnrate.store.EventLog log) {
    this.log = log;
  }

  void submit(List<UsageEvent> batch) throws Exception {
    pending.add(
        writer.submit(
            () -> {
              if (failed) {
                return new long[2]; // an earlier batch failed: nothing after it is written
              }
              try {
                long ok = count(log.append(batch));
                return new long[] {ok, batch.size() - ok};
              } catch (Exception | Error e) {
                failed = true;
                throw e;
              }
            }));
    while (pending.size() > AHEAD) {
      collect();
    }
  }

  /** Events appended so far by the batches collected. */
  long accepted() {
    return accepted;
  }

  /** Events skipped as resends so far by the batches collected. */
  long duplicates() {
    return duplicates;
  }

  /** Waits for every submitted batch. */
  void finish() throws Exception {
    while (!pending.isEmpty()) {
      collect();
    }
  }

  private static long count(boolean[] ok) {
    long n = 0;
    for (boolean b : ok) {
      if (b) {
        n++;
      }
    }
    return n;
  }

  private void collect() throws Exception {
    try {
      long[] r = pending.poll().get();
      accepted += r[0];
      duplicates += r[1];
    } catch (java.util.concurrent.ExecutionException e) {
      if (e.getCause() instanceof Exception cause) {
        throw cause;
      }
      throw e;
    }
  }

  /** Lets a running append end before the store is closed; later ones are not started. */
  @Override
  public void close() throws InterruptedException {
    pending.forEach(f -> f.cancel(false));
    writer.shutdown();
    while (!writer.awaitTermination(1, java.util.concurrent.TimeUnit.MINUTES)) {
      // an append is still running: the store stays open until it ends
    }
  }
}

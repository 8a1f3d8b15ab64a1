package dev.burnrate.cli;

import dev.burnrate.mcp.AuditSink;
import dev.burnrate.store.EventLog;
import dev.burnrate.usage.UsageEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes the serving layer's audit events to the event log off the request path: a call never waits
 * for a file lock or an fsync, and a log that cannot be written costs a log line, not an answer.
 * Events are batched; {@link #close()} drains what is queued.
 *
 * <p>Appends start at most every {@value #MIN_INTERVAL_MS} ms: a call arriving after a quiet spell
 * is written at once, while under load each append (open, lock, read what others wrote, write,
 * force) serves every call of that interval. Written as soon as it could be, each append carried a
 * few calls, and at 3,000 calls a second the forces alone took a tenth of the server's CPU.
 */
final class AsyncAuditSink implements AuditSink, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(AsyncAuditSink.class);

  private final CompletableFuture<? extends EventLog> log;
  private final BlockingQueue<Object> queue = new LinkedBlockingQueue<>(100_000);
  private final Thread writer;
  private final Object stopMarker = new Object();

  static final long MIN_INTERVAL_MS = 20;
  private static final int MAX_BATCH = 5_000;

  AsyncAuditSink(CompletableFuture<? extends EventLog> log) {
    this.log = log;
    this.writer = new Thread(this::drain, "burnrate-audit");
    writer.setDaemon(true);
    writer.start();
  }

  @Override
  public void record(UsageEvent e) {
    if (!queue.offer(e)) {
      LOG.warn("audit queue is full; dropped the audit record of a {} call", e.tool());
    }
  }

  private void drain() {
    List<UsageEvent> batch = new ArrayList<>();
    boolean stopping = false;
    long lastStart = System.nanoTime() - TimeUnit.MILLISECONDS.toNanos(MIN_INTERVAL_MS);
    while (!stopping) {
      try {
        Object first = queue.poll(200, TimeUnit.MILLISECONDS);
        if (first == null) {
          continue;
        }
        List<Object> items = new ArrayList<>();
        items.add(first);
        boolean stop = first == stopMarker;
        long due = lastStart + TimeUnit.MILLISECONDS.toNanos(MIN_INTERVAL_MS);
        while (!stop && items.size() < MAX_BATCH) {
          int seen = items.size();
          queue.drainTo(items, MAX_BATCH - seen);
          for (int k = seen; k < items.size(); k++) {
            stop |= items.get(k) == stopMarker;
          }
          long wait = due - System.nanoTime();
          if (stop || items.size() >= MAX_BATCH || wait <= 0) {
            break;
          }
          Object next = queue.poll(wait, TimeUnit.NANOSECONDS);
          if (next == null) {
            break;
          }
          items.add(next);
          stop = next == stopMarker;
        }
        lastStart = System.nanoTime();
        for (Object o : items) {
          if (o == stopMarker) {
            stopping = true;
          } else {
            batch.add((UsageEvent) o);
          }
        }
        if (!batch.isEmpty()) {
          log.join().append(batch);
        }
      } catch (InterruptedException ie) {
        return;
      } catch (Exception ex) {
        LOG.error(
            "could not write {} audit record(s) to the event log: {}", batch.size(), ex.toString());
      }
      batch.clear();
    }
  }

  @Override
  public void close() {
    queue.offer(stopMarker);
    try {
      writer.join(10_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}

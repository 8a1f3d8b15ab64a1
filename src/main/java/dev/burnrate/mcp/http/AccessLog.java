package dev.burnrate.mcp.http;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The access log: one JSON line per request on stderr, written by a thread of its own.
 *
 * <p>Written from each request's thread through the logger, every line took one lock around stderr
 * and a write under it; at 3,000 calls a second a thread descheduled while holding that lock held
 * up hundreds of requests, and it was the commonest wait over 5 ms in the server. Lines now wait in
 * a bounded queue and leave in batches. When the queue is full (stderr read slower than requests
 * arrive) the request writes its own line, so none is lost and the log slows requests rather than
 * filling the heap. {@link #close} writes what is queued. The {@code burnrate.access} logger's
 * level still switches the log off ({@code -Dorg.slf4j.simpleLogger.log.burnrate.access=off}).
 */
final class AccessLog implements AutoCloseable {
  private static final Logger LEVEL = LoggerFactory.getLogger("burnrate.access");
  static final int CAPACITY = 1 << 14;
  private static final String STOP = new String("stop"); // compared by identity

  private final BlockingQueue<String> queue;
  private final PrintStream out;
  private final Thread writer;
  private final boolean enabled = LEVEL.isInfoEnabled();
  private volatile boolean closed;

  AccessLog(PrintStream out) {
    this(out, CAPACITY);
  }

  AccessLog(PrintStream out, int capacity) {
    this.out = out;
    this.queue = new ArrayBlockingQueue<>(capacity);
    this.writer = new Thread(this::drain, "burnrate-access-log");
    writer.setDaemon(true);
    writer.start();
  }

  void write(String line) {
    if (!enabled) {
      return;
    }
    if (closed || !queue.offer(line)) {
      out.println(line);
    }
  }

  private void drain() {
    List<String> batch = new ArrayList<>();
    StringBuilder text = new StringBuilder(16 * 1024);
    try {
      while (true) {
        batch.add(queue.take());
        queue.drainTo(batch, 1024);
        text.setLength(0);
        boolean stop = false;
        for (String line : batch) {
          if (line == STOP) {
            stop = true;
          } else {
            text.append(line).append('\n');
          }
        }
        batch.clear();
        out.print(text);
        out.flush();
        if (stop) {
          return;
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * Writes every queued line (waiting up to 5 s for the writer); later lines are written at once.
   */
  @Override
  public void close() {
    closed = true;
    try {
      queue.put(STOP);
      writer.join(TimeUnit.SECONDS.toMillis(5));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    for (String line = queue.poll(); line != null; line = queue.poll()) {
      if (line != STOP) {
        out.println(line);
      }
    }
    out.flush();
  }
}

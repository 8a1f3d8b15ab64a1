package dev.burnrate.mcp;

import java.io.InputStream;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * The SDK's view of stdin: only the lines the guard let through, and end-of-stream only when the
 * guard says so (after every pending response has been written), because the SDK stops writing
 * responses the moment it sees end-of-stream.
 */
final class LineQueue extends InputStream {
  private static final byte[] EOF = new byte[0];

  private final LinkedBlockingQueue<byte[]> lines = new LinkedBlockingQueue<>();
  private byte[] current = new byte[0];
  private int pos;
  private boolean ended;

  /** Queues one line; the caller includes the trailing newline. */
  void offer(byte[] line) {
    lines.add(line);
  }

  /** End-of-stream once the queued lines are read. */
  @Override
  public void close() {
    lines.add(EOF);
  }

  @Override
  public synchronized int read() throws java.io.InterruptedIOException {
    byte[] one = new byte[1];
    int n = read(one, 0, 1);
    return n < 0 ? -1 : one[0] & 0xff;
  }

  @Override
  public synchronized int read(byte[] b, int off, int len) throws java.io.InterruptedIOException {
    if (len == 0) {
      return 0;
    }
    while (pos == current.length) {
      if (ended) {
        return -1;
      }
      try {
        byte[] next = lines.take();
        if (next == EOF) {
          ended = true;
          return -1;
        }
        current = next;
        pos = 0;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new java.io.InterruptedIOException("interrupted while waiting for input");
      }
    }
    int n = Math.min(len, current.length - pos);
    System.arraycopy(current, pos, b, off, n);
    pos += n;
    return n;
  }
}

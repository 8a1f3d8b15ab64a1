package dev.burnrate.mcp;

import java.util.HashMap;
import java.util.Map;

/** Requests handed to the SDK and not yet answered on stdout, keyed by their JSON id text. */
final class PendingRequests {
  private final Map<String, Integer> open = new HashMap<>();

  synchronized void add(String id) {
    open.merge(id, 1, Integer::sum);
  }

  synchronized void answered(String id) {
    if (open.computeIfPresent(id, (k, n) -> n == 1 ? null : n - 1) == null && open.isEmpty()) {
      notifyAll();
    }
  }

  synchronized int size() {
    return open.values().stream().mapToInt(Integer::intValue).sum();
  }

  /** Waits until every request is answered; false if {@code timeoutMs} passed first. */
  synchronized boolean awaitEmpty(long timeoutMs) throws InterruptedException {
    long deadline = System.currentTimeMillis() + timeoutMs;
    while (!open.isEmpty()) {
      long left = deadline - System.currentTimeMillis();
      if (left <= 0) {
        return false;
      }
      wait(left);
    }
    return true;
  }
}

package dev.burnrate.budget;

import java.util.List;

/** Where alerts are delivered and how hard delivery is retried. */
public record Notifications(List<Webhook> webhooks, int retries, long backoffMs) {
  public static final Notifications NONE = new Notifications(List.of(), 3, 500);

  public Notifications {
    webhooks = List.copyOf(webhooks);
    if (retries < 0) {
      throw new IllegalArgumentException("retries " + retries + " must be 0 or more");
    }
    if (backoffMs < 0) {
      throw new IllegalArgumentException("backoff_ms " + backoffMs + " must be 0 or more");
    }
  }
}

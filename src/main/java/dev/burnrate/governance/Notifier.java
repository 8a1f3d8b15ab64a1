package dev.burnrate.governance;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.burnrate.policy.Notifications;
import dev.burnrate.policy.Webhook;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Phaser;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Posts alerts to the configured webhooks off the caller's thread: a Slack-compatible {@code
 * {"text": ...}} body plus the alert's structured fields, up to {@code 1 + retries} attempts with
 * doubling backoff. Every attempt is a line in {@code <data>/cost/alerts/deliveries.jsonl}. A dead
 * receiver costs the caller nothing; after the last attempt the failure is logged.
 */
public final class Notifier {
  private static final Logger LOG = LoggerFactory.getLogger(Notifier.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  static final Duration TIMEOUT = Duration.ofSeconds(5);

  private final Notifications config;
  private final Path deliveryLog;
  private final HttpClient http;
  private final ExecutorService pool;
  private final Phaser inFlight = new Phaser(1);

  public Notifier(Notifications config, Path deliveryLog) {
    this.config = config;
    this.deliveryLog = deliveryLog;
    this.http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
    this.pool = Executors.newCachedThreadPool(r -> {
      Thread t = new Thread(r, "burnrate-webhook");
      t.setDaemon(true);
      return t;
    });
  }

  /** Queues {@code alert} for every webhook and returns at once. */
  public void post(String id, Map<String, Object> alert, String text) {
    for (Webhook w : config.webhooks()) {
      inFlight.register();
      pool.execute(() -> {
        try {
          deliver(w, id, alert, text);
        } finally {
          inFlight.arriveAndDeregister();
        }
      });
    }
  }

  /** Waits until queued deliveries finish, at most {@code max}; true when none is left. */
  public boolean awaitIdle(Duration max) {
    int phase = inFlight.arrive();
    try {
      inFlight.awaitAdvanceInterruptibly(phase, max.toMillis(), TimeUnit.MILLISECONDS);
      return true;
    } catch (TimeoutException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    } finally {
      inFlight.register();
    }
  }

  private void deliver(Webhook w, String id, Map<String, Object> alert, String text) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("text", text);
    body.putAll(alert);
    String json;
    try {
      json = JSON.writeValueAsString(body);
    } catch (IOException e) {
      LOG.error("alert {} could not be serialised: {}", id, e.toString());
      return;
    }
    int attempts = 1 + config.retries();
    long backoff = config.backoffMs();
    for (int attempt = 1; attempt <= attempts; attempt++) {
      Integer status = null;
      String error = null;
      try {
        HttpRequest req = HttpRequest.newBuilder(w.url()).timeout(TIMEOUT)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8)).build();
        HttpResponse<Void> res = http.send(req, HttpResponse.BodyHandlers.discarding());
        status = res.statusCode();
        if (status / 100 == 2) {
          record(w, id, attempt, status, "delivered", null);
          return;
        }
        error = "HTTP " + status;
      } catch (IOException e) {
        error = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        record(w, id, attempt, null, "interrupted", "shutting down");
        return;
      }
      boolean last = attempt == attempts;
      record(w, id, attempt, status, last ? "gave_up" : "retrying", error);
      if (last) {
        LOG.warn("alert {} was not delivered to webhook {} after {} attempts: {}", id, w.name(), attempts, error);
        return;
      }
      try {
        Thread.sleep(backoff);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
      backoff *= 2;
    }
  }

  private synchronized void record(Webhook w, String id, int attempt, Integer status, String outcome,
      String error) {
    Map<String, Object> line = new LinkedHashMap<>();
    line.put("ts", Instant.now().toString());
    line.put("alert", id);
    line.put("webhook", w.name());
    line.put("url", w.url().toString());
    line.put("attempt", attempt);
    line.put("http_status", status);
    line.put("outcome", outcome);
    line.put("error", error);
    try {
      Files.createDirectories(deliveryLog.getParent());
      Files.writeString(deliveryLog, JSON.writeValueAsString(line) + "\n", StandardCharsets.UTF_8,
          StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    } catch (IOException e) {
      LOG.error("could not record a webhook delivery in {}: {}", deliveryLog, e.toString());
    }
  }
}

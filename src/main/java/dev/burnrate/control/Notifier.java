package dev.burnrate.control;

import dev.burnrate.budget.Notifications;
import dev.burnrate.budget.Webhook;
import dev.burnrate.store.GovernanceState;
import dev.burnrate.wire.Wire;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Phaser;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Posts alerts to the configured webhooks off the caller's thread: a Slack-compatible {@code
 * {"text": ...}} body plus the alert's structured fields, up to {@code 1 + retries} attempts with
 * doubling backoff. A dead receiver costs the caller nothing; after the last attempt the failure is
 * logged.
 *
 * <p>Every attempt is exactly one entry in the delivery log ({@code
 * <data>/cost/alerts/deliveries.jsonl}, or the shared store's {@code webhook_deliveries}), whatever
 * happens to it: an answer, a refused or slow connection, a body that trickles in (each attempt has
 * one overall deadline, not just socket timeouts), or a process that stops waiting ({@link #drain}
 * writes {@code abandoned} for what is left). The log file is readable by its owner only, and the
 * log shows webhook URLs without credentials, query strings or secret-looking path segments.
 */
public final class Notifier {
  private static final Logger LOG = LoggerFactory.getLogger(Notifier.class);

  /** The whole of one attempt: connect, send, and the complete response. */
  static final Duration TIMEOUT = Duration.ofSeconds(5);

  /** Where attempts are logged: the file, or the governance state's delivery log. */
  @FunctionalInterface
  interface DeliveryLog {
    void record(GovernanceState.Delivery attempt) throws IOException;
  }

  private final Notifications config;
  private final DeliveryLog deliveryLog;
  private final String logName;
  private final Duration attemptDeadline;
  private final HttpClient http;
  private final ExecutorService pool;
  private final Phaser inFlight = new Phaser(1);
  private final Set<Delivery> active = ConcurrentHashMap.newKeySet();

  /** A notifier logging its attempts to the file {@code deliveryLog}. */
  public Notifier(Notifications config, Path deliveryLog) {
    this(config, deliveryLog, TIMEOUT);
  }

  Notifier(Notifications config, Path deliveryLog, Duration attemptDeadline) {
    this(config, new DeliveryFile(deliveryLog)::append, deliveryLog.toString(), attemptDeadline);
  }

  /** A notifier logging its attempts to the delivery log of the governance state. */
  Notifier(Notifications config, java.util.function.Supplier<GovernanceState> state) {
    this(config, d -> state.get().recordDelivery(d), null, TIMEOUT);
    this.state = state;
  }

  private java.util.function.Supplier<GovernanceState> state;

  /** Where attempts are logged, for messages. */
  public String deliveryLog() {
    if (logName != null) {
      return logName;
    }
    return state.get() instanceof FileGovernanceState
        ? "cost/alerts/deliveries.jsonl"
        : "webhook_deliveries in the shared store";
  }

  private Notifier(
      Notifications config, DeliveryLog deliveryLog, String logName, Duration attemptDeadline) {
    this.config = config;
    this.deliveryLog = deliveryLog;
    this.logName = logName;
    this.attemptDeadline = attemptDeadline;
    this.http = HttpClient.newBuilder().connectTimeout(attemptDeadline).build();
    this.pool =
        Executors.newCachedThreadPool(dev.burnrate.usage.DaemonThreads.named("burnrate-webhook"));
  }

  /** One alert on its way to one webhook; its fields are guarded by the notifier's lock. */
  private static final class Delivery {
    final Webhook webhook;
    final String id;
    int attempt = 1;
    boolean attemptLogged;
    boolean finished;
    Future<?> task;

    Delivery(Webhook webhook, String id) {
      this.webhook = webhook;
      this.id = id;
    }
  }

  /** Queues {@code alert} for every webhook and returns at once. */
  public void post(Alert alert) {
    post(alert.id(), Wire.toMap(alert), alert.text());
  }

  /** Queues an alert's fields, posted after {@code text}, for every webhook. */
  void post(String id, Map<String, Object> alert, String text) {
    for (Webhook w : config.webhooks()) {
      Delivery d = new Delivery(w, id);
      inFlight.register();
      active.add(d);
      synchronized (this) {
        d.task =
            pool.submit(
                () -> {
                  try {
                    deliver(d, alert, text);
                  } finally {
                    synchronized (this) {
                      d.finished = true;
                    }
                    active.remove(d);
                    inFlight.arriveAndDeregister();
                  }
                });
      }
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

  /**
   * For a process about to exit: waits at most {@code max} for deliveries in flight, then gives up
   * on the rest, each leaving an {@code abandoned} line for the attempt it was on (or the retry it
   * was waiting to make). True when everything finished in time.
   */
  public boolean drain(Duration max) {
    if (awaitIdle(max)) {
      return true;
    }
    List<Delivery> left = new ArrayList<>();
    synchronized (this) {
      for (Delivery d : active) {
        if (d.finished) {
          continue;
        }
        d.finished = true;
        int attempt = d.attemptLogged ? d.attempt + 1 : d.attempt;
        writeLine(
            d,
            attempt,
            null,
            "abandoned",
            "the process exited after waiting " + max.toSeconds() + " s for deliveries");
        left.add(d);
      }
    }
    for (Delivery d : left) {
      LOG.warn("alert {} to webhook {} was abandoned at exit", d.id, d.webhook.name());
      d.task.cancel(true);
    }
    return false;
  }

  private void deliver(Delivery d, Map<String, Object> alert, String text) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("text", text);
    body.putAll(alert);
    String json;
    try {
      json = Wire.compact(body);
    } catch (IllegalStateException e) {
      LOG.error("alert {} could not be serialised: {}", d.id, e.toString());
      return;
    }
    Webhook w = d.webhook;
    int attempts = 1 + config.retries();
    long backoff = config.backoffMs();
    for (int attempt = 1; attempt <= attempts; attempt++) {
      synchronized (this) {
        if (d.finished) {
          return;
        }
        d.attempt = attempt;
        d.attemptLogged = false;
      }
      Integer status = null;
      String error;
      CompletableFuture<HttpResponse<Void>> res;
      try {
        HttpRequest req =
            HttpRequest.newBuilder(w.url())
                .timeout(attemptDeadline)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8))
                .build();
        res = http.sendAsync(req, HttpResponse.BodyHandlers.discarding());
      } catch (RuntimeException e) {
        record(d, attempt, null, "gave_up", "the request could not be sent: " + e.getMessage());
        LOG.warn("alert {} cannot be sent to webhook {}: {}", d.id, w.name(), e.toString());
        return;
      }
      try {
        // One deadline for the whole exchange: socket timeouts alone never fire on a receiver that
        // answers a byte at a time.
        status = res.get(attemptDeadline.toMillis(), TimeUnit.MILLISECONDS).statusCode();
        if (status / 100 == 2) {
          record(d, attempt, status, "delivered", null);
          return;
        }
        error = "HTTP " + status;
      } catch (TimeoutException e) {
        res.cancel(true);
        error = "no complete response within " + attemptDeadline.toMillis() + " ms";
      } catch (ExecutionException e) {
        Throwable c = e.getCause() == null ? e : e.getCause();
        error =
            c.getClass().getSimpleName() + (c.getMessage() == null ? "" : ": " + c.getMessage());
      } catch (InterruptedException e) {
        res.cancel(true);
        Thread.currentThread().interrupt();
        record(d, attempt, null, "interrupted", "shutting down");
        return;
      }
      boolean last = attempt == attempts;
      record(d, attempt, status, last ? "gave_up" : "retrying", error);
      if (last) {
        LOG.warn(
            "alert {} was not delivered to webhook {} after {} attempts: {}",
            d.id,
            w.name(),
            attempts,
            error);
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

  private final java.util.concurrent.atomic.AtomicLong delivered =
      new java.util.concurrent.atomic.AtomicLong();
  private final java.util.concurrent.atomic.AtomicLong failed =
      new java.util.concurrent.atomic.AtomicLong();

  /** Deliveries this process completed with a 2xx answer. */
  public long delivered() {
    return delivered.get();
  }

  /** Deliveries this process gave up on after its last retry. */
  public long failed() {
    return failed.get();
  }

  /** Logs an attempt, unless {@link #drain} has already written the delivery off. */
  private synchronized void record(
      Delivery d, int attempt, Integer status, String outcome, String error) {
    if (d.finished) {
      return;
    }
    if (outcome.equals("delivered")) {
      delivered.incrementAndGet();
    } else if (outcome.equals("gave_up")) {
      failed.incrementAndGet();
    }
    d.attemptLogged = true;
    writeLine(d, attempt, status, outcome, error);
  }

  private synchronized void writeLine(
      Delivery d, int attempt, Integer status, String outcome, String error) {
    try {
      deliveryLog.record(
          new GovernanceState.Delivery(
              Instant.now(),
              d.id,
              d.webhook.name(),
              redact(d.webhook.url()),
              attempt,
              status,
              outcome,
              error == null
                  ? null
                  : error.replace(d.webhook.url().toString(), redact(d.webhook.url()))));
    } catch (IOException | RuntimeException e) {
      LOG.error("could not record a webhook delivery in {}: {}", deliveryLog(), e.toString());
    }
  }

  /** Path segments that look like tokens: long, or mixing letters and digits. */
  private static final Pattern SECRETISH = Pattern.compile(".{16,}|(?=.*[0-9])(?=.*[A-Za-z]).{8,}");

  /**
   * The URL as the delivery log shows it: scheme, host, port and the first path segment as they
   * are; no user info; the query, the fragment and every later segment that looks like a token
   * (Slack's {@code /services/T…/B…/…}, Discord's {@code /api/webhooks/<id>/<token>}) as {@code
   * ***}.
   */
  static String redact(URI url) {
    StringBuilder sb = new StringBuilder();
    sb.append(url.getScheme()).append("://").append(url.getHost() == null ? "***" : url.getHost());
    if (url.getPort() != -1) {
      sb.append(':').append(url.getPort());
    }
    String path = url.getRawPath();
    if (path != null && !path.isEmpty()) {
      String[] segments = path.substring(1).split("/", -1);
      for (int i = 0; i < segments.length; i++) {
        String s = segments[i];
        sb.append('/').append(i > 0 && SECRETISH.matcher(s).matches() ? "***" : s);
      }
    }
    if (url.getRawQuery() != null) {
      sb.append("?***");
    }
    if (url.getRawFragment() != null) {
      sb.append("#***");
    }
    return sb.toString();
  }
}

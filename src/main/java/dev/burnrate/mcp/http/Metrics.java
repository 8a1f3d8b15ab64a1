package dev.burnrate.mcp.http;

import dev.burnrate.mcp.AuditSink;
import dev.burnrate.usage.UsageEvent;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * What {@code /metrics} shows, in the Prometheus text format (Micrometer's Prometheus registry):
 * tool calls by tool, principal and outcome with a latency histogram, HTTP requests by endpoint and
 * status, open event streams, and whatever gauges the server adds (e.g. events in the index). Label
 * values come from bounded sets (configured tools and principals, fixed endpoints), never from what
 * a client sends, so a client cannot create series.
 */
public final class Metrics {
  private final PrometheusMeterRegistry registry =
      new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);

  /**
   * The meters already registered, by their label values: building and registering one costs more
   * than the call it counts, and the label sets are bounded (see above).
   */
  private final ConcurrentHashMap<String, Counter> calls = new ConcurrentHashMap<>();

  private final ConcurrentHashMap<String, Timer> durations = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<String, Timer> requests = new ConcurrentHashMap<>();

  /** Every tool call the sink sees is counted and timed, then passed on to {@code next}. */
  public AuditSink metered(AuditSink next, Set<String> tools, Set<String> principals) {
    return event -> {
      record(event, tools, principals);
      next.record(event);
    };
  }

  private void record(UsageEvent e, Set<String> tools, Set<String> principals) {
    String tool = tools.contains(e.tool()) ? e.tool() : "unknown";
    String principal = principals.contains(e.agentId()) ? e.agentId() : "other";
    String outcome = e.status().name().toLowerCase(Locale.ROOT);
    calls
        .computeIfAbsent(
            tool + '\u0000' + principal + '\u0000' + outcome,
            k ->
                Counter.builder("burnrate.tool.calls")
                    .description("MCP tool calls over HTTP by tool, principal and outcome")
                    .tags("tool", tool, "principal", principal, "outcome", outcome)
                    .register(registry))
        .increment();
    durations
        .computeIfAbsent(
            tool + '\u0000' + outcome,
            k ->
                Timer.builder("burnrate.tool.duration")
                    .description("Time from a tool call's arrival at the gateway to its answer")
                    .tags("tool", tool, "outcome", outcome)
                    .publishPercentileHistogram()
                    .minimumExpectedValue(Duration.ofMillis(1))
                    .maximumExpectedValue(Duration.ofSeconds(30))
                    .register(registry))
        .record(e.durationMs(), TimeUnit.MILLISECONDS);
  }

  void request(String endpoint, int status, long nanos) {
    requests
        .computeIfAbsent(
            endpoint + '\u0000' + status,
            k ->
                Timer.builder("burnrate.http.requests")
                    .description("HTTP requests by endpoint and status")
                    .tags("endpoint", endpoint, "status", Integer.toString(status))
                    .register(registry))
        .record(nanos, TimeUnit.NANOSECONDS);
  }

  /** A value read at each scrape. */
  public void gauge(String name, String description, LongSupplier value) {
    // Strongly held: Micrometer keeps only a weak reference by default, and a lambda nothing
    // else holds would be collected and scraped as NaN.
    Gauge.builder(name, value, v -> (double) v.getAsLong())
        .strongReference(true)
        .description(description)
        .register(registry);
  }

  String scrape() {
    return registry.scrape();
  }

  /**
   * {@code GET /metrics}; the edge filter lets only {@code tools.cost.admin} principals reach it.
   */
  static final class Servlet extends jakarta.servlet.http.HttpServlet {
    private static final long serialVersionUID = 1L;
    private final transient Metrics metrics;

    Servlet(Metrics metrics) {
      this.metrics = metrics;
    }

    @Override
    protected void doGet(
        jakarta.servlet.http.HttpServletRequest request,
        jakarta.servlet.http.HttpServletResponse response)
        throws java.io.IOException {
      response.setContentType("text/plain; version=0.0.4; charset=utf-8");
      response.getWriter().write(metrics.scrape());
    }
  }
}

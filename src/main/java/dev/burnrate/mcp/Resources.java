package dev.burnrate.mcp;

import io.modelcontextprotocol.common.McpTransportContext;
import io.modelcontextprotocol.server.McpServerFeatures.SyncResourceSpecification;
import io.modelcontextprotocol.server.McpSyncServer;
import io.modelcontextprotocol.spec.McpError;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.LongSupplier;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The answers clients can read without a tool call: each resource is one tool's default answer,
 * read through the gateway as a call of that tool, so the reader's rate limit, RBAC (a principal
 * reads only what it may call), limits and audit apply as they would to the call. Its contents are
 * the tool's JSON, plus its {@code markdown} as a second, chat-ready part when it has one.
 *
 * <p>{@link Watch} tells subscribed clients ({@code resources/subscribe}) that every resource
 * changed when new usage arrives or the UTC day rolls, checked once a second.
 */
final class Resources {
  private static final Logger LOG = LoggerFactory.getLogger(Resources.class);

  /** One resource and the tool that answers it. */
  record Entry(String uri, String name, String title, String description, String tool) {}

  static final List<Entry> ALL =
      List.of(
          new Entry(
              "burnrate://digest/today",
              "digest-today",
              "Today's cost digest",
              "The daily digest for the last 24 hours: totals, top tools and agents, anomalies and"
                  + " recommendations, as JSON and as chat-ready markdown (get_cost_digest with its"
                  + " defaults).",
              "get_cost_digest"),
          new Entry(
              "burnrate://budget/month",
              "budget-month",
              "This month's budget status",
              "Month-to-date spend against the ceilings, burn rate, projected month-end and alert"
                  + " level (check_budget with its defaults).",
              "check_budget"));

  private Resources() {}

  /**
   * The resources whose tool is registered and {@code offered} (stdio: visible to its principal);
   * each read runs as the principal {@code who} finds in the request's context.
   */
  static List<SyncResourceSpecification> specifications(
      ToolGateway gateway,
      Function<McpTransportContext, Principal> who,
      Predicate<String> offered) {
    List<SyncResourceSpecification> out = new ArrayList<>();
    for (Entry e : ALL) {
      if (!gateway.knows(e.tool()) || !offered.test(e.tool())) {
        continue;
      }
      McpSchema.Resource resource =
          McpSchema.Resource.builder()
              .uri(e.uri())
              .name(e.name())
              .title(e.title())
              .description(e.description())
              .mimeType("application/json")
              .build();
      out.add(
          new SyncResourceSpecification(
              resource,
              (exchange, request) ->
                  read(
                      e,
                      gateway.call(
                          who.apply(exchange.transportContext()),
                          e.tool(),
                          Map.of(),
                          new CallScope(exchange, request.progressToken(), null, null)))));
    }
    return out;
  }

  private static McpSchema.ReadResourceResult read(Entry e, CallToolResult r) {
    String text =
        r.content().isEmpty() || !(r.content().get(0) instanceof McpSchema.TextContent t)
            ? ""
            : t.text();
    if (Boolean.TRUE.equals(r.isError())) {
      // No error result for resources/read: the tool's message (what to do) becomes the error's.
      throw McpError.builder(McpSchema.ErrorCodes.INVALID_REQUEST)
          .message("cannot read " + e.uri() + ": " + text)
          .build();
    }
    List<McpSchema.ResourceContents> contents = new ArrayList<>();
    contents.add(new McpSchema.TextResourceContents(e.uri(), "application/json", text));
    Object markdown = r.structuredContent() instanceof Map<?, ?> m ? m.get("markdown") : null;
    if (markdown instanceof String md && !md.isEmpty()) {
      contents.add(new McpSchema.TextResourceContents(e.uri(), "text/markdown", md));
    }
    return new McpSchema.ReadResourceResult(contents);
  }

  /**
   * Announces {@code notifications/resources/updated} for every resource to the sessions that
   * subscribed (the SDK keeps the subscriptions), when {@code version} or the UTC date changed
   * since the last check.
   */
  static final class Watch implements AutoCloseable {
    private final List<Consumer<String>> listeners = new CopyOnWriteArrayList<>();
    private final ScheduledExecutorService timer;
    private final LongSupplier version;
    private final Clock clock;
    private long lastVersion;
    private LocalDate lastDay;

    Watch(LongSupplier version, Clock clock) {
      this(version, clock, true);
    }

    /** As {@link #Watch(LongSupplier, Clock)}; unscheduled, it checks only when told to. */
    Watch(LongSupplier version, Clock clock, boolean scheduled) {
      this.version = version;
      this.clock = clock;
      this.lastVersion = version.getAsLong();
      this.lastDay = today();
      this.timer =
          Executors.newSingleThreadScheduledExecutor(
              dev.burnrate.usage.DaemonThreads.named("burnrate-resource-watch"));
      if (scheduled) {
        timer.scheduleWithFixedDelay(this::check, 1, 1, TimeUnit.SECONDS);
      }
    }

    void add(McpSyncServer server) {
      listen(uri -> server.notifyResourcesUpdated(new McpSchema.ResourcesUpdatedNotification(uri)));
    }

    /** Told the URI of each resource that changed. */
    void listen(Consumer<String> listener) {
      listeners.add(listener);
    }

    private LocalDate today() {
      return LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
    }

    /** One check: announces the resources when the data or the day changed. */
    synchronized void check() {
      try {
        long v = version.getAsLong();
        LocalDate day = today();
        if (v == lastVersion && day.equals(lastDay)) {
          return;
        }
        lastVersion = v;
        lastDay = day;
        for (Consumer<String> l : listeners) {
          for (Entry e : ALL) {
            l.accept(e.uri());
          }
        }
      } catch (RuntimeException e) {
        LOG.warn("announcing resource updates failed: {}", e.toString());
      }
    }

    @Override
    public void close() {
      timer.shutdownNow();
    }
  }
}

package dev.burnrate.cli;

import dev.burnrate.config.Config;
import dev.burnrate.engine.EventIndex;
import dev.burnrate.mcp.Principal;
import dev.burnrate.mcp.Principals;
import dev.burnrate.mcp.ServerSpec;
import dev.burnrate.mcp.StdioServer;
import dev.burnrate.mcp.tools.CostToolSet;
import dev.burnrate.mcp.tools.ToolContext;
import dev.burnrate.store.EventLog;
import dev.burnrate.store.JsonlEventLog;
import dev.burnrate.store.postgres.Database;
import dev.burnrate.store.postgres.PostgresEventLog;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
    name = "serve",
    mixinStandardHelpOptions = true,
    description =
        "Serve the cost tools over MCP on stdin/stdout (logs go to stderr), or over HTTP"
            + " with --http.")
final class Serve implements Callable<Integer> {
  private static final Logger LOG = LoggerFactory.getLogger(Serve.class);
  static final String INSTRUCTIONS =
      "burnrate answers what AI agents spend and stops them when budgets say so. Start with"
          + " get_top_spenders for 'who spent most', get_cost_report for a range or a breakdown,"
          + " detect_anomalies when spend jumps, get_cost_digest for a summary to post,"
          + " check_budget for month-to-date against ceilings, estimate_cost before choosing a model,"
          + " recommend_downgrade for cheaper-model advice. Deployers must call preflight_deploy"
          + " before shipping and obey a veto. Every answer's now is the server's clock (UTC):"
          + " defaults and spans (24h, 7d) count from it; stale_since, only while the shared store"
          + " is unreachable, is when answers were last fresh; truncated: true means the answer was"
          + " cut to fit, so ask for less. cost_units are relative weights, not dollars.";

  private static final long OPEN_GRACE_MS = 1_000;

  /** The least time between a failed open of the event log and the next attempt. */
  private static final Duration OPEN_RETRY = Duration.ofSeconds(5);

  /** How long a server whose input ended waits for alert deliveries still being retried. */
  private static final Duration DELIVERY_WAIT = Duration.ofSeconds(15);

  @Mixin CommonOptions common;

  @Option(
      names = "--principal",
      paramLabel = "NAME",
      description =
          "Who this server answers for (default: $BURNRATE_PRINCIPAL, else default_principal in rbac.yml)."
              + " An empty NAME is an error, not the default.")
  String principal;

  @Mixin ServeHttp.Options http;

  @Override
  public Integer call() throws Exception {
    Config config = App.loadConfig(common.config);
    Principal who =
        http.enabled() && !http.insecureNoAuth
            ? ServeHttp.noStdioPrincipal(principal)
            : Principals.resolve(config.rbac(), principal, System.getenv(Principals.ENV));
    Clock clock =
        common.now == null ? Clock.systemUTC() : Clock.fixed(common.now(), ZoneOffset.UTC);
    // Map the history in the background, once the handshake is done (the first tool request) or
    // after a short grace period: on two cores, class loading for initialize and index loading
    // would otherwise slow each other down. Tools wait for the log if they must.
    CountDownLatch firstUse = new CountDownLatch(1);
    CatalogPricer pricer = App.pricer(config, common.data);
    // A PostgreSQL store is checked before anything starts: unreachable, or a schema this build
    // does not know, is one line and exit 3, not a server that fails every call.
    Database db = null;
    if (config.store() instanceof dev.burnrate.config.StoreConfig.Postgres p) {
      db = Stores.connect(p);
      try {
        db.requireCurrentSchema();
      } catch (IOException e) {
        db.close();
        throw e;
      }
    }
    Database database = db;
    // A failed open (I/O, or OutOfMemoryError on a huge history) is retried by a later tool call,
    // at most once per OPEN_RETRY, instead of failing every call until a restart.
    ToolContext.Opener<EventLog> log =
        new ToolContext.Opener<>(
            () -> {
              try {
                firstUse.await(OPEN_GRACE_MS, TimeUnit.MILLISECONDS);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
              try {
                EventIndex index = new EventIndex(config.costWeights(), pricer);
                return database != null
                    ? PostgresEventLog.open(database, index, common.data.resolve("index/postgres"))
                    : JsonlEventLog.open(common.auditDir(), common.data.resolve("index"), index);
              } catch (IOException e) {
                LOG.error(
                    "could not open the event log at {}; retrying on a call after {} s: {}",
                    database != null ? "PostgreSQL" : common.auditDir(),
                    OPEN_RETRY.toSeconds(),
                    e.getMessage());
                throw new UncheckedIOException(e);
              } catch (RuntimeException | OutOfMemoryError e) {
                LOG.error(
                    "could not open the event log at {}; retrying on a call after {} s",
                    common.auditDir(),
                    OPEN_RETRY.toSeconds(),
                    e);
                throw e;
              }
            },
            Executors.newSingleThreadExecutor(
                dev.burnrate.usage.DaemonThreads.named("burnrate-open")),
            OPEN_RETRY);
    log.start();
    startRefresher(log.ready());
    startCloudSync(
        config,
        database != null
            ? dev.burnrate.store.postgres.PostgresCloudCostCache.sharing(database)
            : dev.burnrate.store.CloudCostCache.in(common.data),
        clock);
    ToolContext ctx =
        new ToolContext(log, clock, firstUse::countDown, config, common.data, pricer::catalog);
    try (AsyncAuditSink audit = new AsyncAuditSink(log.ready())) {
      ServerSpec spec =
          ServerSpec.builder("burnrate", Main.version())
              .instructions(INSTRUCTIONS)
              .tools(CostToolSet.all(ctx))
              .rbac(config.rbac(), who)
              .limits(config.limits())
              .audit(audit)
              .clock(clock)
              .userId(System.getProperty("user.name", "mcp"))
              .workspaceId(http.enabled() ? "http" : "stdio")
              .requestTimeout(Duration.ofSeconds(60))
              .data(
                  () -> log.ready().isDone(),
                  () -> log.ready().isDone() ? log.ready().join().index().eventCount() : -1)
              .staleSince(
                  () ->
                      log.ready().isDone() && !log.ready().isCompletedExceptionally()
                          ? log.ready().join().unavailableSince()
                          : java.util.Optional.empty())
              .build();
      if (http.enabled()) {
        // A separate class, so the stdio path never loads Jetty.
        CompletableFuture<? extends dev.burnrate.store.EventLog> opened = log.ready();
        ServeHttp.run(
            spec,
            config,
            http,
            () -> opened.isDone() && !opened.isCompletedExceptionally(),
            () ->
                opened.isDone() && !opened.isCompletedExceptionally()
                    ? opened.join().index().eventCount()
                    : 0,
            new HttpGauges(
                () ->
                    opened.isDone() && !opened.isCompletedExceptionally()
                        ? opened.join().refreshAgeMillis()
                        : -1,
                () -> ctx.governance().alertsRaised(),
                () -> ctx.governance().notifier().failed(),
                () -> ctx.governance().notifier().delivered()));
      } else {
        StdioServer.run(spec, System.in, System.out);
      }
    }
    if (!ctx.awaitDeliveries(DELIVERY_WAIT)) {
      LOG.warn(
          "exiting with webhook deliveries still pending; see {}",
          ctx.governance().notifier().deliveryLog());
    }
    if (http.enabled()) {
      ServeHttp.exited();
    }
    return Main.OK;
  }

  /**
   * Syncs the AWS bill in the background when the budget counts it: a few seconds after start, then
   * every {@code sync_every_hours} (default 6; 0 turns it off). Budget answers read the new cache
   * on their next call. Each replica syncs on its own schedule, and each sync is incremental (with
   * a PostgreSQL store, into the shared cache, so one replica's sync serves all).
   */
  private static void startCloudSync(
      Config config, dev.burnrate.store.CloudCostCache cache, Clock clock) {
    if (!config.budget().costSources().contains(dev.burnrate.budget.CostSource.AWS_COST_EXPLORER)
        || config.costExplorer().isEmpty()) {
      return;
    }
    int hours = config.costExplorer().get().syncEveryHours();
    if (hours == 0) {
      LOG.info("the AWS bill is not synced by serve (sync_every_hours: 0); run sync-costs");
      return;
    }
    LOG.info(
        "syncing the AWS bill in {} s and then every {} h (sync_every_hours)",
        CLOUD_SYNC_DELAY_S,
        hours);
    java.util.concurrent.ScheduledExecutorService s =
        Executors.newSingleThreadScheduledExecutor(
            dev.burnrate.usage.DaemonThreads.named("burnrate-cloud-sync", Thread.MIN_PRIORITY));
    s.scheduleWithFixedDelay(
        () -> {
          try {
            CloudCommands.syncForBudget(config, cache, clock.instant()).ifPresent(LOG::info);
          } catch (RuntimeException e) {
            LOG.warn("the AWS bill sync failed: {}", e.toString());
          }
        },
        CLOUD_SYNC_DELAY_S,
        hours * 3600L,
        TimeUnit.SECONDS);
  }

  private static final long CLOUD_SYNC_DELAY_S = 3;

  /**
   * What {@code /metrics} reads besides the calls: plain suppliers, so the stdio path names no
   * class of the HTTP stack.
   */
  record HttpGauges(
      java.util.function.LongSupplier refreshAgeMs,
      java.util.function.LongSupplier alertsRaised,
      java.util.function.LongSupplier deliveriesFailed,
      java.util.function.LongSupplier deliveriesDelivered) {}

  /** Picks up other processes' appends at least every half second, so views are never stale. */
  private static void startRefresher(CompletableFuture<? extends EventLog> log) {
    Thread t =
        new Thread(
            () -> {
              EventLog l;
              try {
                l = log.join();
              } catch (RuntimeException e) {
                return;
              }
              while (true) {
                try {
                  Thread.sleep(500);
                  l.refreshIfOlderThan(400);
                } catch (InterruptedException e) {
                  return;
                } catch (IOException | RuntimeException e) {
                  LOG.warn("refreshing the event log failed: {}", e.toString());
                }
              }
            },
            "burnrate-refresh");
    t.setDaemon(true);
    t.start();
  }
}

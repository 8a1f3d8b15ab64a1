package dev.burnrate.cli;

import dev.burnrate.cloud.AwsClients;
import dev.burnrate.cloud.CloudCosts;
import dev.burnrate.cloud.CostExplorerSettings;
import dev.burnrate.cloud.CostExplorerSync;
import dev.burnrate.cloud.SyncException;
import dev.burnrate.config.Config;
import dev.burnrate.store.CloudCostCache;
import java.io.IOException;
import java.io.PrintStream;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The AWS bill: {@code sync-costs} fetches it into the data directory, {@code cloud-status} shows
 * what is cached.
 */
final class CloudCommands {
  private CloudCommands() {}

  static CostExplorerSettings settings(Config config) {
    return config
        .costExplorer()
        .orElseThrow(
            () ->
                new UsageException(
                    "budget.yaml in "
                        + config.dir()
                        + " has no aws_cost_explorer section; add one with region"
                        + " and agent_tag (see 'Cloud costs' in the README)"));
  }

  /**
   * The sync the daily run and {@code serve} make when the budget counts the bill: from the first
   * day of last month to today (UTC), incremental, so settled days cost nothing. Returns one line
   * for stderr saying what it did, or why not and how old the cache is; never throws for AWS
   * errors, since a failed sync must not stop the daily run or the server.
   */
  static java.util.Optional<String> syncForBudget(
      Config config, CloudCostCache cache, Instant now) {
    if (!config.budget().costSources().contains(dev.burnrate.budget.CostSource.AWS_COST_EXPLORER)
        || config.costExplorer().isEmpty()) {
      return java.util.Optional.empty();
    }
    CostExplorerSettings settings = config.costExplorer().get();
    LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
    try {
      CostExplorerSync.Result r =
          sync(settings, cache, today.withDayOfMonth(1).minusMonths(1), today.plusDays(1), now);
      return java.util.Optional.of(
          "cloud costs synced: "
              + r.requests()
              + " request(s) (USD "
              + r.requestCostUsd()
              + "), "
              + r.daysFetched()
              + " day(s) fetched, "
              + r.daysFinal()
              + " final");
    } catch (SyncException | IOException | RuntimeException e) {
      return java.util.Optional.of(
          "cloud costs not synced, counting the cached days: "
              + e.getMessage()
              + " ["
              + cached(cache, settings, now)
              + "]");
    }
  }

  /** Syncs {@code [from, to)} (UTC days) of the bill into {@code cache}. */
  private static CostExplorerSync.Result sync(
      CostExplorerSettings settings,
      CloudCostCache cache,
      LocalDate from,
      LocalDate to,
      Instant now)
      throws SyncException, IOException {
    AwsClients aws =
        AwsClients.standard(settings.region(), settings.endpoint(), settings.instanceMetadata());
    return new CostExplorerSync(settings, cache, aws).run(from, to, now);
  }

  static LocalDate date(String flag, String value) {
    try {
      return LocalDate.parse(value);
    } catch (DateTimeParseException e) {
      throw new UsageException(
          flag + " '" + value + "' is not a date; write YYYY-MM-DD, e.g. 2026-03-01");
    }
  }

  static Map<String, Object> freshness(CloudCosts.Freshness f) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("cached_days", f.days());
    f.firstDay().ifPresent(d -> m.put("first_day", d.toString()));
    f.lastDay().ifPresent(d -> m.put("last_day", d.toString()));
    f.lastFetchedAt().ifPresent(t -> m.put("last_fetched_at", t.toString()));
    f.ageSeconds().ifPresent(a -> m.put("age_seconds", a));
    m.put("summary", f.summary());
    return m;
  }

  @Command(
      name = "sync-costs",
      mixinStandardHelpOptions = true,
      description =
          "Fetch daily AWS cost per agent tag and service from Cost Explorer into"
              + " <data>/cloud/. Days older than settle_days are final and not fetched again;"
              + " each request costs USD 0.01 and a run makes at most max_requests_per_run.")
  static final class SyncCosts implements Callable<Integer> {
    @Mixin CommonOptions common;

    @Option(
        names = "--from",
        paramLabel = "DATE",
        description = "First day (UTC) to sync (default: the first day of last month).")
    String from;

    @Option(
        names = "--to",
        paramLabel = "DATE",
        description = "Last day (UTC) to sync, included (default: today).")
    String to;

    @Override
    public Integer call() throws Exception {
      return run(System.out, System.err);
    }

    int run(PrintStream out, PrintStream err) throws Exception {
      Config config = App.loadConfig(common.config);
      try (CloudCostCache cache = Stores.cloudCache(config, common)) {
        return run(config, cache, out, err);
      }
    }

    private int run(Config config, CloudCostCache cache, PrintStream out, PrintStream err)
        throws Exception {
      CostExplorerSettings settings = settings(config);
      Instant now = common.now();
      LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
      LocalDate last = to == null ? today : date("--to", to);
      LocalDate first =
          from == null ? today.withDayOfMonth(1).minusMonths(1) : date("--from", from);
      if (last.isAfter(today)) {
        throw new UsageException(
            "--to "
                + last
                + " is after today ("
                + today
                + " UTC); Cost Explorer has"
                + " no costs for future days");
      }
      if (first.isAfter(last)) {
        throw new UsageException("--from " + first + " is after --to " + last + "; swap them");
      }
      if (first.isBefore(today.minusMonths(14))) {
        throw new UsageException(
            "--from "
                + first
                + " is more than 14 months ago; Cost Explorer keeps"
                + " daily data for 14 months, so start on or after "
                + today.minusMonths(14));
      }
      CostExplorerSync.Result r;
      try {
        r = sync(settings, cache, first, last.plusDays(1), now);
      } catch (SyncException e) {
        err.println(
            "burnrate: sync-costs failed, the cache is unchanged: "
                + e.getMessage()
                + " ["
                + cached(cache, settings, now)
                + "]");
        return Main.FAILURE;
      }
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("from", r.from().toString());
      m.put("to", r.to().minusDays(1).toString());
      m.put("requests", r.requests());
      m.put("attempts", r.attempts());
      m.put("request_cost_usd", r.requestCostUsd());
      m.put("max_requests_per_run", settings.maxRequestsPerRun());
      m.put("days_fetched", r.daysFetched());
      m.put("days_final", r.daysFinal());
      m.put("rows", r.rowsWritten());
      m.put("metric", settings.metric().wireName());
      m.put("cache", freshness(CloudCosts.load(cache, settings).freshness(now)));
      m.put("warnings", r.warnings());
      Output.print(out, common.format, m);
      return Main.OK;
    }
  }

  private static String cached(CloudCostCache cache, CostExplorerSettings settings, Instant now) {
    try {
      return "cached: " + CloudCosts.load(cache, settings).freshness(now).summary();
    } catch (IOException e) {
      return "the cache cannot be read: " + e.getMessage();
    }
  }

  @Command(
      name = "cloud-status",
      mixinStandardHelpOptions = true,
      description = "Which days of the AWS bill are cached and how old they are; never calls AWS.")
  static final class CloudStatus implements Callable<Integer> {
    @Mixin CommonOptions common;

    @Override
    public Integer call() throws Exception {
      Config config = App.loadConfig(common.config);
      CostExplorerSettings settings = settings(config);
      Map<String, Object> m;
      try (CloudCostCache cache = Stores.cloudCache(config, common)) {
        m = freshness(CloudCosts.load(cache, settings).freshness(common.now()));
      }
      m.put("settle_days", settings.settleDays());
      m.put("metric", settings.metric().wireName());
      Output.print(System.out, common.format, m);
      return Main.OK;
    }
  }

  @Command(
      name = "refresh-prices",
      mixinStandardHelpOptions = true,
      description =
          "Fetch Amazon Bedrock list prices from the AWS Pricing API and write a dated"
              + " overlay with provenance under <data>/pricing/; models that cannot be mapped are listed.")
  static final class RefreshPrices implements Callable<Integer> {
    @Mixin CommonOptions common;

    @Option(
        names = "--aws",
        required = true,
        description = "Read AWS list prices (the only source so far).")
    boolean aws;

    @Option(
        names = "--region",
        paramLabel = "R",
        description =
            "Bedrock region whose prices to read (default: aws_cost_explorer.region, else us-east-1).")
    String region;

    @Option(
        names = "--endpoint",
        paramLabel = "URL",
        description =
            "Pricing API endpoint, e.g. an emulator (default: aws_cost_explorer.endpoint, else AWS).")
    java.net.URI endpoint;

    @Override
    public Integer call() throws Exception {
      Config config = App.loadConfig(common.config);
      var ce = config.costExplorer();
      String r = region != null ? region : ce.map(CostExplorerSettings::region).orElse("us-east-1");
      if (!r.matches("[a-z]{2}(-[a-z]+)+-[0-9]{1,2}")) {
        throw new UsageException(
            "--region '" + r + "' is not an AWS region id; write one such as us-east-1");
      }
      java.util.Optional<java.net.URI> ep =
          endpoint != null
              ? java.util.Optional.of(endpoint)
              : ce.flatMap(CostExplorerSettings::endpoint);
      // The Pricing API itself answers in us-east-1; --region only filters the prices.
      AwsClients clients =
          AwsClients.standard(
              "us-east-1", ep, ce.map(CostExplorerSettings::instanceMetadata).orElse(false));
      dev.burnrate.cloud.PriceRefresh.Result res;
      try {
        res =
            new dev.burnrate.cloud.PriceRefresh(clients, App.pricer(config, common.data).catalog())
                .run(r, common.data, common.now());
      } catch (SyncException e) {
        System.err.println(
            "burnrate: refresh-prices failed, nothing was written: " + e.getMessage());
        return Main.FAILURE;
      }
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("file", res.file().toString());
      m.put("region", res.region());
      m.put("requests", res.requests());
      m.put("documents", res.documents());
      m.put("models_priced", res.models());
      m.put("unmapped", res.unmapped());
      Output.print(System.out, common.format, m);
      return Main.OK;
    }
  }
}

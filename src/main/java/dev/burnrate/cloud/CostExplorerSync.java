package dev.burnrate.cloud;

import dev.burnrate.store.CloudCostCache;
import dev.burnrate.store.CloudCostCache.Day;
import dev.burnrate.store.CloudCostCache.Row;
import dev.burnrate.store.CloudCostCache.Snapshot;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.costexplorer.CostExplorerClient;
import software.amazon.awssdk.services.costexplorer.model.DateInterval;
import software.amazon.awssdk.services.costexplorer.model.Dimension;
import software.amazon.awssdk.services.costexplorer.model.DimensionValues;
import software.amazon.awssdk.services.costexplorer.model.Expression;
import software.amazon.awssdk.services.costexplorer.model.GetCostAndUsageRequest;
import software.amazon.awssdk.services.costexplorer.model.GetCostAndUsageResponse;
import software.amazon.awssdk.services.costexplorer.model.Granularity;
import software.amazon.awssdk.services.costexplorer.model.Group;
import software.amazon.awssdk.services.costexplorer.model.GroupDefinition;
import software.amazon.awssdk.services.costexplorer.model.GroupDefinitionType;
import software.amazon.awssdk.services.costexplorer.model.MetricValue;
import software.amazon.awssdk.services.costexplorer.model.ResultByTime;

/**
 * {@code sync-costs}: daily cost per agent tag and service from Cost Explorer into the {@link
 * CloudCostCache}.
 *
 * <p><b>Which days are fetched.</b> Cost Explorer revises a day for a while after it ends (the
 * settling period, {@code settle_days}, 3 by default). A cached day is <i>final</i> when it was
 * fetched more than {@code settle_days} days after it: it is never fetched again. Every other day
 * in the range (never fetched, fetched while still settling, or fetched with another metric or
 * agent tag) is fetched again and replaces what was cached. Days to fetch are grouped into
 * contiguous spans; each span is one {@code GetCostAndUsage} series (DAILY, grouped by the agent
 * tag and SERVICE, filtered to leave out {@code exclude_services}) followed through {@code
 * NextPageToken} to the end. So a run costs exactly the pages the data needs: Cost Explorer pages
 * by result size, not by day.
 *
 * <p><b>All or nothing.</b> Rows are collected in memory and written in one atomic rewrite after
 * the last page of the last span; any failure, or reaching {@code max_requests_per_run} before the
 * end, writes nothing.
 *
 * <p>Amounts are kept as the exact decimal strings AWS sends; zero amounts are dropped. A tag value
 * that is empty (resources without the tag) becomes {@link CloudCosts#UNTAGGED}.
 */
public final class CostExplorerSync {
  /** Cost Explorer bills each API request (one page) at USD 0.01. */
  public static final BigDecimal USD_PER_REQUEST = new BigDecimal("0.01");

  private final CostExplorerSettings settings;
  private final CloudCostCache cache;
  private final AwsClients aws;

  public CostExplorerSync(CostExplorerSettings settings, CloudCostCache cache, AwsClients aws) {
    this.settings = Objects.requireNonNull(settings);
    this.cache = Objects.requireNonNull(cache);
    this.aws = Objects.requireNonNull(aws);
  }

  /** Days {@code [start, end)} fetched as one series. */
  public record Span(LocalDate start, LocalDate end) {}

  /**
   * What a run did.
   *
   * @param requests pages requested (what AWS bills)
   * @param attempts HTTP attempts, retries included
   * @param daysFetched days fetched and replaced
   * @param daysFinal days in the range kept as final without a request
   * @param warnings e.g. every cost untagged (is the tag activated?)
   */
  public record Result(
      LocalDate from,
      LocalDate to,
      List<Span> spans,
      int requests,
      int attempts,
      BigDecimal requestCostUsd,
      int daysFetched,
      int daysFinal,
      int rowsWritten,
      List<String> warnings) {}

  /** Whether a cached day needs no request: fetched with these settings after it settled. */
  static boolean isFinal(Day d, CostExplorerSettings s) {
    LocalDate fetchedOn = LocalDate.ofInstant(d.fetchedAt(), ZoneOffset.UTC);
    return d.metric().equals(s.metric().wireName())
        && d.agentTag().equals(s.agentTag())
        && ChronoUnit.DAYS.between(d.day(), fetchedOn) > s.settleDays();
  }

  /** The spans to fetch for {@code [from, to)} given what is cached. */
  static List<Span> plan(Snapshot cached, LocalDate from, LocalDate to, CostExplorerSettings s) {
    List<Span> spans = new ArrayList<>();
    LocalDate start = null;
    for (LocalDate d = from; d.isBefore(to); d = d.plusDays(1)) {
      Day c = cached.days().get(d);
      boolean fetch = c == null || !isFinal(c, s);
      if (fetch && start == null) {
        start = d;
      } else if (!fetch && start != null) {
        spans.add(new Span(start, d));
        start = null;
      }
    }
    if (start != null) {
      spans.add(new Span(start, to));
    }
    return spans;
  }

  /**
   * Fetches what {@code [from, to)} needs and stores it.
   *
   * @throws SyncException when AWS refused or the cap was reached; the cache is unchanged
   * @throws IOException when the cache cannot be read or written
   */
  public Result run(LocalDate from, LocalDate to, Instant now) throws SyncException, IOException {
    if (!from.isBefore(to)) {
      throw new IllegalArgumentException(
          "--from " + from + " is not before --to " + to + "; --to is the first day not synced");
    }
    Snapshot cached = cache.read();
    List<Span> spans = plan(cached, from, to, settings);
    int inRange = (int) ChronoUnit.DAYS.between(from, to);
    int toFetch =
        spans.stream().mapToInt(sp -> (int) ChronoUnit.DAYS.between(sp.start(), sp.end())).sum();
    Map<LocalDate, Day> days = new TreeMap<>();
    Map<String, BigDecimal> amounts = new LinkedHashMap<>();
    List<Row> rows = new ArrayList<>();
    Set<String> excluded = new HashSet<>(settings.excludeServices());
    int requests = 0;
    boolean anyTagged = false;
    try (CostExplorerClient ce = aws.costExplorer()) {
      for (Span span : spans) {
        String token = null;
        do {
          if (requests >= settings.maxRequestsPerRun()) {
            throw new SyncException(
                "stopped at max_requests_per_run ("
                    + settings.maxRequestsPerRun()
                    + " requests, USD "
                    + USD_PER_REQUEST.multiply(BigDecimal.valueOf(requests))
                    + ") before the last page; nothing was written. Raise aws_cost_explorer."
                    + "max_requests_per_run or sync a shorter range with --from/--to");
          }
          GetCostAndUsageResponse page;
          try {
            requests++;
            page = ce.getCostAndUsage(request(span, token));
          } catch (SdkException | AwsClients.LoopbackOnlyException e) {
            throw AwsErrors.explain("Cost Explorer", "is the range within the last 14 months?", e);
          }
          for (ResultByTime r : page.resultsByTime()) {
            LocalDate day = LocalDate.parse(r.timePeriod().start());
            if (day.isBefore(span.start()) || !day.isBefore(span.end())) {
              continue; // never let an answer overwrite a day that was not asked for
            }
            days.merge(
                day,
                new Day(
                    day,
                    settings.metric().wireName(),
                    settings.agentTag(),
                    now,
                    Boolean.TRUE.equals(r.estimated())),
                (a, b) -> a.estimated() ? a : b);
            for (Group g : r.groups()) {
              String agent = agent(g.keys().isEmpty() ? "" : g.keys().get(0));
              String service = g.keys().size() > 1 ? g.keys().get(1) : "";
              MetricValue v = g.metrics().get(settings.metric().wireName());
              if (v == null || v.amount() == null || excluded.contains(service)) {
                continue;
              }
              if (v.unit() != null && !v.unit().equals("USD")) {
                throw new SyncException(
                    "Cost Explorer answered in "
                        + v.unit()
                        + ", not USD, for "
                        + service
                        + " on "
                        + day
                        + "; burnrate counts USD only");
              }
              BigDecimal usd = new BigDecimal(v.amount());
              if (usd.signum() == 0) {
                continue;
              }
              anyTagged |= !agent.equals(CloudCosts.UNTAGGED);
              // A day's groups can continue on the next page; the same key twice is summed.
              amounts.merge(day + "\u0000" + agent + "\u0000" + service, usd, BigDecimal::add);
            }
          }
          token = page.nextPageToken();
          if (token != null && token.isEmpty()) {
            token = null;
          }
        } while (token != null);
        // Days Cost Explorer did not list in a span it answered cost nothing.
        for (LocalDate d = span.start(); d.isBefore(span.end()); d = d.plusDays(1)) {
          days.putIfAbsent(
              d, new Day(d, settings.metric().wireName(), settings.agentTag(), now, false));
        }
      }
    }
    amounts.forEach(
        (key, usd) -> {
          String[] k = key.split("\u0000", 3);
          rows.add(new Row(LocalDate.parse(k[0]), k[1], k[2], usd));
        });
    Snapshot fresh = new Snapshot(days, rows);
    if (!spans.isEmpty()) {
      cache.replaceDays(fresh);
    }
    List<String> warnings = new ArrayList<>();
    if (!rows.isEmpty() && !anyTagged) {
      warnings.add(
          "every cost is untagged: is '"
              + settings.agentTag()
              + "' activated as a"
              + " cost-allocation tag in the Billing console, and are the agents' resources tagged with it?");
    }
    return new Result(
        from,
        to,
        spans,
        requests,
        aws.attempts(),
        USD_PER_REQUEST.multiply(BigDecimal.valueOf(requests)),
        toFetch,
        inRange - toFetch,
        rows.size(),
        warnings);
  }

  private GetCostAndUsageRequest request(Span span, String token) {
    var b =
        GetCostAndUsageRequest.builder()
            .timePeriod(
                DateInterval.builder()
                    .start(span.start().toString())
                    .end(span.end().toString())
                    .build())
            .granularity(Granularity.DAILY)
            .metrics(settings.metric().wireName())
            .groupBy(
                GroupDefinition.builder()
                    .type(GroupDefinitionType.TAG)
                    .key(settings.agentTag())
                    .build(),
                GroupDefinition.builder()
                    .type(GroupDefinitionType.DIMENSION)
                    .key(Dimension.SERVICE.toString())
                    .build())
            .nextPageToken(token);
    if (!settings.excludeServices().isEmpty()) {
      b.filter(
          Expression.builder()
              .not(
                  Expression.builder()
                      .dimensions(
                          DimensionValues.builder()
                              .key(Dimension.SERVICE)
                              .values(settings.excludeServices())
                              .build())
                      .build())
              .build());
    }
    return b.build();
  }

  /** {@code agent$media-1} -> {@code media-1}; {@code agent$} (no tag) -> untagged. */
  static String agent(String key) {
    int dollar = key.indexOf('$');
    String value = dollar < 0 ? key : key.substring(dollar + 1);
    return value.isEmpty() ? CloudCosts.UNTAGGED : value;
  }
}

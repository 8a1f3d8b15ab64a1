package dev.burnrate.cloud;

import dev.burnrate.store.CloudCostCache;
import dev.burnrate.store.CloudCostCache.Row;
import dev.burnrate.store.CloudCostCache.Snapshot;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * Cloud spend per agent and day, read from the cache {@code sync-costs} fills: the seam budgets,
 * the gate, the daily run and the digest add to usage spend. Nothing here calls AWS, so answers
 * merge cached rows and never re-fetch.
 *
 * <p><b>Counting once.</b> A model call made through Amazon Bedrock can appear twice: as a usage
 * event priced from its tokens, and inside the bill's "Amazon Bedrock" line. The rule: for each
 * agent and day, the bill's lines for the services in {@code usage_priced_services} (default {@code
 * [Amazon Bedrock]}) are left out when usage events already price that agent's calls on that day,
 * i.e. the agent's usage events that UTC day carry dollars (the caller answers that through {@link
 * UsagePriced}); otherwise they count. Usage events are per call and carry the agent, so they win
 * where both exist; the bill still covers agents and days the events miss. The {@code untagged}
 * bucket has no usage events, so its lines always count. Every left-out dollar is reported in
 * {@link AgentDay#replacedByUsageUsd()}.
 *
 * <p>Sums are exact {@link BigDecimal} additions of the amounts AWS sent; nothing is rounded here.
 */
public final class CloudCosts {
  /** The agent of cloud spend whose resources carry no agent tag. */
  public static final String UNTAGGED = "untagged";

  /** Whether usage events price model calls of {@code agent} on {@code day} (UTC). */
  @FunctionalInterface
  public interface UsagePriced {
    UsagePriced NONE = (agent, day) -> false;

    boolean pricesModelCalls(String agent, LocalDate day);
  }

  /**
   * Cloud spend of one agent on one UTC day.
   *
   * @param usd what counts toward the agent's spend
   * @param replacedByUsageUsd lines left out because usage events price the same calls
   */
  public record AgentDay(
      LocalDate day, String agent, BigDecimal usd, BigDecimal replacedByUsageUsd) {
    public AgentDay {
      Objects.requireNonNull(day, "day");
      Objects.requireNonNull(agent, "agent");
      Objects.requireNonNull(usd, "usd");
      Objects.requireNonNull(replacedByUsageUsd, "replacedByUsageUsd");
    }
  }

  /**
   * How much of the bill is cached and how old it is.
   *
   * @param ageSeconds seconds since the newest fetch, empty when nothing was fetched
   */
  public record Freshness(
      int days,
      Optional<LocalDate> firstDay,
      Optional<LocalDate> lastDay,
      Optional<Instant> lastFetchedAt,
      Optional<Long> ageSeconds,
      String summary) {}

  private final Snapshot snapshot;
  private final Set<String> usagePricedServices;

  /**
   * day -> agent -> {dollars of other services, dollars of usage-priced services}: the rows summed
   * once, so an answer's work grows with days x agents, not with the bill's rows.
   */
  private final TreeMap<LocalDate, Map<String, BigDecimal[]>> byDay = new TreeMap<>();

  private CloudCosts(Snapshot snapshot, List<String> usagePricedServices) {
    this.snapshot = snapshot;
    this.usagePricedServices = Set.copyOf(usagePricedServices);
    for (Row r : snapshot.rows()) {
      BigDecimal[] s =
          byDay
              .computeIfAbsent(r.day(), d -> new TreeMap<>())
              .computeIfAbsent(r.agent(), a -> new BigDecimal[] {BigDecimal.ZERO, BigDecimal.ZERO});
      int k = this.usagePricedServices.contains(r.service()) && !r.agent().equals(UNTAGGED) ? 1 : 0;
      s[k] = s[k].add(r.usd());
    }
  }

  /** The cached bill of data directory {@code data}. */
  public static CloudCosts load(Path data, CostExplorerSettings settings) throws IOException {
    return of(CloudCostCache.in(data).read(), settings.usagePricedServices());
  }

  /** The bill cached in {@code cache}. */
  public static CloudCosts load(CloudCostCache cache, CostExplorerSettings settings)
      throws IOException {
    return of(cache.read(), settings.usagePricedServices());
  }

  public static CloudCosts of(Snapshot snapshot, List<String> usagePricedServices) {
    return new CloudCosts(snapshot, usagePricedServices);
  }

  /** Spend per agent and day in {@code [from, to)}, every line counted. */
  public List<AgentDay> byAgentAndDay(LocalDate from, LocalDate to) {
    return byAgentAndDay(from, to, UsagePriced.NONE);
  }

  /**
   * Spend per agent (and {@link #UNTAGGED}) and day in {@code [from, to)}, ordered by day then
   * agent, with the counting-once rule of the class comment applied through {@code usage}.
   */
  public List<AgentDay> byAgentAndDay(LocalDate from, LocalDate to, UsagePriced usage) {
    List<AgentDay> out = new ArrayList<>();
    if (!from.isBefore(to)) {
      return out;
    }
    byDay
        .subMap(from, true, to, false)
        .forEach(
            (day, agents) ->
                agents.forEach(
                    (agent, s) -> {
                      boolean replaced = s[1].signum() != 0 && usage.pricesModelCalls(agent, day);
                      out.add(
                          new AgentDay(
                              day,
                              agent,
                              replaced ? s[0] : s[0].add(s[1]),
                              replaced ? s[1] : BigDecimal.ZERO));
                    }));
    return out;
  }

  /** Days in {@code [from, to)} the cache has never fetched: spend there is unknown, not zero. */
  public List<LocalDate> missingDays(LocalDate from, LocalDate to) {
    List<LocalDate> out = new ArrayList<>();
    for (LocalDate d = from; d.isBefore(to); d = d.plusDays(1)) {
      if (!snapshot.days().containsKey(d)) {
        out.add(d);
      }
    }
    return out;
  }

  /** What is cached, and how old the newest fetch is at {@code now}. */
  public Freshness freshness(Instant now) {
    Set<LocalDate> days = new HashSet<>(snapshot.days().keySet());
    Optional<LocalDate> first = days.stream().min(LocalDate::compareTo);
    Optional<LocalDate> last = days.stream().max(LocalDate::compareTo);
    Optional<Instant> fetched = snapshot.lastFetchedAt();
    Optional<Long> age = fetched.map(f -> Math.max(0, Duration.between(f, now).getSeconds()));
    String summary =
        fetched.isEmpty()
            ? "no cloud costs cached; run burnrate sync-costs"
            : days.size()
                + " cached day(s), "
                + first.get()
                + " to "
                + last.get()
                + ", last fetched "
                + fetched.get()
                + " ("
                + ago(age.get())
                + ")";
    return new Freshness(days.size(), first, last, fetched, age, summary);
  }

  static String ago(long seconds) {
    if (seconds < 120) {
      return seconds + " s ago";
    }
    if (seconds < 2 * 3600) {
      return seconds / 60 + " min ago";
    }
    if (seconds < 2 * 86400) {
      return seconds / 3600 + " h ago";
    }
    return seconds / 86400 + " days ago";
  }
}

package dev.burnrate.store;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

/**
 * Cloud bill rows fetched from AWS Cost Explorer, the port behind which they are cached: a file
 * under one data directory ({@link JsonlCloudCostCache}) or tables of the shared PostgreSQL
 * database ({@code store.postgres.PostgresCloudCostCache}), as {@code store.yml} chooses. {@code
 * CloudCostCacheContract} holds both to the same promises.
 *
 * <p>A fetched day has a {@link Day} (which metric and tag it was fetched with, when, and whether
 * AWS marked it estimated) and a {@link Row} per (agent, service) with its exact USD amount as the
 * decimal AWS sent. A day with a Day and no rows was fetched and cost nothing; a day without a Day
 * was never fetched. A sync replaces the days it fetched only once every page has arrived, so
 * readers (other processes and replicas included) see the old days or the new ones, never a mix,
 * and a failed sync leaves the cache as it was.
 */
public interface CloudCostCache extends AutoCloseable {
  /** The cache of the data directory {@code data}. */
  static JsonlCloudCostCache in(Path data) {
    return new JsonlCloudCostCache(data.resolve(JsonlCloudCostCache.FILE));
  }

  /**
   * One fetched day: the metric and agent tag it was fetched with, when, and if AWS estimated it.
   */
  public record Day(
      LocalDate day, String metric, String agentTag, Instant fetchedAt, boolean estimated) {
    public Day {
      Objects.requireNonNull(day, "day");
      Objects.requireNonNull(metric, "metric");
      Objects.requireNonNull(agentTag, "agentTag");
      Objects.requireNonNull(fetchedAt, "fetchedAt");
    }
  }

  /** Exact USD for one agent (or {@code untagged}) and service on one day. */
  public record Row(LocalDate day, String agent, String service, BigDecimal usd) {
    public Row {
      Objects.requireNonNull(day, "day");
      Objects.requireNonNull(agent, "agent");
      Objects.requireNonNull(service, "service");
      Objects.requireNonNull(usd, "usd");
    }
  }

  /** The cache's content: fetched days by date, and their rows in file order. */
  public record Snapshot(Map<LocalDate, Day> days, List<Row> rows) {
    public static final Snapshot EMPTY = new Snapshot(Map.of(), List.of());

    public Snapshot {
      days = java.util.Collections.unmodifiableMap(new TreeMap<>(days));
      rows = List.copyOf(rows);
    }

    /** This snapshot with {@code fresh}'s days replacing the same days here, rows and all. */
    public Snapshot replacedBy(Snapshot fresh) {
      Set<LocalDate> replaced = fresh.days().keySet();
      Map<LocalDate, Day> days = new TreeMap<>(this.days);
      days.putAll(fresh.days());
      List<Row> rows = new ArrayList<>();
      for (Row r : this.rows) {
        if (!replaced.contains(r.day())) {
          rows.add(r);
        }
      }
      rows.addAll(fresh.rows());
      rows.sort(Comparator.comparing(Row::day));
      return new Snapshot(days, rows);
    }

    /** The most recent fetch of any day, if any day was fetched. */
    public java.util.Optional<Instant> lastFetchedAt() {
      return days.values().stream().map(Day::fetchedAt).max(Comparator.naturalOrder());
    }
  }

  /** Everything cached; empty when nothing was ever synced. */
  Snapshot read() throws IOException;

  /** Replaces the days {@code fresh} holds, rows and all, in one step readers see whole. */
  void replaceDays(Snapshot fresh) throws IOException;

  /**
   * A value that changes whenever the content may have changed, so a reader can keep what it parsed
   * until then.
   */
  Object version() throws IOException;

  /** Releases what the cache holds open (a pool it owns). */
  @Override
  default void close() {}
}

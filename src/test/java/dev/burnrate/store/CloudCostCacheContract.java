package dev.burnrate.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.burnrate.store.CloudCostCache.Day;
import dev.burnrate.store.CloudCostCache.Row;
import dev.burnrate.store.CloudCostCache.Snapshot;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link CloudCostCache} promises, run against each implementation: a sync's days read
 * back exactly through another instance (as another process or replica), a later sync replaces only
 * its own days, the version moves with every sync, and concurrent syncs of a day never mix.
 */
public abstract class CloudCostCacheContract {
  static final LocalDate MAR1 = LocalDate.parse("2026-03-01");
  private final List<CloudCostCache> opened = new ArrayList<>();

  /** A new instance over the store this test uses. */
  protected abstract CloudCostCache openInstance() throws Exception;

  protected final CloudCostCache open() throws Exception {
    CloudCostCache c = openInstance();
    opened.add(c);
    return c;
  }

  @AfterEach
  void closeInstances() {
    opened.forEach(CloudCostCache::close);
  }

  private static Day day(LocalDate d, String fetchedAt) {
    return new Day(d, "UnblendedCost", "agent_id", Instant.parse(fetchedAt), false);
  }

  private static Snapshot snapshot(List<Day> days, List<Row> rows) {
    Map<LocalDate, Day> m = new TreeMap<>();
    days.forEach(d -> m.put(d.day(), d));
    return new Snapshot(m, rows);
  }

  @Test
  void nothingSyncedReadsEmpty() throws Exception {
    Snapshot s = open().read();
    assertEquals(Map.of(), s.days());
    assertEquals(List.of(), s.rows());
  }

  @Test
  void aSyncReadsBackExactlyThroughAnotherInstance() throws Exception {
    Snapshot synced =
        snapshot(
            List.of(
                new Day(
                    MAR1,
                    "AmortizedCost",
                    "team",
                    Instant.parse("2026-03-02T10:00:00.123456789Z"),
                    true),
                day(MAR1.plusDays(1), "2026-03-03T00:00:00Z")), // fetched, cost nothing
            List.of(
                new Row(MAR1, "media-1", "Amazon Bedrock", new BigDecimal("12.30")),
                new Row(MAR1, "untagged", "AWS Lambda", new BigDecimal("0.0000012345")),
                new Row(MAR1, "ünï \"q\"", "Amazon S3", new BigDecimal("0"))));
    open().replaceDays(synced);
    Snapshot read = open().read();
    assertEquals(synced.days(), read.days());
    assertEquals(synced.rows(), read.rows(), "the very rows, scale and order included");
  }

  @Test
  void aLaterSyncReplacesItsDaysAndLeavesTheOthers() throws Exception {
    CloudCostCache first = open();
    CloudCostCache second = open();
    Object empty = second.version();
    first.replaceDays(
        snapshot(
            List.of(
                day(MAR1, "2026-03-02T00:00:00Z"), day(MAR1.plusDays(1), "2026-03-02T00:00:00Z")),
            List.of(
                new Row(MAR1, "a", "s", new BigDecimal("1")),
                new Row(MAR1.plusDays(1), "a", "s", new BigDecimal("2")),
                new Row(MAR1.plusDays(1), "b", "s", new BigDecimal("3")))));
    Object once = second.version();
    assertNotEquals(empty, once, "a sync moves the version");
    assertEquals(once, second.version(), "and nothing else does");
    second.replaceDays(
        snapshot(
            List.of(day(MAR1.plusDays(1), "2026-03-05T00:00:00Z")),
            List.of(new Row(MAR1.plusDays(1), "c", "s", new BigDecimal("4")))));
    assertNotEquals(once, first.version());
    Snapshot read = first.read();
    assertEquals(
        List.of(
            new Row(MAR1, "a", "s", new BigDecimal("1")),
            new Row(MAR1.plusDays(1), "c", "s", new BigDecimal("4"))),
        read.rows());
    assertEquals(
        Instant.parse("2026-03-05T00:00:00Z"), read.days().get(MAR1.plusDays(1)).fetchedAt());
    assertEquals(Instant.parse("2026-03-02T00:00:00Z"), read.days().get(MAR1).fetchedAt());
  }

  @Test
  void concurrentSyncsOfADayThroughTwoInstancesNeverMix() throws Exception {
    List<CloudCostCache> replicas = List.of(open(), open());
    ExecutorService pool = Executors.newFixedThreadPool(8);
    CountDownLatch start = new CountDownLatch(1);
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int t = 0; t < 8; t++) {
        CloudCostCache cache = replicas.get(t % 2);
        String who = "sync-" + t;
        done.add(
            pool.submit(
                () -> {
                  start.await();
                  for (int i = 0; i < 5; i++) {
                    List<Row> rows = new ArrayList<>();
                    for (int k = 0; k < 20; k++) {
                      rows.add(new Row(MAR1, who, "service-" + k, BigDecimal.valueOf(i)));
                    }
                    cache.replaceDays(
                        snapshot(List.of(day(MAR1, "2026-03-02T00:00:0" + i + "Z")), rows));
                  }
                  return null;
                }));
      }
      start.countDown();
      for (Future<?> f : done) {
        f.get();
      }
    } finally {
      pool.shutdownNow();
    }
    Snapshot read = open().read();
    assertEquals(20, read.rows().size(), "one sync's rows, not two");
    Set<String> writers = read.rows().stream().map(Row::agent).collect(Collectors.toSet());
    assertEquals(1, writers.size(), writers.toString());
    assertTrue(
        read.rows().stream().allMatch(r -> r.usd().equals(BigDecimal.valueOf(4))),
        "each writer's last sync wins whole");
  }
}

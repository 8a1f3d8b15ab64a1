package dev.burnrate.engine;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An index's sums over closed ranges, reused while no event lands in their hours. Each add of
 * events is a new generation, and the last {@value #RING} generations remember the span of hours
 * they added to, so a cached sum is stale when a generation after it touched an hour it covers (a
 * sum older than the ring is recomputed). A sum found fresh is marked fresh as of the current
 * generation, so the next look checks only the adds since: the spend gate's month sums stay valid
 * while settles land in the hour in progress, and each look costs the few adds since the last one,
 * not a walk over the month's hours. Writes happen under the index's write lock ({@link
 * #nextGeneration}, {@link #touched}), lookups under its read lock. Bounded in entries and in
 * memory: past either bound the cache starts again.
 */
final class RangeCache {
  private static final int MAX_ENTRIES = 4096;

  /**
   * The most the cache may hold, in the longs of its sums (8 bytes each): 4M, 32 MB. A sum has 9
   * longs per value of its dimension, so with 10,000 agents one day's sums take 720 KB and the
   * cache holds about 45 of them before it starts again.
   */
  static long maxLongs = 4L << 20;

  private record Key(int dim, long from, long to, boolean includeFailed) {}

  private record Cached(long generation, Acc acc) {}

  private final Map<Key, Cached> cache = new ConcurrentHashMap<>();
  private final AtomicLong longs = new AtomicLong();
  private static final int RING = 1 << 12;

  /** Per generation (at its index modulo {@link #RING}): the first and last hour it added to. */
  private final long[] firstHour = new long[RING];

  private final long[] lastHour = new long[RING];
  private long generation;

  /** Events are being added (the index's write lock is held). */
  void nextGeneration() {
    generation++;
    int i = (int) (generation & (RING - 1));
    firstHour[i] = Long.MAX_VALUE;
    lastHour[i] = Long.MIN_VALUE;
  }

  /** Events of this add landed in {@code hour} (epoch hours; the write lock is held). */
  void touched(long hour) {
    int i = (int) (generation & (RING - 1));
    firstHour[i] = Math.min(firstHour[i], hour);
    lastHour[i] = Math.max(lastHour[i], hour);
  }

  Acc sum(EventIndex index, int dim, long from, long to, boolean includeFailed) {
    Key key = new Key(dim, from, to, includeFailed);
    Cached c = cache.get(key);
    if (c != null && !changedSince(c.generation(), from, to)) {
      if (c.generation() != generation) {
        cache.replace(key, c, new Cached(generation, c.acc()));
      }
      return c.acc();
    }
    Acc acc = new Acc(index.dictSize(dim));
    index.accumulate(from, to, new int[] {dim}, new Acc[] {acc}, includeFailed);
    if (cache.size() >= MAX_ENTRIES || longs.get() + acc.v.length > maxLongs) {
      cache.clear();
      longs.set(0);
    }
    if (acc.v.length <= maxLongs) {
      cache.put(key, new Cached(generation, acc));
      longs.addAndGet(acc.v.length);
    }
    return acc;
  }

  long longs() {
    return longs.get();
  }

  /** Whether events were added to any hour overlapping {@code [from, to)} after generation g. */
  private boolean changedSince(long g, long from, long to) {
    if (g == generation) {
      return false;
    }
    if (generation - g >= RING) {
      return true; // the ring no longer says what those adds touched
    }
    long first = Math.floorDiv(from, EventIndex.HOUR);
    long last = Math.floorDiv(to - 1, EventIndex.HOUR);
    for (long gen = g + 1; gen <= generation; gen++) {
      int i = (int) (gen & (RING - 1));
      if (firstHour[i] <= last && lastHour[i] >= first) {
        return true;
      }
    }
    return false;
  }
}

package dev.burnrate.engine;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An index's sums over closed ranges, reused while no event lands in their hours. Each add of
 * events is a new generation, and each hour remembers the generation that last added to it, so a
 * cached sum is stale exactly when an hour it covers changed after it was made. Writes happen under
 * the index's write lock ({@link #nextGeneration}, {@link #touched}), lookups under its read lock.
 * Bounded in entries and in memory: past either bound the cache starts again.
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
  private final Map<Long, Long> hourChanged = new HashMap<>();
  private long generation;

  /** Events are being added (the index's write lock is held). */
  void nextGeneration() {
    generation++;
  }

  /** Events of this add landed in {@code hour} (epoch hours; the write lock is held). */
  void touched(long hour) {
    hourChanged.put(hour, generation);
  }

  Acc sum(EventIndex index, int dim, long from, long to, boolean includeFailed) {
    Key key = new Key(dim, from, to, includeFailed);
    Cached c = cache.get(key);
    if (c != null && !changedSince(c.generation(), from, to)) {
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
    for (long h = Math.floorDiv(from, EventIndex.HOUR); h * EventIndex.HOUR < to; h++) {
      Long changed = hourChanged.get(h);
      if (changed != null && changed > g) {
        return true;
      }
    }
    return false;
  }
}

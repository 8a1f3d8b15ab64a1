package dev.burnrate.engine;

import dev.burnrate.usage.Dimension;
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

  /** A tool's calls per agent over a closed range: what anomaly evidence names the top agent by. */
  private record CallsKey(int tool, long from, long to) {}

  private record CachedCalls(long generation, long[] calls) {}

  private final Map<CallsKey, CachedCalls> calls = new ConcurrentHashMap<>();
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
    if (room(acc.v.length)) {
      cache.put(key, new Cached(generation, acc));
    }
    return acc;
  }

  /**
   * For each of {@code tools} (distinct global ids), its calls per agent over {@code [from, to)}:
   * slot {@code a + 1} for agent {@code a}, slot 0 for calls without one. Fresh ones come from the
   * cache; the rest are counted in one pass over the range's events. Callers must not modify them.
   */
  long[][] callsByAgent(EventIndex index, int[] tools, long from, long to) {
    long[][] out = new long[tools.length][];
    int[] slot = new int[index.dictSize(Dimension.TOOL.ordinal())];
    java.util.Arrays.fill(slot, -1);
    boolean missing = false;
    for (int k = 0; k < tools.length; k++) {
      CallsKey key = new CallsKey(tools[k], from, to);
      CachedCalls c = calls.get(key);
      if (c != null && !changedSince(c.generation(), from, to)) {
        if (c.generation() != generation) {
          calls.replace(key, c, new CachedCalls(generation, c.calls()));
        }
        out[k] = c.calls();
      } else {
        slot[tools[k]] = k;
        missing = true;
      }
    }
    if (!missing) {
      return out;
    }
    int tool = Dimension.TOOL.ordinal();
    int agent = Dimension.AGENT.ordinal();
    int agents = index.dictSize(agent) + 1;
    for (int k = 0; k < tools.length; k++) {
      if (out[k] == null) {
        out[k] = new long[agents];
      }
    }
    index.forEach(
        from,
        to,
        (e, i) -> {
          int t = e.global(tool, i);
          int k = t < 0 ? -1 : slot[t];
          if (k >= 0) {
            out[k][e.global(agent, i) + 1]++;
          }
        });
    for (int k = 0; k < tools.length; k++) {
      if (slot[tools[k]] == k && room(agents)) {
        calls.put(new CallsKey(tools[k], from, to), new CachedCalls(generation, out[k]));
      }
    }
    return out;
  }

  /**
   * Makes room for {@code n} more longs (starting again when either bound would be passed); whether
   * they may be kept at all.
   */
  private boolean room(long n) {
    if (cache.size() + calls.size() >= MAX_ENTRIES || longs.get() + n > maxLongs) {
      cache.clear();
      calls.clear();
      longs.set(0);
    }
    if (n > maxLongs) {
      return false;
    }
    longs.addAndGet(n);
    return true;
  }

  /** Whether a sum over a dimension of this many values may be cached. */
  boolean fits(int values) {
    return (values + 1L) * Acc.FIELDS <= maxLongs;
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

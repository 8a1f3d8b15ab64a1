package dev.burnrate.engine;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The request ids already indexed, for deduplicating appends: per UTC day, the set of request-id
 * hashes of the events of that day, built on first use from the segments and kept up to date as
 * segments are added. Callers hold the index's write lock, or its read lock for {@link
 * #containsIfBuilt}, which changes nothing.
 */
final class RequestIds {
  private final Map<Long, LongSet> byDay = new HashMap<>();

  /** Whether {@code reqHash} is among the events of {@code day - 1 .. day + 1}. */
  boolean contains(long reqHash, long day, List<Entry> entries) {
    for (long d = day - 1; d <= day + 1; d++) {
      forDay(d, entries);
    }
    return containsIfBuilt(reqHash, day) == 1;
  }

  /**
   * As {@link #contains}, when the three days' sets are built: 1 when found, 0 when not; -1 when a
   * set is still to be built (then {@link #contains} under the write lock).
   */
  int containsIfBuilt(long reqHash, long day) {
    for (long d = day - 1; d <= day + 1; d++) {
      if (!byDay.containsKey(d)) {
        return -1;
      }
    }
    for (long d = day - 1; d <= day + 1; d++) {
      if (byDay.get(d).contains(reqHash)) {
        return 1;
      }
    }
    return 0;
  }

  /** Adds a new segment's request ids to every day already built. */
  void added(Entry e) {
    for (Map.Entry<Long, LongSet> day : byDay.entrySet()) {
      addReqs(e, day.getKey(), day.getValue());
    }
  }

  private LongSet forDay(long day, List<Entry> entries) {
    LongSet set = byDay.get(day);
    if (set == null) {
      set = new LongSet();
      for (Entry e : entries) {
        addReqs(e, day, set);
      }
      byDay.put(day, set);
    }
    return set;
  }

  private static void addReqs(Entry e, long day, LongSet set) {
    Segment s = e.seg;
    int from = s.lowerBound(day * EventIndex.DAY);
    int to = s.lowerBound((day + 1) * EventIndex.DAY);
    for (int i = from; i < to; i++) {
      long h = s.reqHash(i);
      if (h != 0) {
        set.add(h);
      }
    }
  }

  /** Open-addressing set of non-zero longs. */
  private static final class LongSet {
    private long[] slots = new long[64];
    private int size;

    boolean contains(long v) {
      int mask = slots.length - 1;
      int i = (int) (v ^ (v >>> 32)) & mask;
      while (slots[i] != 0) {
        if (slots[i] == v) {
          return true;
        }
        i = (i + 1) & mask;
      }
      return false;
    }

    void add(long v) {
      if ((size + 1) * 2 > slots.length) {
        long[] old = slots;
        slots = new long[old.length * 2];
        size = 0;
        for (long x : old) {
          if (x != 0) {
            add(x);
          }
        }
      }
      int mask = slots.length - 1;
      int i = (int) (v ^ (v >>> 32)) & mask;
      while (slots[i] != 0) {
        if (slots[i] == v) {
          return;
        }
        i = (i + 1) & mask;
      }
      slots[i] = v;
      size++;
    }
  }
}

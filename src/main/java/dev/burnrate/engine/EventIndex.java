package dev.burnrate.engine;

import dev.burnrate.cost.CostWeights;
import dev.burnrate.cost.Dimension;
import dev.burnrate.cost.Status;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Supplier;

/**
 * Everything the engine queries: the event segments, global dictionaries, and hourly rollups per
 * dimension. Segments come from the store (mapped history, freshly parsed tails) and are only ever
 * added or swapped for an equivalent merged one, so rollups are maintained incrementally.
 *
 * <p>Queries run under a read lock and see one consistent snapshot; adding a segment takes the
 * write lock for the time it takes to roll it up.
 */
public final class EventIndex {
  static final long HOUR = 3_600_000_000L;
  static final long DAY = 24 * HOUR;
  private static final int DIMS = Segment.DIMS;
  private static final int STATUS_DIM = Dimension.STATUS.ordinal();
  private static final int TOOL_DIM = Dimension.TOOL.ordinal();
  private static final int MODEL_DIM = Dimension.MODEL.ordinal();

  private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
  private final CostModel costModel;
  private final Pricer pricer;
  private final Dict[] dicts = new Dict[DIMS];
  private final List<Entry> entries = new ArrayList<>();
  private final Map<Long, Cells[]> hours = new HashMap<>();
  private final Map<Long, LongSet> reqsByDay = new HashMap<>();
  private long events;
  private long malformedCount;
  private long minTs = Long.MAX_VALUE;
  private long maxTs = Long.MIN_VALUE;

  public EventIndex(CostWeights weights, Pricer pricer) {
    this.costModel = new CostModel(weights);
    this.pricer = pricer;
    for (int d = 0; d < DIMS; d++) {
      dicts[d] = new Dict();
    }
    // Status ids are fixed so that they double as Status ordinals in rollup keys.
    for (Status s : Status.values()) {
      dicts[STATUS_DIM].id(s.wire());
    }
  }

  public CostWeights weights() {
    return costModel.weights();
  }

  /** Adds a segment: maps its dictionaries, prices its events and rolls them up by hour. */
  public void add(Segment s) {
    add(s, rollUp(s));
  }

  /**
   * A fingerprint of everything rollups depend on besides the events (cost weights, prices):
   * persisted rollups are only reused under the same fingerprint.
   */
  public String fingerprint() {
    StringBuilder sb = new StringBuilder("v1|");
    CostWeights w = costModel.weights();
    sb.append(w.defaults()).append('|');
    w.toolsSorted().forEach((k, v) -> sb.append(k).append('=').append(v.costPerCall().toPlainString())
        .append('+').append(v.costPerMs().toPlainString()).append(';'));
    sb.append('|').append(pricer.identity());
    try {
      byte[] h = java.security.MessageDigest.getInstance("SHA-256")
          .digest(sb.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
      StringBuilder hex = new StringBuilder();
      for (int i = 0; i < 8; i++) {
        hex.append(String.format("%02x", h[i]));
      }
      return hex.toString();
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Computes a segment's hourly sums from its columns (no lock; safe to run in parallel). */
  public Rollup rollUp(Segment s) {
    Entry e = prepare(s);
    Map<Long, Cells[]> local = new java.util.TreeMap<>();
    int n = s.size();
    long currentHour = Long.MIN_VALUE;
    Cells[] cells = null;
    for (int i = 0; i < n; i++) {
      long h = Math.floorDiv(s.ts(i), HOUR);
      if (h != currentHour) {
        currentHour = h;
        cells = local.computeIfAbsent(h, x -> newHour());
      }
      int status = e.status(i);
      long cost4 = e.cost4(i);
      long usd = e.usdNanos(i);
      boolean unpriced = usd == Segment.NO_USD;
      long usdAdd = unpriced ? 0 : usd;
      long dur = s.col(Segment.C_DUR, i);
      long in = s.col(Segment.C_IN, i);
      long out = s.col(Segment.C_OUT, i);
      for (int d = 0; d < DIMS; d++) {
        cells[d].add(Cells.key(s.dim(d, i), status), cost4, dur, in, out, usdAdd, unpriced);
      }
    }
    return new Rollup(local);
  }

  /** Adds a segment with its rollup (computed by {@link #rollUp} or read back from disk). */
  public void add(Segment s, Rollup r) {
    Entry e = prepare(s);
    lock.writeLock().lock();
    try {
      merge(e, r);
      entries.add(e);
      events += s.size();
      malformedCount += s.malformed().size();
      if (s.size() > 0) {
        minTs = Math.min(minTs, s.minTs());
        maxTs = Math.max(maxTs, s.maxTs());
      }
      for (Map.Entry<Long, LongSet> day : reqsByDay.entrySet()) {
        addReqs(e, day.getKey(), day.getValue());
      }
    } finally {
      lock.writeLock().unlock();
    }
  }

  private void merge(Entry e, Rollup r) {
    long[] lastHour = {Long.MIN_VALUE};
    Cells[][] target = {null};
    r.forEachRow((hour, d, key, cells, row, vals) -> {
      if (hour != lastHour[0]) {
        lastHour[0] = hour;
        target[0] = hours.computeIfAbsent(hour, x -> newHour());
      }
      int local = Cells.valueOf(key);
      int global = local < 0 ? -1 : e.toGlobal[d][local];
      int gkey = Cells.key(global, Cells.statusOf(key));
      if (cells != null) {
        target[0][d].addRow(gkey, cells, row);
      } else {
        target[0][d].addRaw(gkey, vals, 0);
      }
    });
  }

  /**
   * Replaces segments by one holding exactly their events (a compaction): rollups are unchanged.
   */
  public void swap(List<Segment> old, Segment merged) {
    Entry e = prepare(merged);
    lock.writeLock().lock();
    try {
      entries.removeIf(x -> old.contains(x.seg));
      entries.add(e);
    } finally {
      lock.writeLock().unlock();
    }
  }

  public long eventCount() {
    lock.readLock().lock();
    try {
      return events;
    } finally {
      lock.readLock().unlock();
    }
  }

  /** Timestamp (epoch microseconds) of the newest event, or {@code Long.MIN_VALUE} when empty. */
  public long latestEventMicros() {
    lock.readLock().lock();
    try {
      return maxTs;
    } finally {
      lock.readLock().unlock();
    }
  }

  /** Runs a computation on one consistent snapshot of the index. */
  public <T> T read(Supplier<T> query) {
    lock.readLock().lock();
    try {
      return query.get();
    } finally {
      lock.readLock().unlock();
    }
  }

  /** Whether an event with this request-id hash and timestamp day (±1) is already indexed. */
  public boolean containsRequest(long reqHash, long tsMicros) {
    if (reqHash == 0) {
      return false;
    }
    long day = Math.floorDiv(tsMicros, DAY);
    lock.writeLock().lock();
    try {
      for (long d = day - 1; d <= day + 1; d++) {
        if (reqsFor(d).contains(reqHash)) {
          return true;
        }
      }
      return false;
    } finally {
      lock.writeLock().unlock();
    }
  }

  private LongSet reqsFor(long day) {
    LongSet set = reqsByDay.get(day);
    if (set == null) {
      set = new LongSet();
      for (Entry e : entries) {
        addReqs(e, day, set);
      }
      reqsByDay.put(day, set);
    }
    return set;
  }

  private static void addReqs(Entry e, long day, LongSet set) {
    Segment s = e.seg;
    int from = s.lowerBound(day * DAY);
    int to = s.lowerBound((day + 1) * DAY);
    for (int i = from; i < to; i++) {
      long h = s.reqHash(i);
      if (h != 0) {
        set.add(h);
      }
    }
  }

  // ---- package-private query primitives (callers hold the read lock) ----

  long events() {
    return events;
  }

  long malformedCount() {
    return malformedCount;
  }

  long minTs() {
    return minTs;
  }

  long maxTs() {
    return maxTs;
  }

  List<Entry> entries() {
    return entries;
  }

  String name(int dim, int id) {
    return id < 0 ? null : dicts[dim].name(id);
  }

  int dictSize(int dim) {
    return dicts[dim].size();
  }

  int lookup(int dim, String name) {
    return dicts[dim].find(name);
  }

  Cells[] hour(long hour) {
    return hours.get(hour);
  }

  /**
   * Sums events with {@code from <= ts < to} per value of each dimension in {@code dims}. Whole
   * hours come from the rollups; the partial hours at either end are scanned event by event.
   */
  void accumulate(long from, long to, int[] dims, Acc[] accs, boolean includeFailed) {
    if (from >= to) {
      return;
    }
    long firstFull = ceilDiv(from, HOUR);
    long lastFull = Math.floorDiv(to, HOUR);
    if (firstFull >= lastFull) {
      scan(from, to, dims, accs, includeFailed);
      return;
    }
    scan(from, firstFull * HOUR, dims, accs, includeFailed);
    for (long h = firstFull; h < lastFull; h++) {
      Cells[] cells = hours.get(h);
      if (cells == null) {
        continue;
      }
      for (int k = 0; k < dims.length; k++) {
        Cells c = cells[dims[k]];
        Acc acc = accs[k];
        for (int row = 0, n = c.size(); row < n; row++) {
          int key = c.keyAt(row);
          int status = Cells.statusOf(key);
          if (!includeFailed && (status == 1 || status == 2)) {
            continue;
          }
          acc.addCell(Cells.valueOf(key), status, c, row);
        }
      }
    }
    scan(lastFull * HOUR, to, dims, accs, includeFailed);
  }

  private void scan(long from, long to, int[] dims, Acc[] accs, boolean includeFailed) {
    if (from >= to) {
      return;
    }
    for (Entry e : entries) {
      Segment s = e.seg;
      if (s.size() == 0 || s.maxTs() < from || s.minTs() >= to) {
        continue;
      }
      int i = s.lowerBound(from);
      int end = s.lowerBound(to);
      for (; i < end; i++) {
        int status = e.status(i);
        if (!includeFailed && (status == 1 || status == 2)) {
          continue;
        }
        long cost4 = e.cost4(i);
        long usd = e.usdNanos(i);
        boolean unpriced = usd == Segment.NO_USD;
        long usdAdd = unpriced ? 0 : usd;
        for (int k = 0; k < dims.length; k++) {
          accs[k].addEvent(
              e.global(dims[k], i),
              status,
              cost4,
              s.col(Segment.C_DUR, i),
              s.col(Segment.C_IN, i),
              s.col(Segment.C_OUT, i),
              usdAdd,
              unpriced);
        }
      }
    }
  }

  /** Visits every event with {@code from <= ts < to} (unordered across segments). */
  void forEach(long from, long to, EventVisitor v) {
    for (Entry e : entries) {
      Segment s = e.seg;
      if (s.size() == 0 || s.maxTs() < from || s.minTs() >= to) {
        continue;
      }
      int end = s.lowerBound(to);
      for (int i = s.lowerBound(from); i < end; i++) {
        v.visit(e, i);
      }
    }
  }

  @FunctionalInterface
  interface EventVisitor {
    void visit(Entry e, int i);
  }

  static long ceilDiv(long a, long b) {
    return -Math.floorDiv(-a, b);
  }

  private static Cells[] newHour() {
    Cells[] c = new Cells[DIMS];
    for (int d = 0; d < DIMS; d++) {
      c[d] = new Cells();
    }
    return c;
  }

  private Entry prepare(Segment s) {
    int[][] toGlobal = new int[DIMS][];
    synchronized (dicts) {
      for (int d = 0; d < DIMS; d++) {
        String[] local = s.dict(d);
        toGlobal[d] = new int[local.length];
        for (int j = 0; j < local.length; j++) {
          toGlobal[d][j] = dicts[d].id(local[j]);
        }
      }
    }
    String[] tools = s.dict(TOOL_DIM);
    CostModel.Compiled[] toolCost = new CostModel.Compiled[tools.length];
    for (int j = 0; j < tools.length; j++) {
      toolCost[j] = costModel.forTool(tools[j]);
    }
    return new Entry(s, toGlobal, toolCost, pricer);
  }

  /** A segment with its dictionaries mapped to global ids and its cost model compiled. */
  static final class Entry {
    final Segment seg;
    final int[][] toGlobal;
    private final CostModel.Compiled[] toolCost;
    private final Pricer pricer;
    private final Map<Long, Pricer.Rates> rates = new java.util.concurrent.ConcurrentHashMap<>();
    private static final Pricer.Rates UNKNOWN = new Pricer.Rates(0, 0, 0, 0, 0, null);

    Entry(Segment seg, int[][] toGlobal, CostModel.Compiled[] toolCost, Pricer pricer) {
      this.seg = seg;
      this.toGlobal = toGlobal;
      this.toolCost = toolCost;
      this.pricer = pricer;
    }

    int global(int dim, int i) {
      int local = seg.dim(dim, i);
      return local < 0 ? -1 : toGlobal[dim][local];
    }

    /** The Status ordinal of event i (status ids are fixed, see the constructor). */
    int status(int i) {
      return toGlobal[STATUS_DIM][seg.dim(STATUS_DIM, i)];
    }

    long cost4(int i) {
      return toolCost[seg.dim(TOOL_DIM, i)].units4(seg.col(Segment.C_DUR, i));
    }

    /** Dollars of event i in nano-dollars, or {@link Segment#NO_USD} when unpriced. */
    long usdNanos(int i) {
      long given = seg.col(Segment.C_USD, i);
      if (given != Segment.NO_USD) {
        return given;
      }
      int model = seg.dim(MODEL_DIM, i);
      long in = seg.col(Segment.C_TOK_IN, i);
      long out = seg.col(Segment.C_TOK_OUT, i);
      if (model < 0 || (in < 0 && out < 0)) {
        return Segment.NO_USD;
      }
      long day = Math.floorDiv(seg.ts(i), DAY);
      Pricer.Rates r = rates.computeIfAbsent((day << 20) | model, k -> lookup(model, day));
      if (r == UNKNOWN) {
        return Segment.NO_USD;
      }
      return r.nanos(in, out, seg.col(Segment.C_TOK_CR, i), seg.col(Segment.C_TOK_CW, i));
    }

    private Pricer.Rates lookup(int model, long day) {
      Pricer.Rates r = pricer.rates(seg.dict(MODEL_DIM)[model], LocalDate.ofEpochDay(day));
      return r == null ? UNKNOWN : r;
    }

    long col(int c, int i) {
      return seg.col(c, i);
    }

    private volatile long cacheOverInput = -1;

    /**
     * Events whose cache read plus cache write tokens exceed their input tokens (input counts cached
     * tokens too, so the uncached part was floored at 0 when pricing). Counted once per segment.
     */
    long cacheOverInput() {
      long n = cacheOverInput;
      if (n < 0) {
        n = 0;
        for (int i = 0, size = seg.size(); i < size; i++) {
          long in = seg.col(Segment.C_TOK_IN, i);
          long cached = Math.max(0, seg.col(Segment.C_TOK_CR, i)) + Math.max(0, seg.col(Segment.C_TOK_CW, i));
          if (cached > 0 && cached > Math.max(0, in)) {
            n++;
          }
        }
        cacheOverInput = n;
      }
      return n;
    }

    double complexity(int i) {
      return seg.complexity(i);
    }

  }

  /** String <-> dense id for one dimension, shared by every segment. */
  private static final class Dict {
    private final Map<String, Integer> ids = new HashMap<>();
    private final List<String> names = new ArrayList<>();

    synchronized int id(String s) {
      Integer id = ids.get(s);
      if (id == null) {
        id = names.size();
        names.add(s);
        ids.put(s, id);
      }
      return id;
    }

    synchronized int find(String s) {
      Integer id = ids.get(s);
      return id == null ? -1 : id;
    }

    synchronized String name(int id) {
      return names.get(id);
    }

    synchronized int size() {
      return names.size();
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

package dev.burnrate.engine;

import dev.burnrate.usage.CostWeights;
import dev.burnrate.usage.Dimension;
import dev.burnrate.usage.Status;
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
 * write lock for the time it takes to roll it up. (This file is longer than most because adding,
 * merging rollups, folding old days and the query primitives share one lock and one snapshot; the
 * per-segment view, the dictionaries, the request-id set and the cache of closed ranges live in
 * {@link Entry}, {@code Dict}, {@code RequestIds} and {@link RangeCache}.)
 *
 * <p>Memory is bounded by a cap C on distinct values per dimension ({@link #MAX_VALUES}, or the
 * system property {@value #CAP_PROPERTY}), first come, first kept: once a dimension's global
 * dictionary holds C values, every new value is grouped under {@link #OTHER}, and so is every value
 * past the cap of a segment's own dictionary ({@link SegmentBuilder}). Totals stay exact; only
 * names are lost, and the events grouped so are counted per hour and reported by {@link
 * #groupedAsOther}. Status, a closed set of four, is never capped. What that bounds:
 *
 * <ul>
 *   <li>global dictionaries: at most C + 1 strings per dimension;
 *   <li>a segment: its dictionaries stay in its (mapped) buffer and are decoded only while it is
 *       added; the heap keeps its local-to-global id map, trailing {@code (other)} ids dropped, so
 *       at most 4 (C + 1) bytes per dimension, and nothing for values that arrive after the cap;
 *   <li>hourly rollups: one row of about {@value #ROW_BYTES} bytes (10 sums, key, hash slot) per
 *       (value, status) per hour per dimension, so at most min(events, 4 (C + 2)) rows per hour and
 *       dimension; realistic fleets have one to a few thousand values per hour in the wide
 *       dimensions (agent, user, workspace, team). Past a quarter of the heap's worth of rows, the
 *       oldest whole days are folded into day sums ({@link #folded}), about a twentieth of their
 *       hours' rows, so a long or dense history no longer grows the heap by the hour;
 *   <li>day sums ({@link #days}): made only for the dimensions queried over whole days, each at
 *       most the rows of the 24 hours it adds up, and in practice about a twentieth of them;
 *   <li>query accumulators: 96 bytes per value of a grouped dimension, at most 0.96 MB each.
 * </ul>
 */
public final class EventIndex {
  /** The default cap on distinct values per dimension; see the class note for what it bounds. */
  public static final int MAX_VALUES = 10_000;

  /** Overrides {@link #MAX_VALUES} (e.g. {@code -Dburnrate.max_values_per_dimension=50000}). */
  public static final String CAP_PROPERTY = "burnrate.max_values_per_dimension";

  /** The value events are grouped under once their dimension's cap is reached. */
  public static final String OTHER = "(other)";

  static final long HOUR = 3_600_000_000L;
  static final long DAY = 24 * HOUR;
  private static final int DIMS = Segment.DIMS;
  static final int STATUS_DIM = Dimension.STATUS.ordinal();
  static final int TOOL_DIM = Dimension.TOOL.ordinal();
  static final int MODEL_DIM = Dimension.MODEL.ordinal();

  private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
  private final CostModel costModel;
  final Pricer pricer; // CostEngine names its price tables beside the dollars
  private final Dict[] dicts = new Dict[DIMS];
  private final List<Entry> entries = new ArrayList<>();
  private final Map<Long, Cells[]> hours = new HashMap<>();

  /**
   * Per whole UTC day and dimension (key {@code day * DIMS + dim}): the day's 24 hourly rows added
   * up, made the first time a query spans the whole day and dropped when an event lands in it. A
   * long range then adds one row per value and day instead of one per value and hour (a 30-day
   * report reads about 24 times fewer rows). At most as many rows as the hours they sum.
   */
  private final Map<Long, Cells> days = new java.util.concurrent.ConcurrentHashMap<>();

  /**
   * Whole UTC days whose hourly rows were folded into day sums, to keep the hourly rows within
   * {@link #hourlyRowBudget}: per day, its sums per dimension, kept for good (rows that land in
   * such a day later are added to them). A range that starts or ends inside a folded day reads
   * those hours from the events, as it reads the partial hours at its ends. Oldest days fold first,
   * and never the newest two, which the anomaly windows and rolling caps read by the hour.
   */
  private final Map<Long, Cells[]> folded = new HashMap<>();

  /** The most hourly rows kept before old days are folded; see {@link #folded}. */
  private final long hourlyRowBudget;

  private long hourlyRows;

  /** No day was left to fold below this many hourly rows; checked again past it. */
  private long nextFoldCheck;

  /** The heap an hourly row takes, about: its 10 sums, its key and its share of the hash table. */
  static final int ROW_BYTES = 100;

  private final RequestIds requestIds = new RequestIds();

  /** Per hour, per dimension: events whose value was grouped under {@link #OTHER}. */
  private final Map<Long, long[]> otherByHour = new HashMap<>();

  /** Sums over closed ranges, reused while no event lands in their hours; see {@link #sum}. */
  private final RangeCache ranges = new RangeCache();

  private long events;

  /** Segments added so far; see {@link #additions}. */
  private volatile long additions;

  private long malformedCount;
  private long minTs = Long.MAX_VALUE;
  private long maxTs = Long.MIN_VALUE;

  public EventIndex(CostWeights weights, Pricer pricer) {
    this(weights, pricer, valueCap());
  }

  /**
   * @param cap distinct values kept per dimension before the rest are grouped as {@code (other)}
   */
  public EventIndex(CostWeights weights, Pricer pricer, int cap) {
    this(weights, pricer, cap, Runtime.getRuntime().maxMemory() / 4 / ROW_BYTES);
  }

  /**
   * @param hourlyRowBudget the most hourly rows kept before the oldest days are folded into day
   *     sums (by default, a quarter of the heap's worth)
   */
  EventIndex(CostWeights weights, Pricer pricer, int cap, long hourlyRowBudget) {
    this.hourlyRowBudget = hourlyRowBudget;
    this.nextFoldCheck = hourlyRowBudget;
    if (cap < 1) {
      throw new IllegalArgumentException("cap " + cap + " must be at least 1");
    }
    this.costModel = new CostModel(weights);
    this.pricer = pricer;
    for (int d = 0; d < DIMS; d++) {
      dicts[d] = new Dict(d == STATUS_DIM ? Integer.MAX_VALUE : cap);
    }
    // Status ids are fixed so that they double as Status ordinals in rollup keys.
    for (Status s : Status.values()) {
      dicts[STATUS_DIM].id(s.wire());
    }
  }

  public CostWeights weights() {
    return costModel.weights();
  }

  /**
   * The cap on distinct values per dimension in force: {@value #CAP_PROPERTY} when set, else {@link
   * #MAX_VALUES}.
   *
   * @throws IllegalArgumentException when the property is not a positive integer
   */
  public static int valueCap() {
    String v = System.getProperty(CAP_PROPERTY);
    if (v == null) {
      return MAX_VALUES;
    }
    try {
      int cap = Integer.parseInt(v.trim());
      if (cap >= 1) {
        return cap;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new IllegalArgumentException(
        CAP_PROPERTY + " '" + v + "' is not a positive integer; use e.g. " + MAX_VALUES);
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
    w.toolsSorted()
        .forEach(
            (k, v) ->
                sb.append(k)
                    .append('=')
                    .append(v.costPerCall().toPlainString())
                    .append('+')
                    .append(v.costPerMs().toPlainString())
                    .append(';'));
    sb.append('|').append(pricer.identity());
    try {
      byte[] h =
          java.security.MessageDigest.getInstance("SHA-256")
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
    return HourlySums.of(prepare(s), s);
  }

  /** Adds a segment with its rollup (computed by {@link #rollUp} or read back from disk). */
  public void add(Segment s, Rollup r) {
    Entry e = prepare(s);
    e.knowCacheOverInput(r.cacheOverInput);
    lock.writeLock().lock();
    try {
      ranges.nextGeneration();
      merge(e, r);
      entries.add(e);
      additions++;
      events += s.size();
      malformedCount += s.malformed().size();
      if (s.size() > 0) {
        minTs = Math.min(minTs, s.minTs());
        maxTs = Math.max(maxTs, s.maxTs());
      }
      requestIds.added(e);
      if (hourlyRows > nextFoldCheck) {
        foldOldDays();
      }
    } finally {
      lock.writeLock().unlock();
    }
  }

  private void merge(Entry e, Rollup r) {
    long[] lastHour = {Long.MIN_VALUE};
    Cells[][] target = {null};
    boolean[] hourly = {true};
    r.forEachRow(
        (hour, d, key, cells, row, vals) -> {
          if (hour != lastHour[0]) {
            // The hour before is done with this segment: most hours get no more rows after it.
            trim(target[0]);
            lastHour[0] = hour;
            ranges.touched(hour);
            long day = Math.floorDiv(hour, 24);
            target[0] = folded.get(day);
            hourly[0] = target[0] == null;
            if (hourly[0]) {
              target[0] = hours.computeIfAbsent(hour, x -> newHour());
              for (int dim = 0; dim < DIMS; dim++) {
                days.remove(day * DIMS + dim);
              }
            }
          }
          int local = Cells.valueOf(key);
          int global = e.globalOf(d, local);
          int gkey = Cells.key(global, Cells.statusOf(key));
          Cells to = target[0][d];
          int before = to.size();
          if (cells != null) {
            to.addRow(gkey, cells, row);
          } else {
            to.addRaw(gkey, vals, 0);
          }
          if (hourly[0]) {
            hourlyRows += to.size() - before;
          }
          // This entry's (other) id is the dictionary's: any id it maps to existed when it was
          // made.
          if (global >= 0 && global == e.other[d]) {
            long count = cells != null ? cells.get(row, Cells.COUNT) : vals[Cells.COUNT];
            otherByHour.computeIfAbsent(hour, x -> new long[DIMS])[d] += count;
          }
        });
  }

  /**
   * Folds the oldest whole days with hourly rows into day sums until the hourly rows are within the
   * budget, or only the newest two days are left by the hour. Answers are unchanged: a folded day's
   * sums are its hours' sums, and its hours are read from the events when a range cuts it.
   */
  private void foldOldDays() {
    long keepFrom = Math.floorDiv(Math.floorDiv(maxTs, HOUR), 24) - 1;
    long[] byDay =
        hours.keySet().stream().mapToLong(h -> Math.floorDiv(h, 24)).distinct().sorted().toArray();
    for (long day : byDay) {
      if (hourlyRows <= hourlyRowBudget || day >= keepFrom) {
        break;
      }
      fold(day);
    }
    // When the newest days alone are over budget, look again only after a sixteenth more.
    nextFoldCheck = Math.max(hourlyRowBudget, hourlyRows + hourlyRowBudget / 16);
  }

  private void fold(long day) {
    Cells[] sums = new Cells[DIMS];
    for (int d = 0; d < DIMS; d++) {
      Cells cached = days.remove(day * DIMS + d); // a query may have summed the day already
      sums[d] = cached != null ? cached : sumOfHours(day, d);
    }
    for (long h = day * 24; h < day * 24 + 24; h++) {
      Cells[] cells = hours.remove(h);
      if (cells != null) {
        for (Cells c : cells) {
          hourlyRows -= c.size();
        }
      }
    }
    folded.put(day, sums);
  }

  /** Whole days folded into day sums so far (see {@link #folded}), for the operator's stats. */
  public int foldedDays() {
    lock.readLock().lock();
    try {
      return folded.size();
    } finally {
      lock.readLock().unlock();
    }
  }

  private static void trim(Cells[] hour) {
    if (hour != null) {
      for (Cells c : hour) {
        c.trim();
      }
    }
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

  /**
   * How many segments have been added so far (a compaction's swap is not an addition: the events
   * stay the same). A caller that read this before asking {@link #containsRequest} and reads the
   * same number later knows the answer cannot have changed in between.
   */
  public long additions() {
    return additions;
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
    // The days' sets, once built, change only under the write lock (as segments are added), so a
    // look that finds them built needs only the read lock: the spend gate asks for each settled
    // reservation on every reserve, and must not queue behind, or hold up, the index's readers.
    lock.readLock().lock();
    try {
      int known = requestIds.containsIfBuilt(reqHash, day);
      if (known >= 0) {
        return known == 1;
      }
    } finally {
      lock.readLock().unlock();
    }
    lock.writeLock().lock();
    try {
      return requestIds.contains(reqHash, day, entries);
    } finally {
      lock.writeLock().unlock();
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

  /** The cap on distinct values per (capped) dimension this index was built with. */
  int cap() {
    return dicts[TOOL_DIM].cap;
  }

  int lookup(int dim, String name) {
    return dicts[dim].find(name);
  }

  /**
   * The sums of one dimension over {@code [from, to)}, as {@link #accumulate} makes them, reused
   * from an earlier call while no event has been added to any hour the range touches (budget status
   * asks for the same closed days on every call). Callers hold the read lock and must not modify
   * the result.
   */
  Acc sum(int dim, long from, long to, boolean includeFailed) {
    return ranges.sum(this, dim, from, to, includeFailed);
  }

  /**
   * Calls per agent of each of {@code tools} over {@code [from, to)}, reused from an earlier call
   * while no event has been added to any hour the range touches; see {@link
   * RangeCache#callsByAgent}. Callers hold the read lock and must not modify the result.
   */
  long[][] callsByAgent(int[] tools, long from, long to) {
    return ranges.callsByAgent(this, tools, from, to);
  }

  /** The longs the range cache holds now (for tests of its bound). */
  long rangeCacheLongs() {
    return ranges.longs();
  }

  /**
   * As {@link #accumulate}, with the whole hours taken from the range cache ({@link #sum}): for the
   * windows every session of a fleet asks about (the last 24 hours, the hour before the last), so
   * their whole hours are added up once while no event lands in them. A dimension too large for the
   * cache is added up in place.
   */
  void accumulateCached(long from, long to, int[] dims, Acc[] accs, boolean includeFailed) {
    long firstFull = ceilDiv(from, HOUR);
    long lastFull = Math.floorDiv(to, HOUR);
    if (from >= to || firstFull >= lastFull) {
      accumulate(from, to, dims, accs, includeFailed);
      return;
    }
    scan(from, firstFull * HOUR, dims, accs, includeFailed);
    for (int k = 0; k < dims.length; k++) {
      if (ranges.fits(dictSize(dims[k]))) {
        accs[k].addAll(sum(dims[k], firstFull * HOUR, lastFull * HOUR, includeFailed));
      } else {
        accumulate(
            firstFull * HOUR,
            lastFull * HOUR,
            new int[] {dims[k]},
            new Acc[] {accs[k]},
            includeFailed);
      }
    }
    scan(lastFull * HOUR, to, dims, accs, includeFailed);
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
    for (long h = firstFull; h < lastFull; ) {
      if (Math.floorMod(h, 24) == 0 && h + 24 <= lastFull) {
        for (int k = 0; k < dims.length; k++) {
          accs[k].addRows(day(h / 24, dims[k]), includeFailed);
        }
        h += 24;
        continue;
      }
      Cells[] cells = hours.get(h);
      if (cells == null && folded.containsKey(Math.floorDiv(h, 24))) {
        // A folded day cut by the range: its hours are read from the events.
        long stop = Math.min(lastFull, (Math.floorDiv(h, 24) + 1) * 24);
        scan(h * HOUR, stop * HOUR, dims, accs, includeFailed);
        h = stop;
        continue;
      }
      if (cells != null) {
        for (int k = 0; k < dims.length; k++) {
          accs[k].addRows(cells[dims[k]], includeFailed);
        }
      }
      h++;
    }
    scan(lastFull * HOUR, to, dims, accs, includeFailed);
  }

  /** One dimension's rows of a whole UTC day (callers hold the read lock); see {@link #days}. */
  private Cells day(long day, int dim) {
    Cells[] sums = folded.get(day);
    if (sums != null) {
      return sums[dim];
    }
    long key = day * DIMS + dim;
    Cells c = days.get(key);
    if (c == null) {
      c = sumOfHours(day, dim);
      days.put(key, c);
    }
    return c;
  }

  /** One dimension's hourly rows of a whole UTC day, added up. */
  private Cells sumOfHours(long day, int dim) {
    Cells c = new Cells();
    for (long h = day * 24; h < day * 24 + 24; h++) {
      Cells[] cells = hours.get(h);
      if (cells != null) {
        Cells from = cells[dim];
        for (int row = 0, n = from.size(); row < n; row++) {
          c.addRow(from.keyAt(row), from, row);
        }
      }
    }
    c.trim();
    return c;
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
        int basis = e.basis(i, usd);
        long usdAdd = basis == Entry.UNPRICED ? 0 : usd;
        for (int k = 0; k < dims.length; k++) {
          accs[k].addEvent(
              e.global(dims[k], i),
              status,
              cost4,
              s.col(Segment.C_DUR, i),
              s.col(Segment.C_IN, i),
              s.col(Segment.C_OUT, i),
              usdAdd,
              basis);
        }
      }
    }
  }

  /** Whether any value of the dimension was grouped under {@link #OTHER}, at any time. */
  boolean groupedAsOtherAnywhere(int dim) {
    return dicts[dim].other() >= 0;
  }

  /**
   * Per dimension (by ordinal), how many events with {@code from <= ts < to} were grouped under
   * {@link #OTHER} because the dimension's cap was reached (or that carried that very name).
   */
  long[] groupedAsOther(long from, long to) {
    long[] out = new long[DIMS];
    int[] other = new int[DIMS];
    boolean any = false;
    for (int d = 0; d < DIMS; d++) {
      other[d] = dicts[d].other();
      any |= other[d] >= 0;
    }
    if (!any || from >= to) {
      return out;
    }
    long firstFull = ceilDiv(from, HOUR);
    long lastFull = Math.floorDiv(to, HOUR);
    if (firstFull >= lastFull) {
      scanOther(from, to, other, out);
      return out;
    }
    scanOther(from, firstFull * HOUR, other, out);
    if (lastFull - firstFull <= otherByHour.size()) {
      for (long h = firstFull; h < lastFull; h++) {
        addAll(out, otherByHour.get(h));
      }
    } else {
      for (Map.Entry<Long, long[]> h : otherByHour.entrySet()) {
        if (h.getKey() >= firstFull && h.getKey() < lastFull) {
          addAll(out, h.getValue());
        }
      }
    }
    scanOther(lastFull * HOUR, to, other, out);
    return out;
  }

  private static void addAll(long[] into, long[] add) {
    if (add != null) {
      for (int d = 0; d < into.length; d++) {
        into[d] += add[d];
      }
    }
  }

  private void scanOther(long from, long to, int[] other, long[] out) {
    forEach(
        from,
        to,
        (e, i) -> {
          for (int d = 0; d < DIMS; d++) {
            if (other[d] >= 0 && e.global(d, i) == other[d]) {
              out[d]++;
            }
          }
        });
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
    return HourlySums.newHour();
  }

  /**
   * Maps a segment's dictionaries to global ids and compiles its tools' cost weights. The decoded
   * strings are dropped on return; trailing ids that map to {@code (other)} (or to the default
   * weights) are not stored, so values that arrive after the cap cost no heap at all.
   */
  private Entry prepare(Segment s) {
    int[][] toGlobal = new int[DIMS][];
    int[] other = new int[DIMS];
    // Unconfigured tools share one instance of the default weights, so trailing ones can go.
    CostModel.Compiled dflt = costModel.forTool(OTHER);
    CostModel.Compiled[] toolCost = new CostModel.Compiled[0];
    synchronized (dicts) {
      for (int d = 0; d < DIMS; d++) {
        String[] local = s.dict(d);
        int[] map = new int[local.length];
        for (int j = 0; j < local.length; j++) {
          map[j] = dicts[d].id(local[j]);
        }
        other[d] = dicts[d].other();
        int keep = map.length;
        while (keep > 0 && map[keep - 1] == other[d]) {
          keep--;
        }
        toGlobal[d] = keep == map.length ? map : java.util.Arrays.copyOf(map, keep);
        if (d == TOOL_DIM) {
          CostModel.Compiled[] c = new CostModel.Compiled[local.length];
          int last = 0;
          for (int j = 0; j < local.length; j++) {
            c[j] = costModel.forTool(local[j]);
            if (c[j] != dflt) {
              last = j + 1;
            }
          }
          toolCost = java.util.Arrays.copyOf(c, last);
        }
      }
    }
    return new Entry(s, toGlobal, other, dflt, toolCost, pricer);
  }
}

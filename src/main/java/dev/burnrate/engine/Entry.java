package dev.burnrate.engine;

import java.time.LocalDate;
import java.util.Map;

/** A segment with its dictionaries mapped to global ids and its cost model compiled. */
final class Entry {
  final Segment seg;

  /** Local id to global id per dimension; ids past the end map to {@code other}. */
  private final int[][] toGlobal;

  final int[] other;

  /** Cost weights per local tool id; ids past the end have the default weights. */
  private final CostModel.Compiled[] toolCost;

  private final CostModel.Compiled defaultCost;
  private final Pricer pricer;
  private final Map<Long, Pricer.Rates> rates = new java.util.concurrent.ConcurrentHashMap<>();
  private static final Pricer.Rates UNKNOWN = new Pricer.Rates(0, 0, 0, 0, 0, null);
  private static final long[] NO_RATE = new long[0];

  /** The tool rates of one UTC day, per local tool id, looked up on first use. */
  private record DayRates(long day, long[][] byTool) {}

  private volatile DayRates dayRates;

  /** The model rates of one UTC day, per local model id, as found on first use. */
  private record ModelDay(long day, Pricer.Rates[] byModel) {}

  private volatile ModelDay modelDay;

  Entry(
      Segment seg,
      int[][] toGlobal,
      int[] other,
      CostModel.Compiled defaultCost,
      CostModel.Compiled[] toolCost,
      Pricer pricer) {
    this.seg = seg;
    this.toGlobal = toGlobal;
    this.other = other;
    this.defaultCost = defaultCost;
    this.toolCost = toolCost;
    this.pricer = pricer;
  }

  int global(int dim, int i) {
    return globalOf(dim, seg.dim(dim, i));
  }

  int globalOf(int dim, int local) {
    if (local < 0) {
      return -1;
    }
    int[] map = toGlobal[dim];
    return local < map.length ? map[local] : other[dim];
  }

  /** The Status ordinal of event i (status ids are fixed, see the constructor). */
  int status(int i) {
    return toGlobal[EventIndex.STATUS_DIM][seg.dim(EventIndex.STATUS_DIM, i)];
  }

  long cost4(int i) {
    int tool = seg.dim(EventIndex.TOOL_DIM, i);
    CostModel.Compiled c = tool >= 0 && tool < toolCost.length ? toolCost[tool] : defaultCost;
    return c.units4(seg.col(Segment.C_DUR, i));
  }

  /** What priced an event ({@link #basis}): nothing, it is unpriced. */
  static final int UNPRICED = 0;

  /** What priced an event: its own {@code cost_usd}. */
  static final int BY_EVENT = 1;

  /** What priced an event: its model tokens at the price tables (catalog, pricing.yml, AWS). */
  static final int BY_MODEL = 2;

  /** What priced an event: the operator's rate for its tool. */
  static final int BY_TOOL = 3;

  /**
   * Dollars of event i in nano-dollars, or {@link Segment#NO_USD} when unpriced: its own {@code
   * cost_usd}, else its model tokens at the model's prices, else its tool's rate.
   */
  long usdNanos(int i) {
    long given = seg.col(Segment.C_USD, i);
    if (given != Segment.NO_USD) {
      return given;
    }
    Pricer.Rates r = modelRates(i);
    if (r != null) {
      return r.nanos(
          seg.col(Segment.C_TOK_IN, i),
          seg.col(Segment.C_TOK_OUT, i),
          seg.col(Segment.C_TOK_CR, i),
          seg.col(Segment.C_TOK_CW, i));
    }
    long day = Math.floorDiv(seg.ts(i), EventIndex.DAY);
    int tool = seg.dim(EventIndex.TOOL_DIM, i);
    if (tool < 0) {
      return Segment.NO_USD;
    }
    long[] rate = toolRate(tool, day);
    if (rate == NO_RATE) {
      return Segment.NO_USD;
    }
    long nanos = dev.burnrate.pricing.ToolRate.nanos(rate[0], rate[1], seg.col(Segment.C_DUR, i));
    return nanos < 0 ? Segment.NO_USD : nanos;
  }

  /**
   * Which of {@link #usdNanos}'s sources gave event i the dollars {@code usd} (its answer). Priced
   * and without its own {@code cost_usd}, a call whose tool has no rate was priced by its tokens;
   * only a call with both a tool rate and model tokens looks its model's rates up again.
   */
  int basis(int i, long usd) {
    if (usd == Segment.NO_USD) {
      return UNPRICED;
    }
    if (seg.col(Segment.C_USD, i) != Segment.NO_USD) {
      return BY_EVENT;
    }
    int tool = seg.dim(EventIndex.TOOL_DIM, i);
    if (tool < 0 || toolRate(tool, Math.floorDiv(seg.ts(i), EventIndex.DAY)) == NO_RATE) {
      return BY_MODEL;
    }
    return modelRates(i) != null ? BY_MODEL : BY_TOOL;
  }

  /** The per-token rates that price event i's tokens, or null when it has none or no price. */
  private Pricer.Rates modelRates(int i) {
    int model = seg.dim(EventIndex.MODEL_DIM, i);
    if (model < 0 || (seg.col(Segment.C_TOK_IN, i) < 0 && seg.col(Segment.C_TOK_OUT, i) < 0)) {
      return null;
    }
    long day = Math.floorDiv(seg.ts(i), EventIndex.DAY);
    ModelDay m = modelDay;
    if (m == null || m.day() != day) {
      m = new ModelDay(day, new Pricer.Rates[seg.dictSize(EventIndex.MODEL_DIM)]);
      modelDay = m;
    }
    Pricer.Rates r = model < m.byModel().length ? m.byModel()[model] : null;
    if (r == null) {
      r = modelRatesOn(model, day);
      if (model < m.byModel().length) {
        m.byModel()[model] = r;
      }
    }
    return r == UNKNOWN ? null : r;
  }

  /**
   * The slow path of {@link #modelRates}, kept out of the summing loops: the map's boxed key was an
   * allocation per priced event when this ran for every event.
   */
  private Pricer.Rates modelRatesOn(int model, long day) {
    return rates.computeIfAbsent((day << 20) | model, k -> lookup(model, day));
  }

  /**
   * The tool's rate on {@code day}; events are mostly in time order, so one day's rates are kept.
   * Racing callers may look a rate up twice; they store the same immutable array.
   */
  private long[] toolRate(int tool, long day) {
    DayRates d = dayRates;
    if (d == null || d.day() != day) {
      d = new DayRates(day, new long[seg.dictSize(EventIndex.TOOL_DIM)][]);
      dayRates = d;
    }
    long[] r = d.byTool()[tool];
    if (r == null) {
      r = toolRateOn(tool, day);
      d.byTool()[tool] = r;
    }
    return r;
  }

  /**
   * The slow path of {@link #toolRate}, a method of its own so that the summing loops are not
   * compiled with the pricer inlined (a first null from it discarded the loop's compiled code).
   */
  private long[] toolRateOn(int tool, long day) {
    long[] r = pricer.toolRate(seg.dimName(EventIndex.TOOL_DIM, tool), LocalDate.ofEpochDay(day));
    return r == null ? NO_RATE : r;
  }

  private Pricer.Rates lookup(int model, long day) {
    Pricer.Rates r = pricer.rates(seg.modelName(model), LocalDate.ofEpochDay(day));
    return r == null ? UNKNOWN : r;
  }

  long col(int c, int i) {
    return seg.col(c, i);
  }

  private volatile long cacheOverInput = -1;

  /** The count {@link #cacheOverInput} answers, when the segment's rollup made it already. */
  void knowCacheOverInput(long n) {
    if (n >= 0) {
      cacheOverInput = n;
    }
  }

  /**
   * Events whose cache read plus cache write tokens exceed their input tokens (input counts cached
   * tokens too, so the uncached part was floored at 0 when pricing). Counted once per segment.
   */
  long cacheOverInput() {
    long n = cacheOverInput;
    if (n < 0) {
      n = 0;
      for (int i = 0, size = seg.size(); i < size; i++) {
        if (cacheOverInput(seg, i)) {
          n++;
        }
      }
      cacheOverInput = n;
    }
    return n;
  }

  /** Whether event {@code i} of {@code seg} counts more cache tokens than input tokens. */
  static boolean cacheOverInput(Segment seg, int i) {
    long in = seg.col(Segment.C_TOK_IN, i);
    long cached =
        Math.max(0, seg.col(Segment.C_TOK_CR, i)) + Math.max(0, seg.col(Segment.C_TOK_CW, i));
    return cached > 0 && cached > Math.max(0, in);
  }

  double complexity(int i) {
    return seg.complexity(i);
  }
}

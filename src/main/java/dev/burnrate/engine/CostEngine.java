package dev.burnrate.engine;

import dev.burnrate.usage.CostWeights;
import dev.burnrate.usage.Dimension;
import dev.burnrate.usage.QueryException;
import dev.burnrate.usage.Round;
import dev.burnrate.usage.ToolWeight;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The cost engine: reports, top spenders, anomalies, the digest and the cost model in force, over
 * an {@link EventIndex}. Pure: it has no clock ({@code now} is always passed in) and does no I/O.
 *
 * <p>Every result covers every event in its range; nothing is sampled or capped. Each operation
 * takes a query record (which owns its defaults and bounds) and answers with a record; the adapters
 * turn those into JSON with one mapping; the work itself is in {@link EventIndex}, {@code Rows},
 * {@code Anomalies} and {@code Digests}.
 */
public final class CostEngine {

  /** The first instant a query may name: {@link Times#EARLIEST}. */
  public static final Instant EARLIEST = Times.EARLIEST;

  /** The last instant a query may name: {@link Times#LATEST}. */
  public static final Instant LATEST = Times.LATEST;

  private final EventIndex index;

  public CostEngine(EventIndex index) {
    this.index = index;
  }

  public EventIndex index() {
    return index;
  }

  public CostReport report(ReportQuery q) {
    return index.read(() -> reportLocked(q));
  }

  CostReport reportLocked(ReportQuery q) {
    long from = micros(q.from());
    long to = micros(q.to());
    List<Dimension> dims = q.groupBy();
    int[] ids = new int[dims.size() + 1];
    Acc[] accs = new Acc[ids.length];
    for (int k = 0; k < dims.size(); k++) {
      ids[k] = dims.get(k).ordinal();
      accs[k] = new Acc(index.dictSize(ids[k]));
    }
    ids[dims.size()] = Dimension.STATUS.ordinal();
    accs[dims.size()] = new Acc(4);
    index.accumulate(from, to, ids, accs, q.includeFailed());

    Map<Dimension, List<BreakdownRow>> breakdowns = new LinkedHashMap<>();
    for (int k = 0; k < dims.size(); k++) {
      breakdowns.put(dims.get(k), Rows.top(index, dims.get(k), accs[k], q.topN(), q.sortBy()));
    }
    return new CostReport(
        new TimeRange(Rows.instant(from), Rows.instant(to)),
        dims,
        q.includeFailed(),
        Rows.totals(accs[dims.size()], index.pricer.tables()),
        breakdowns,
        q.includeHourly() ? Optional.of(hourly(from, to, q.includeFailed())) : Optional.empty(),
        dataQuality(from, to, Rows.totals(accs[dims.size()]).calls()));
  }

  /** The price tables in force ({@link Pricer#tables}), named beside the dollars they priced. */
  Optional<String> priceTables() {
    return index.pricer.tables();
  }

  private List<HourlyPoint> hourly(long from, long to, boolean includeFailed) {
    List<HourlyPoint> series = new ArrayList<>();
    int[] statusDim = {Dimension.STATUS.ordinal()};
    long h0 = Math.floorDiv(from, EventIndex.HOUR);
    long h1 = EventIndex.ceilDiv(to, EventIndex.HOUR);
    if (h1 - h0 > 24 * 400) {
      throw new QueryException(
          "include_hourly",
          "over "
              + (h1 - h0)
              + " hours is too long a series; narrow {time_range} to 400 days or less");
    }
    for (long h = h0; h < h1; h++) {
      Acc a = new Acc(4);
      long start = Math.max(from, h * EventIndex.HOUR);
      long end = Math.min(to, (h + 1) * EventIndex.HOUR);
      index.accumulate(start, end, statusDim, new Acc[] {a}, includeFailed);
      long count = 0;
      long cost4 = 0;
      long usd = 0;
      long unpriced = 0;
      for (int id = -1; id < a.slots(); id++) {
        count = Cells.plus(count, a.get(id, Acc.COUNT));
        cost4 = Cells.plus(cost4, a.get(id, Acc.COST4));
        usd = Cells.plus(usd, a.get(id, Acc.USD_NANO));
        unpriced = Cells.plus(unpriced, a.get(id, Acc.UNPRICED));
      }
      series.add(
          new HourlyPoint(
              Rows.instant(h * EventIndex.HOUR),
              count,
              Round.units4(cost4),
              Round.usd6(usd),
              Round.ratio(unpriced, count, 4)));
    }
    return series;
  }

  public TopSpenders top(TopQuery q, Instant now) {
    Times.requireSupported("now", now);
    return index.read(() -> topLocked(q, micros(now)));
  }

  TopSpenders topLocked(TopQuery q, long now) {
    long from = now - q.windowHours() * EventIndex.HOUR;
    Dimension[] dims = {Dimension.TOOL, Dimension.AGENT, Dimension.USER, Dimension.WORKSPACE};
    int[] ids = new int[dims.length];
    Acc[] accs = new Acc[dims.length];
    for (int k = 0; k < dims.length; k++) {
      ids[k] = dims[k].ordinal();
      accs[k] = new Acc(index.dictSize(ids[k]));
    }
    index.accumulateCached(from, now, ids, accs, true);
    Totals totals = Rows.totals(accs[0], index.pricer.tables());
    return new TopSpenders(
        new HoursWindow(Rows.instant(from), Rows.instant(now), q.windowHours()),
        totals.calls(),
        totals.costUnits(),
        totals.costUsd(),
        totals.unpricedShare(),
        totals.unpricedCostUnitsShare(),
        totals.usdByBasis(),
        Rows.top(index, dims[0], accs[0], q.topN(), q.sortBy()),
        Rows.top(index, dims[1], accs[1], q.topN(), q.sortBy()),
        Rows.top(index, dims[2], accs[2], q.topN(), q.sortBy()),
        Rows.top(index, dims[3], accs[3], q.topN(), q.sortBy()),
        dataQuality(from, now, totals.calls()));
  }

  public AnomalyReport anomalies(AnomalyQuery q, Instant now) {
    Times.requireSupported("now", now);
    return index.read(() -> new Anomalies(index).detectSayingWhereDataIs(q, micros(now)));
  }

  public Digest digest(DigestQuery q, Instant now) {
    Times.requireSupported("now", now);
    return index.read(() -> new Digests(this).build(q, micros(now)));
  }

  /**
   * Spend per value of {@code dim} for each of {@code days} calendar days starting at {@code
   * firstDay}, with day boundaries at midnight in {@code zone}. Days whose start is at or after
   * {@code now} are empty; the day containing {@code now} is cut at {@code now}.
   */
  public SpendSeries spendByDay(
      Dimension dim, LocalDate firstDay, int days, java.time.ZoneId zone, Instant now) {
    if (days < 1 || days > 400) {
      throw new QueryException("days", days + " must be between 1 and 400");
    }
    return index.read(
        () -> {
          int d = dim.ordinal();
          Acc[] perDay = new Acc[days];
          long nowMicros = micros(now);
          for (int j = 0; j < days; j++) {
            long from = micros(firstDay.plusDays(j).atStartOfDay(zone).toInstant());
            long to =
                Math.min(
                    nowMicros, micros(firstDay.plusDays(j + 1L).atStartOfDay(zone).toInstant()));
            if (to < nowMicros) {
              perDay[j] = index.sum(d, from, to, true); // a closed day: cached
            } else {
              perDay[j] = new Acc(index.dictSize(d));
              index.accumulate(from, to, new int[] {d}, new Acc[] {perDay[j]}, true);
            }
          }
          int slots = index.dictSize(d) + 1;
          List<String> names = new ArrayList<>();
          List<Integer> ids = new ArrayList<>();
          for (int id = -1; id < slots - 1; id++) {
            boolean any = false;
            for (int j = 0; j < days && !any; j++) {
              any = id < perDay[j].slots() && perDay[j].get(id, Acc.COUNT) > 0;
            }
            if (any) {
              names.add(index.name(d, id));
              ids.add(id);
            }
          }
          long[][] usd = new long[ids.size()][days];
          long[][] calls = new long[ids.size()][days];
          long[][] unpriced = new long[ids.size()][days];
          long[][] cost4 = new long[ids.size()][days];
          long[][] unpricedCost4 = new long[ids.size()][days];
          long[][] eventNanos = new long[ids.size()][days];
          long[][] toolNanos = new long[ids.size()][days];
          for (int i = 0; i < ids.size(); i++) {
            int id = ids.get(i);
            for (int j = 0; j < days; j++) {
              if (id < perDay[j].slots()) {
                usd[i][j] = perDay[j].get(id, Acc.USD_NANO);
                calls[i][j] = perDay[j].get(id, Acc.COUNT);
                unpriced[i][j] = perDay[j].get(id, Acc.UNPRICED);
                cost4[i][j] = perDay[j].get(id, Acc.COST4);
                unpricedCost4[i][j] = perDay[j].get(id, Acc.UNPRICED_COST4);
                eventNanos[i][j] = perDay[j].get(id, Acc.USD_EVENT_NANO);
                toolNanos[i][j] = perDay[j].get(id, Acc.USD_TOOL_NANO);
              }
            }
          }
          return new SpendSeries(
              firstDay,
              names,
              usd,
              calls,
              unpriced,
              cost4,
              unpricedCost4,
              eventNanos,
              toolNanos,
              index.pricer.tables());
        });
  }

  /**
   * Per UTC day of {@code [firstDay, firstDay + days)}, the agents whose usage events that day
   * carry dollars: usage already prices their calls, so the cloud bill's lines for the same model
   * calls are not counted again. Closed days come from the same cache as {@link #spendByDay}.
   */
  public java.util.function.BiPredicate<String, LocalDate> pricedByUsage(
      LocalDate firstDay, int days, Instant now) {
    SpendSeries s = spendByDay(Dimension.AGENT, firstDay, days, java.time.ZoneOffset.UTC, now);
    Map<String, Integer> rows = new java.util.HashMap<>();
    for (int i = 0; i < s.names().size(); i++) {
      rows.put(s.names().get(i), i);
    }
    return (agent, day) -> {
      Integer i = rows.get(agent);
      long j = day.toEpochDay() - firstDay.toEpochDay();
      return i != null && j >= 0 && j < days && s.usdNanos()[i][(int) j] > 0;
    };
  }

  /**
   * Per-agent, per-model, per-UTC-day usage over {@code [firstDay, firstDay + days)}: the input of
   * downgrade advice.
   */
  public AgentUsage agentUsage(LocalDate firstDay, int days) {
    return index.read(() -> AgentUsage.scan(index, firstDay, days));
  }

  /** The cost model in force and where it came from. */
  public CostModelView weights() {
    CostWeights w = index.weights();
    Map<String, CostModelView.Weight> tools = new LinkedHashMap<>();
    w.toolsSorted().forEach((name, tw) -> tools.put(name, weight(tw)));
    return new CostModelView(
        w.source(),
        "cost_units = cost_per_call + duration_ms * cost_per_ms, rounded half-even to 4 dp per call",
        weight(w.defaults()),
        tools,
        w.anomaly());
  }

  private static CostModelView.Weight weight(ToolWeight w) {
    return new CostModelView.Weight(
        w.costPerCall(), w.costPerMs(), Optional.ofNullable(w.category()));
  }

  /** What is known about the data behind {@code [from, to)}; see {@link DataQualities#of}. */
  DataQuality dataQuality(long from, long to, long counted) {
    return DataQualities.of(index, from, to, counted);
  }

  /**
   * Whether the log names {@code agent}: {@code SEEN}, {@code UNSEEN}, or {@code UNKNOWN} when the
   * agent dimension reached its cap on distinct values, so an agent may hide under {@code (other)}.
   */
  public Sighting sighting(String agent) {
    return index.read(
        () -> {
          int dim = Dimension.AGENT.ordinal();
          if (index.lookup(dim, agent) >= 0) {
            return Sighting.SEEN;
          }
          return index.groupedAsOtherAnywhere(dim) ? Sighting.UNKNOWN : Sighting.UNSEEN;
        });
  }

  /** Whether the log holds an agent; see {@link #sighting}. */
  public enum Sighting {
    SEEN,
    UNSEEN,
    UNKNOWN
  }

  /**
   * Up to {@code n} agents of the log nearest to {@code agent} by edit distance (Levenshtein, ties
   * by name), at most a third of the name's length away, so only plausible misspellings are named.
   */
  public List<String> agentsNear(String agent, int n) {
    return index.read(
        () -> {
          int dim = Dimension.AGENT.ordinal();
          int limit = Math.max(1, agent.length() / 3);
          record Near(String name, int distance) {}
          List<Near> near = new ArrayList<>();
          for (int id = 0; id < index.dictSize(dim); id++) {
            String name = index.name(dim, id);
            if (name == null
                || name.equals(EventIndex.OTHER)
                || Math.abs(name.length() - agent.length()) > limit) {
              continue;
            }
            int d = distance(agent, name);
            if (d <= limit) {
              near.add(new Near(name, d));
            }
          }
          near.sort(
              (x, y) ->
                  x.distance() != y.distance()
                      ? Integer.compare(x.distance(), y.distance())
                      : x.name().compareTo(y.name()));
          return near.stream().limit(n).map(Near::name).toList();
        });
  }

  private static int distance(String a, String b) {
    int[] prev = new int[b.length() + 1];
    int[] cur = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      prev[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      cur[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int sub = prev[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
        cur[j] = Math.min(sub, Math.min(prev[j] + 1, cur[j - 1] + 1));
      }
      int[] t = prev;
      prev = cur;
      cur = t;
    }
    return prev[b.length()];
  }

  /** {@link Times#requireSupported}, for callers that named it here. */
  public static Instant requireSupported(String name, Instant t) {
    return Times.requireSupported(name, t);
  }

  private static final long MAX_SECONDS = Long.MAX_VALUE / 1_000_000L;
  private static final long MIN_SECONDS = Long.MIN_VALUE / 1_000_000L;

  /**
   * Microseconds since the epoch, saturating at the ends of {@code long} (about ±292,000 years):
   * queries are held to {@link #EARLIEST}..{@link #LATEST}, so saturation only keeps a value that
   * slipped past those checks from ever throwing.
   */
  static long micros(Instant t) {
    long s = t.getEpochSecond();
    if (s >= MAX_SECONDS) {
      return Long.MAX_VALUE;
    }
    if (s < MIN_SECONDS) {
      return Long.MIN_VALUE;
    }
    return s * 1_000_000L + t.getNano() / 1000;
  }

  static Instant instant(long micros) {
    return Rows.instant(micros);
  }
}

package dev.burnrate.engine;

import dev.burnrate.usage.Dimension;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Per agent, per model and per UTC day: calls, failures, dollars, LLM calls, token volumes and
 * complexity scores, plus the tools each agent (and the fleet) used each day. The raw material for
 * downgrade advice; every event of the days is counted, with no sampling.
 *
 * <p>Bounded by the index's cap C on distinct values: at most C + 2 agents (with {@code (other)}
 * and "no agent"), and at most 2 (C + 2) agent-model rows; past that, an agent's events on models
 * it has no row for yet are counted under model {@code (other)}, one more row per agent. A row is
 * {@code days} x 10 longs, so 30 days at C = 10,000 is at most about 100 MB in the worst case and a
 * few hundred KB for a realistic fleet.
 */
public final class AgentUsage {
  /** Long fields of a {@link #day} row. */
  public static final int CALLS = 0;

  public static final int FAILED = 1;
  public static final int USD_NANOS = 2;
  public static final int UNPRICED = 3;

  /** Events that carry output tokens (calls of a model). */
  public static final int LLM_CALLS = 4;

  public static final int TOK_IN = 5;
  public static final int TOK_OUT = 6;
  public static final int TOK_CR = 7;
  public static final int TOK_CW = 8;

  /** Events that carry a complexity score. */
  public static final int SCORED = 9;

  static final int FIELDS = 10;

  /** Stands for model {@code (other)} in row keys once the rows reach their bound. */
  private static final int OTHER_MODEL = -2;

  private final LocalDate firstDay;
  private final int days;

  /** agent -> model -> [day][field]; model null = events without a model. */
  private final Map<String, Map<String, long[][]>> usage;

  private final Map<String, Map<String, double[]>> complexity;
  private final Map<String, BitSet[]> agentTools;
  private final BitSet[] fleetTools;
  private final long[] fleetLlmCalls;
  private final long[] fleetTokOut;

  private AgentUsage(
      LocalDate firstDay,
      int days,
      Map<String, Map<String, long[][]>> usage,
      Map<String, Map<String, double[]>> complexity,
      Map<String, BitSet[]> agentTools,
      BitSet[] fleetTools,
      long[] fleetLlmCalls,
      long[] fleetTokOut) {
    this.firstDay = firstDay;
    this.days = days;
    this.usage = usage;
    this.complexity = complexity;
    this.agentTools = agentTools;
    this.fleetTools = fleetTools;
    this.fleetLlmCalls = fleetLlmCalls;
    this.fleetTokOut = fleetTokOut;
  }

  /** Scans the UTC days {@code [firstDay, firstDay + days)} of {@code index}. */
  static AgentUsage scan(EventIndex index, LocalDate firstDay, int days) {
    if (days < 1 || days > 400) {
      throw new IllegalArgumentException("days " + days + " must be between 1 and 400");
    }
    long from = micros(firstDay);
    long to = micros(firstDay.plusDays(days));
    int agentDim = Dimension.AGENT.ordinal();
    int modelDim = Dimension.MODEL.ordinal();
    int toolDim = Dimension.TOOL.ordinal();
    Map<Long, long[][]> rows = new HashMap<>();
    Map<Long, double[]> scores = new HashMap<>();
    Map<Integer, BitSet[]> tools = new HashMap<>();
    int maxRows = 2 * (index.cap() + 2);
    BitSet[] fleet = new BitSet[days];
    long[] fleetLlm = new long[days];
    long[] fleetOut = new long[days];
    for (int d = 0; d < days; d++) {
      fleet[d] = new BitSet();
    }
    index.forEach(
        from,
        to,
        (e, i) -> {
          int day = (int) ((e.seg.ts(i) - from) / EventIndex.DAY);
          int agent = e.global(agentDim, i);
          int model = e.global(modelDim, i);
          int tool = e.global(toolDim, i);
          long key = ((long) agent << 32) | (model & 0xffffffffL);
          long[][] all = rows.get(key);
          if (all == null) {
            if (rows.size() >= maxRows) {
              key = ((long) agent << 32) | (OTHER_MODEL & 0xffffffffL);
            }
            all = rows.computeIfAbsent(key, k -> new long[days][FIELDS]);
          }
          long[] r = all[day];
          r[CALLS]++;
          int status = e.status(i);
          if (status == 1 || status == 2) {
            r[FAILED]++;
          }
          long usd = e.usdNanos(i);
          if (usd == Segment.NO_USD) {
            r[UNPRICED]++;
          } else {
            r[USD_NANOS] = Cells.plus(r[USD_NANOS], usd);
          }
          long out = e.col(Segment.C_TOK_OUT, i);
          if (out >= 0) {
            r[LLM_CALLS]++;
            r[TOK_OUT] = Cells.plus(r[TOK_OUT], out);
            r[TOK_IN] = Cells.plus(r[TOK_IN], Math.max(0, e.col(Segment.C_TOK_IN, i)));
            r[TOK_CR] = Cells.plus(r[TOK_CR], Math.max(0, e.col(Segment.C_TOK_CR, i)));
            r[TOK_CW] = Cells.plus(r[TOK_CW], Math.max(0, e.col(Segment.C_TOK_CW, i)));
            fleetLlm[day]++;
            fleetOut[day] = Cells.plus(fleetOut[day], out);
          }
          double c = e.complexity(i);
          if (!Double.isNaN(c)) {
            r[SCORED]++;
            scores.computeIfAbsent(key, k2 -> new double[days])[day] += c;
          }
          if (tool >= 0) {
            fleet[day].set(tool);
            BitSet[] t =
                tools.computeIfAbsent(
                    agent,
                    k -> {
                      BitSet[] b = new BitSet[days];
                      for (int d = 0; d < days; d++) {
                        b[d] = new BitSet();
                      }
                      return b;
                    });
            t[day].set(tool);
          }
        });
    Map<String, Map<String, long[][]>> usage = new TreeMap<>(AgentUsage::nullsFirst);
    Map<String, Map<String, double[]>> complexity = new HashMap<>();
    for (Map.Entry<Long, long[][]> en : rows.entrySet()) {
      String agent = index.name(agentDim, (int) (en.getKey() >> 32));
      int modelId = (int) (long) en.getKey();
      String model = modelId == OTHER_MODEL ? EventIndex.OTHER : index.name(modelDim, modelId);
      // A model literally named (other) in the index and the rows' own (other) are one model.
      usage
          .computeIfAbsent(agent, k -> new TreeMap<>(AgentUsage::nullsFirst))
          .merge(
              model,
              en.getValue(),
              (x, y) -> {
                for (int d = 0; d < x.length; d++) {
                  for (int f = 0; f < FIELDS; f++) {
                    x[d][f] += y[d][f];
                  }
                }
                return x;
              });
      double[] s = scores.get(en.getKey());
      if (s != null) {
        complexity
            .computeIfAbsent(agent, k -> new HashMap<>())
            .merge(
                model,
                s,
                (x, y) -> {
                  for (int d = 0; d < x.length; d++) {
                    x[d] += y[d];
                  }
                  return x;
                });
      }
    }
    Map<String, BitSet[]> agentTools = new HashMap<>();
    tools.forEach((agent, b) -> agentTools.put(index.name(agentDim, agent), b));
    return new AgentUsage(firstDay, days, usage, complexity, agentTools, fleet, fleetLlm, fleetOut);
  }

  private static int nullsFirst(String a, String b) {
    if (a == null || b == null) {
      return a == null ? (b == null ? 0 : -1) : 1;
    }
    return a.compareTo(b);
  }

  private static long micros(LocalDate day) {
    return day.atStartOfDay(ZoneOffset.UTC).toEpochSecond() * 1_000_000L;
  }

  public LocalDate firstDay() {
    return firstDay;
  }

  public int days() {
    return days;
  }

  /** The start of day {@code d} (0-based), UTC. */
  public Instant dayStart(int d) {
    return firstDay.plusDays(d).atStartOfDay(ZoneOffset.UTC).toInstant();
  }

  /** Agents with events in the days, sorted (null = events without an agent). */
  public List<String> agents() {
    return Collections.unmodifiableList(new ArrayList<>(usage.keySet()));
  }

  /** Models the agent used, sorted (null = events without a model). */
  public List<String> models(String agent) {
    return new ArrayList<>(usage.getOrDefault(agent, Map.of()).keySet());
  }

  /** The agent's row for {@code model} on day {@code d}: the fields above; zeros when none. */
  public long[] day(String agent, String model, int d) {
    long[][] r = usage.getOrDefault(agent, Map.of()).get(model);
    return r == null ? new long[FIELDS] : r[d].clone();
  }

  /** Sum of the agent's complexity scores on {@code model} on day {@code d}. */
  public double complexitySum(String agent, String model, int d) {
    double[] s = complexity.getOrDefault(agent, Map.of()).get(model);
    return s == null ? 0 : s[d];
  }

  /** Distinct tools the agent used on days {@code [from, to)}. */
  public int agentTools(String agent, int from, int to) {
    BitSet[] b = agentTools.get(agent);
    if (b == null) {
      return 0;
    }
    BitSet all = new BitSet();
    for (int d = from; d < to; d++) {
      all.or(b[d]);
    }
    return all.cardinality();
  }

  /** Distinct tools the whole fleet used on days {@code [from, to)}. */
  public int fleetTools(int from, int to) {
    BitSet all = new BitSet();
    for (int d = from; d < to; d++) {
      all.or(fleetTools[d]);
    }
    return all.cardinality();
  }

  /** The fleet's model calls and output tokens on days {@code [from, to)}: {calls, tokens}. */
  public long[] fleetOutput(int from, int to) {
    long calls = 0;
    long tokens = 0;
    for (int d = from; d < to; d++) {
      calls = Cells.plus(calls, fleetLlmCalls[d]);
      tokens = Cells.plus(tokens, fleetTokOut[d]);
    }
    return new long[] {calls, tokens};
  }
}

package dev.burnrate.cli;

import dev.burnrate.control.SpendGate;
import dev.burnrate.usage.DaemonThreads;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

/**
 * The spend gate's part of {@code burnrate bench}: reserve+settle pairs from {@code threads}
 * threads, each its own agent (so no budget refuses), after {@code warmup} untimed ones; pairs per
 * second, process CPU per pair, and reserve latency, closed-loop or paced at {@code rate} pairs a
 * second ({@code scripts/bench_reserve.sh}).
 */
final class ReserveBench {
  private final int timedPairs;
  private final int threads;
  private final int warmup;
  private final double rate;

  /** Where each timed reserve's due time and latency go, or null. */
  private final java.nio.file.Path latencies;

  /** Pairs made by {@link #warmUp} so far (untimed). */
  private long warmedUp;

  /**
   * The callers' threads and (paced) the settles' threads, made once for the warm-up and the timed
   * pairs alike, as a long-running server keeps its threads. New pools for the timed pairs made
   * their first two seconds a benchmark of their own: the warm-up's pools shutting down threw the
   * JIT's lock and executor code back to the interpreter (and {@code GroupCommit.runQueued} with
   * it), and each new thread made its own buffers.
   */
  private ExecutorService callers;

  private ExecutorService settlers;

  ReserveBench(int pairs, int threads, int warmup, double rate, java.nio.file.Path latencies) {
    this.timedPairs = pairs;
    this.threads = threads;
    this.warmup = warmup;
    this.rate = rate;
    this.latencies = latencies;
  }

  /**
   * The timed pairs through the spend gate on the ledger store.yml names, from {@link #threads}
   * threads (each its own agent, so no budget refuses): pairs per second, and reserve latency.
   */
  Map<String, Object> timed(SpendGate gate, Instant now) throws Exception {
    int threads = Math.max(1, this.threads);
    int perThread = Math.max(1, timedPairs / threads);
    long[][] reserveNanos = new long[threads][perThread];
    long[][] startNanos = new long[threads][perThread];
    String run = Long.toHexString(System.nanoTime());
    long startedMs = System.currentTimeMillis();
    long cpu0 = processCpuNanos();
    long compactions0 = gate.ledgerCompactions();
    Instant epoch0 = Instant.now();
    long t0 = System.nanoTime();
    int refused;
    try {
      refused = pairs(gate, now, "bench-agent-", run, reserveNanos, startNanos);
    } finally {
      shutdown();
    }
    double seconds = (System.nanoTime() - t0) / 1e9;
    long cpu = cpu0 < 0 ? -1 : processCpuNanos() - cpu0;
    long compactions = gate.ledgerCompactions() - compactions0;
    long endedMs = System.currentTimeMillis();
    if (latencies != null) {
      writeLatencies(epoch0, t0, startNanos, reserveNanos);
    }
    double[] ms =
        Arrays.stream(reserveNanos)
            .flatMapToLong(Arrays::stream)
            .mapToDouble(n -> n / 1e6)
            .sorted()
            .toArray();
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("pairs", (long) threads * perThread);
    m.put("threads", threads);
    m.put("warmup_pairs", warmedUp);
    m.put("refused", refused);
    if (rate > 0) {
      m.put("paced_pairs_per_second", rate);
    }
    m.put("pairs_per_second", Figures.round(threads * perThread / seconds, 1));
    // The process's CPU (every thread, the collector's too) per pair: what the pairs cost whatever
    // else the machine runs, and on N cores a ceiling of N seconds / this on the pairs per second.
    if (cpu >= 0) {
      m.put("cpu_us_per_pair", Figures.round(cpu / 1e3 / ((long) threads * perThread), 1));
    }
    // The ledger compactions finished while the pairs ran: a steady server compacts about every
    // 100,000 pairs (JsonlReservationLedger), and the tail is the tail with one.
    m.put("ledger_compactions", compactions);
    m.put("started_epoch_ms", startedMs);
    m.put("ended_epoch_ms", endedMs);
    m.put("reserve_p50_ms", Figures.round(ms[ms.length / 2], 3));
    m.put("reserve_p90_ms", Figures.round(Figures.percentile(ms, 0.90), 3));
    m.put("reserve_p99_ms", Figures.round(Figures.percentile(ms, 0.99), 3));
    m.put("reserve_p999_ms", Figures.round(Figures.percentile(ms, 0.999), 3));
    m.put("reserve_max_ms", Figures.round(ms[ms.length - 1], 3));
    return m;
  }

  /**
   * {@link #warmup} untimed pairs on agents of their own, made as the timed ones are (paced at the
   * same rate, settled on threads of their own), so the timed ones run on code compiled for that
   * traffic, as a long-running server's does. Warmed up closed-loop, the JIT was still compiling
   * for the paced run's paths through its timed pairs, at about a seventh of the CPU.
   */
  void warmUp(SpendGate gate, Instant now) throws Exception {
    int threads = Math.max(1, this.threads);
    int perThread = Math.max(0, warmup) / threads;
    if (perThread == 0) {
      return;
    }
    try {
      pairs(
          gate,
          now,
          "bench-warmup-",
          Long.toHexString(System.nanoTime()) + "-w",
          new long[threads][perThread],
          new long[threads][perThread]);
      warmedUp += (long) threads * perThread;
    } catch (Exception | Error e) {
      shutdown();
      throw e;
    }
  }

  private void shutdown() {
    if (callers != null) {
      callers.shutdown();
      callers = null;
    }
    if (settlers != null) {
      settlers.shutdown();
      settlers = null;
    }
  }

  /**
   * One caller thread per row of {@code reserveNanos}, each making that many pairs as its own agent
   * ({@code agentPrefix} + thread) and timing each reserve into its row; the count refused. With a
   * {@code rate} (pairs per second, all threads together) pair {@code i} of thread {@code t} is due
   * at {@code (i * threads + t) / rate} seconds after the start, waits until then, and is timed
   * from then: a reserve that starts late because the one before it was slow counts its wait, as a
   * caller arriving on schedule would see it. Paced, the settles run on threads of their own (see
   * below). Each reserve's start (its due time when paced) goes into {@code startNanos}.
   */
  private int pairs(
      SpendGate gate,
      Instant now,
      String agentPrefix,
      String run,
      long[][] reserveNanos,
      long[][] startNanos)
      throws Exception {
    AtomicInteger refused = new AtomicInteger();
    BigDecimal cent = new BigDecimal("0.01");
    List<Future<?>> done = new ArrayList<>();
    int threads = reserveNanos.length;
    double nanosPerPair = rate > 0 ? 1e9 / rate : 0;
    // Paced, a reserve's caller is one of many: it settles later, on a thread of its own, so the
    // next reserve due on this thread does not wait for a settle (a caller doing its model call
    // between the two would not either).
    // Nothing of a settle is kept once it is done (the first failure aside): a future per pair,
    // holding its answer to the end, made the benchmark's own heap grow by hundreds of bytes a pair
    // and lengthened the very collection pauses it measures.
    if (callers == null) {
      // Daemons: kept between the warm-up and the timed pairs, they must not hold the JVM open
      // when something fails in between.
      callers = Executors.newFixedThreadPool(threads, DaemonThreads.named("bench-reserve"));
      settlers =
          rate > 0
              ? Executors.newFixedThreadPool(threads, DaemonThreads.named("bench-settle"))
              : null;
    }
    ExecutorService pool = callers;
    ExecutorService settlers = this.settlers;
    AtomicReference<Exception> settleFailed = new AtomicReference<>();
    AtomicLong unsettled = new AtomicLong();
    long start = System.nanoTime() + 10_000_000L;
    for (int t = 0; t < threads; t++) {
      int thread = t;
      long[] times = reserveNanos[t];
      long[] starts = startNanos[t];
      done.add(
          pool.submit(
              () -> {
                for (int i = 0; i < times.length; i++) {
                  long a = System.nanoTime();
                  if (nanosPerPair > 0) {
                    long due = start + (long) (((double) i * threads + thread) * nanosPerPair);
                    while (a < due) {
                      LockSupport.parkNanos(due - a);
                      a = System.nanoTime();
                    }
                    a = due;
                  }
                  var r =
                      gate.reserve(
                          new SpendGate.Request(
                              agentPrefix + thread,
                              Optional.empty(),
                              cent,
                              Optional.empty(),
                              "bench-" + run + "-" + thread + "-" + i),
                          now);
                  times[i] = System.nanoTime() - a;
                  starts[i] = a;
                  if (r.reservationId().isEmpty()) {
                    refused.incrementAndGet();
                    continue;
                  }
                  String id = r.reservationId().get();
                  if (settlers == null) {
                    gate.settle(id, cent, Optional.empty(), now);
                  } else {
                    unsettled.incrementAndGet();
                    settlers.execute(
                        () -> {
                          try {
                            gate.settle(id, cent, Optional.empty(), now);
                          } catch (Exception | Error e) {
                            settleFailed.compareAndSet(
                                null, e instanceof Exception x ? x : new RuntimeException(e));
                          } finally {
                            if (unsettled.decrementAndGet() == 0) {
                              synchronized (unsettled) {
                                unsettled.notifyAll();
                              }
                            }
                          }
                        });
                  }
                }
                return null;
              }));
    }
    for (Future<?> f : done) {
      f.get();
    }
    // Every settle done before the pairs count as made (the settlers' threads go on to the next).
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(10);
    synchronized (unsettled) {
      while (unsettled.get() > 0) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          throw new IllegalStateException("settles still running after 10 minutes");
        }
        unsettled.wait(Math.max(1, left / 1_000_000));
      }
    }
    if (settleFailed.get() != null) {
      throw settleFailed.get();
    }
    return refused.get();
  }

  /**
   * Writes {@link #latencies}: a line per timed reserve, in the order they were due, with its due
   * (or start) time in epoch microseconds ({@code nanos0} was {@code epoch0}) and its latency in
   * microseconds.
   */
  private void writeLatencies(Instant epoch0, long nanos0, long[][] starts, long[][] nanos)
      throws java.io.IOException {
    long epochMicros0 = epoch0.getEpochSecond() * 1_000_000L + epoch0.getNano() / 1_000;
    long[][] rows = new long[starts.length * (starts.length == 0 ? 0 : starts[0].length)][];
    int n = 0;
    for (int t = 0; t < starts.length; t++) {
      for (int i = 0; i < starts[t].length; i++) {
        rows[n++] =
            new long[] {epochMicros0 + (starts[t][i] - nanos0) / 1_000, nanos[t][i] / 1_000};
      }
    }
    Arrays.sort(rows, (a, b) -> Long.compare(a[0], b[0]));
    StringBuilder out = new StringBuilder(rows.length * 24);
    out.append("due_epoch_us latency_us\n");
    for (long[] row : rows) {
      out.append(row[0]).append(' ').append(row[1]).append('\n');
    }
    java.nio.file.Files.writeString(latencies, out);
  }

  /** CPU time of the whole process so far, or -1 where the platform does not say. */
  private static long processCpuNanos() {
    if (java.lang.management.ManagementFactory.getOperatingSystemMXBean()
        instanceof com.sun.management.OperatingSystemMXBean os) {
      return os.getProcessCpuTime();
    }
    return -1;
  }
}

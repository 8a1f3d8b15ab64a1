package dev.burnrate.cli;

import dev.burnrate.config.Config;
import dev.burnrate.control.Governance;
import dev.burnrate.engine.AnomalyQuery;
import dev.burnrate.engine.CostEngine;
import dev.burnrate.engine.CostReport;
import dev.burnrate.engine.EventIndex;
import dev.burnrate.engine.ReportQuery;
import dev.burnrate.engine.TopQuery;
import dev.burnrate.store.JsonlEventLog;
import dev.burnrate.usage.Dimension;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The performance benchmark: first ingest of an audit directory, restart to first answer (a fresh
 * JVM with the index already built), and warm query latencies. Run it as the targets state: {@code
 * java -Xmx512m -jar target/burnrate.jar bench --audit-dir DIR --data DIR}.
 */
@Command(
    name = "bench",
    mixinStandardHelpOptions = true,
    description =
        "Measure first ingest, restart-to-first-answer and warm query latency on an audit directory.")
final class Bench implements Callable<Integer> {
  @Mixin CommonOptions common;

  @Option(
      names = "--iterations",
      defaultValue = "50",
      description = "Measured runs per query (default ${DEFAULT-VALUE}).")
  int iterations;

  @Option(
      names = "--keep-index",
      description = "Reuse an existing index instead of measuring a first ingest.")
  boolean keepIndex;

  @Option(
      names = "--restarts",
      defaultValue = "3",
      description = "Fresh-JVM restarts to time (default ${DEFAULT-VALUE}).")
  int restarts;

  @Option(
      names = "--reserve-pairs",
      defaultValue = "0",
      description =
          "Also time this many reserve+settle pairs through the spend gate (default ${DEFAULT-VALUE},"
              + " none). Settles append usage events to the audit directory: point --audit-dir at a"
              + " copy.")
  int reservePairs;

  @Option(
      names = "--reserve-threads",
      defaultValue = "4",
      description = "Threads making the reserve+settle pairs (default ${DEFAULT-VALUE}).")
  int reserveThreads;

  @Option(
      names = "--reserve-warmup",
      defaultValue = "5000",
      description =
          "Untimed reserve+settle pairs made first, on agents of their own, so the pairs are timed"
              + " on compiled code as a long-running server's are (default ${DEFAULT-VALUE}).")
  int reserveWarmup;

  @Option(
      names = "--reserve-rate",
      defaultValue = "0",
      paramLabel = "PAIRS_PER_SECOND",
      description =
          "Pace the timed pairs at this many per second across all threads, each reserve timed from"
              + " when its schedule said to start, so a stall counts against every pair it delays"
              + " (default ${DEFAULT-VALUE}: as fast as the threads go).")
  double reserveRate;

  @Option(
      names = "--reserve-only",
      description =
          "Only the reserve+settle pairs, on the store store.yml names (PostgreSQL: this process is"
              + " one replica): no ingest, query or restart timings.")
  boolean reserveOnly;

  @Option(
      names = "--reserve-barrier",
      paramLabel = "DIR",
      description =
          "With --reserve-only: once the store is open, create DIR/ready-<pid> and start the pairs"
              + " when DIR/go exists, so several replicas start together.")
  Path reserveBarrier;

  @Override
  public Integer call() throws Exception {
    Config config = App.loadConfig(common.config);
    if (reserveOnly) {
      return reserveOnly(config);
    }
    Path indexDir = common.data.resolve("index");
    if (!keepIndex) {
      deleteTree(indexDir);
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("audit_dir", common.auditDir().toString());
    out.put("max_heap_mb", Runtime.getRuntime().maxMemory() >> 20);
    out.put("cores", Runtime.getRuntime().availableProcessors());

    long t0 = System.nanoTime();
    EventIndex index = new EventIndex(config.costWeights(), App.pricer(config, common.data));
    JsonlEventLog log = JsonlEventLog.open(common.auditDir(), indexDir, index);
    double ingest = (System.nanoTime() - t0) / 1e9;
    out.put(keepIndex ? "open_seconds" : "first_ingest_seconds", round(ingest, 3));
    out.put("events", index.eventCount());
    out.put("index", log.stats());
    System.gc();
    Runtime rt = Runtime.getRuntime();
    out.put("heap_used_mb_after_gc", (rt.totalMemory() - rt.freeMemory()) >> 20);

    Instant now = common.now == null ? endOfData(index) : common.now();
    out.put("now", now.toString());
    CostEngine engine = new CostEngine(index);
    ReportQuery report =
        new ReportQuery(
            now.minus(Duration.ofDays(30)),
            now,
            List.of(Dimension.TOOL, Dimension.AGENT),
            10,
            true,
            false);
    TopQuery top = TopQuery.defaults();
    AnomalyQuery anomalies = AnomalyQuery.defaults();

    Map<String, Object> warm = new LinkedHashMap<>();
    warm.put("report_30d_tool_agent", time(() -> engine.report(report)));
    warm.put("top_24h", time(() -> engine.top(top, now)));
    warm.put("anomalies_60m_vs_24h", time(() -> engine.anomalies(anomalies, now)));
    dev.burnrate.control.SpendGate gate =
        dev.burnrate.control.SpendGate.open(config, common.data, () -> log);
    Governance governance = Governance.wired(config, common.data, () -> gate, () -> log);
    warm.put("budget_status_month", time(() -> governance.status(engine, now)));
    out.put("warm_ms", warm);
    if (reservePairs > 0) {
      warmUp(gate, now);
      out.put("reservations", reservations(gate, now));
    }
    CostReport r = engine.report(report);
    out.put("report_30d_calls", r.totals().calls());
    out.put("restart_to_first_answer_seconds", restarts(now));
    System.out.println(Output.json(out));
    return Main.OK;
  }

  /**
   * One replica's share of the multi-replica benchmark ({@code scripts/bench_reserve.sh --pg}):
   * opens the store as {@code serve} would (for PostgreSQL, the month is read from the database),
   * warms up, waits at the barrier, then times the pairs. The wall-clock start and end let the
   * script sum replicas over the window they shared.
   */
  private Integer reserveOnly(Config config) throws Exception {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put(
        "store",
        config.store() instanceof dev.burnrate.config.StoreConfig.Postgres ? "postgres" : "jsonl");
    out.put("max_heap_mb", Runtime.getRuntime().maxMemory() >> 20);
    out.put("cores", Runtime.getRuntime().availableProcessors());
    long t0 = System.nanoTime();
    EventIndex index = new EventIndex(config.costWeights(), App.pricer(config, common.data));
    try (dev.burnrate.store.EventLog log = Stores.open(config, common, index);
        dev.burnrate.control.SpendGate gate =
            dev.burnrate.control.SpendGate.open(config, common.data, () -> log)) {
      out.put("open_seconds", round((System.nanoTime() - t0) / 1e9, 3));
      out.put("events", index.eventCount());
      Instant now = common.now == null ? endOfData(index) : common.now();
      out.put("now", now.toString());
      warmUp(gate, now);
      if (reserveBarrier != null) {
        Files.createDirectories(reserveBarrier);
        Files.writeString(reserveBarrier.resolve("ready-" + ProcessHandle.current().pid()), "");
        while (!Files.exists(reserveBarrier.resolve("go"))) {
          Thread.sleep(5);
        }
      }
      out.put("reservations", reservations(gate, now));
    }
    System.out.println(Output.json(out));
    return Main.OK;
  }

  /**
   * Reserve+settle pairs through the spend gate on the ledger store.yml names, from {@link
   * #reserveThreads} threads (each its own agent, so no budget refuses): pairs per second, and
   * reserve latency.
   */
  private Map<String, Object> reservations(dev.burnrate.control.SpendGate gate, Instant now)
      throws Exception {
    int threads = Math.max(1, reserveThreads);
    int perThread = Math.max(1, reservePairs / threads);
    long[][] reserveNanos = new long[threads][perThread];
    java.util.concurrent.ExecutorService pool =
        java.util.concurrent.Executors.newFixedThreadPool(threads);
    String run = Long.toHexString(System.nanoTime());
    long startedMs = System.currentTimeMillis();
    long cpu0 = processCpuNanos();
    long t0 = System.nanoTime();
    int refused = pairs(gate, now, pool, "bench-agent-", run, reserveNanos, reserveRate);
    double seconds = (System.nanoTime() - t0) / 1e9;
    long cpu = cpu0 < 0 ? -1 : processCpuNanos() - cpu0;
    long endedMs = System.currentTimeMillis();
    pool.shutdown();
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
    if (reserveRate > 0) {
      m.put("paced_pairs_per_second", reserveRate);
    }
    m.put("pairs_per_second", round(threads * perThread / seconds, 1));
    // The process's CPU (every thread, the collector's too) per pair: what the pairs cost whatever
    // else the machine runs, and on N cores a ceiling of N seconds / this on the pairs per second.
    if (cpu >= 0) {
      m.put("cpu_us_per_pair", round(cpu / 1e3 / ((long) threads * perThread), 1));
    }
    m.put("started_epoch_ms", startedMs);
    m.put("ended_epoch_ms", endedMs);
    m.put("reserve_p50_ms", round(ms[ms.length / 2], 3));
    m.put("reserve_p90_ms", round(percentile(ms, 0.90), 3));
    m.put("reserve_p99_ms", round(percentile(ms, 0.99), 3));
    m.put("reserve_p999_ms", round(percentile(ms, 0.999), 3));
    m.put("reserve_max_ms", round(ms[ms.length - 1], 3));
    return m;
  }

  /** The value at quantile {@code q} (0..1) of {@code sorted}, nearest-rank. */
  static double percentile(double[] sorted, double q) {
    return sorted[(int) Math.max(0, Math.min(sorted.length - 1, Math.ceil(sorted.length * q) - 1))];
  }

  /** Pairs made by {@link #warmUp} so far (untimed). */
  private long warmedUp;

  /**
   * {@link #reserveWarmup} untimed pairs on agents of their own, so the timed ones run on compiled
   * code, as a long-running server's do.
   */
  private void warmUp(dev.burnrate.control.SpendGate gate, Instant now) throws Exception {
    int threads = Math.max(1, reserveThreads);
    int perThread = Math.max(0, reserveWarmup) / threads;
    if (perThread == 0) {
      return;
    }
    java.util.concurrent.ExecutorService pool =
        java.util.concurrent.Executors.newFixedThreadPool(threads);
    try {
      pairs(
          gate,
          now,
          pool,
          "bench-warmup-",
          Long.toHexString(System.nanoTime()) + "-w",
          new long[threads][perThread],
          0);
      warmedUp += (long) threads * perThread;
    } finally {
      pool.shutdown();
    }
  }

  /**
   * One thread of {@code pool} per row of {@code reserveNanos}, each making that many pairs as its
   * own agent ({@code agentPrefix} + thread) and timing each reserve into its row; the count
   * refused. With a {@code rate} (pairs per second, all threads together) pair {@code i} of thread
   * {@code t} is due at {@code (i * threads + t) / rate} seconds after the start, waits until then,
   * and is timed from then: a reserve that starts late because the one before it was slow counts
   * its wait, as a caller arriving on schedule would see it. Paced, the settles run on threads of
   * their own (see below).
   */
  private static int pairs(
      dev.burnrate.control.SpendGate gate,
      Instant now,
      java.util.concurrent.ExecutorService pool,
      String agentPrefix,
      String run,
      long[][] reserveNanos,
      double rate)
      throws Exception {
    java.util.concurrent.atomic.AtomicInteger refused =
        new java.util.concurrent.atomic.AtomicInteger();
    java.math.BigDecimal cent = new java.math.BigDecimal("0.01");
    List<java.util.concurrent.Future<?>> done = new ArrayList<>();
    int threads = reserveNanos.length;
    double nanosPerPair = rate > 0 ? 1e9 / rate : 0;
    // Paced, a reserve's caller is one of many: it settles later, on a thread of its own, so the
    // next reserve due on this thread does not wait for a settle (a caller doing its model call
    // between the two would not either).
    java.util.concurrent.ExecutorService settlers =
        rate > 0 ? java.util.concurrent.Executors.newFixedThreadPool(threads) : null;
    java.util.Queue<java.util.concurrent.Future<?>> settled =
        new java.util.concurrent.ConcurrentLinkedQueue<>();
    long start = System.nanoTime() + 10_000_000L;
    for (int t = 0; t < threads; t++) {
      int thread = t;
      long[] times = reserveNanos[t];
      done.add(
          pool.submit(
              () -> {
                for (int i = 0; i < times.length; i++) {
                  long a = System.nanoTime();
                  if (nanosPerPair > 0) {
                    long due = start + (long) (((double) i * threads + thread) * nanosPerPair);
                    while (a < due) {
                      java.util.concurrent.locks.LockSupport.parkNanos(due - a);
                      a = System.nanoTime();
                    }
                    a = due;
                  }
                  var r =
                      gate.reserve(
                          new dev.burnrate.control.SpendGate.Request(
                              agentPrefix + thread,
                              Optional.empty(),
                              cent,
                              Optional.empty(),
                              "bench-" + run + "-" + thread + "-" + i),
                          now);
                  times[i] = System.nanoTime() - a;
                  if (r.reservationId().isEmpty()) {
                    refused.incrementAndGet();
                    continue;
                  }
                  String id = r.reservationId().get();
                  if (settlers == null) {
                    gate.settle(id, cent, Optional.empty(), now);
                  } else {
                    settled.add(
                        settlers.submit(() -> gate.settle(id, cent, Optional.empty(), now)));
                  }
                }
                return null;
              }));
    }
    for (java.util.concurrent.Future<?> f : done) {
      f.get();
    }
    if (settlers != null) {
      for (java.util.concurrent.Future<?> f : settled) {
        f.get();
      }
      settlers.shutdown();
    }
    return refused.get();
  }

  /** CPU time of the whole process so far, or -1 where the platform does not say. */
  private static long processCpuNanos() {
    if (java.lang.management.ManagementFactory.getOperatingSystemMXBean()
        instanceof com.sun.management.OperatingSystemMXBean os) {
      return os.getProcessCpuTime();
    }
    return -1;
  }

  private static Instant endOfData(EventIndex index) {
    long max = index.latestEventMicros();
    if (max == Long.MIN_VALUE) {
      throw new UsageException(
          "the audit directory has no events; generate some (burnrate demo) or pass --audit-dir");
    }
    long hour = 3_600_000_000L;
    long end = Math.floorDiv(max, hour) * hour + hour;
    return Instant.ofEpochSecond(end / 1_000_000L);
  }

  private Map<String, Object> time(Supplier<Object> q) {
    for (int i = 0; i < Math.max(20, iterations / 2); i++) {
      q.get();
    }
    double[] ms = new double[iterations];
    for (int i = 0; i < iterations; i++) {
      long t = System.nanoTime();
      q.get();
      ms[i] = (System.nanoTime() - t) / 1e6;
    }
    Arrays.sort(ms);
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("p50", round(ms[ms.length / 2], 3));
    m.put("p95", round(ms[(int) Math.min(ms.length - 1, Math.ceil(ms.length * 0.95) - 1)], 3));
    m.put("max", round(ms[ms.length - 1], 3));
    return m;
  }

  /** Times fresh JVMs (same heap limit) answering a report with the index already built. */
  private List<Double> restarts(Instant now) throws IOException, InterruptedException {
    List<Double> times = new ArrayList<>();
    String java = ProcessHandle.current().info().command().orElse("java");
    String cp = System.getProperty("java.class.path");
    for (int i = 0; i < restarts; i++) {
      List<String> cmd =
          new ArrayList<>(
              List.of(
                  java,
                  "-Xmx" + (Runtime.getRuntime().maxMemory() >> 20) + "m",
                  "-cp",
                  cp,
                  Main.class.getName(),
                  "top",
                  "--data",
                  common.data.toString(),
                  "--audit-dir",
                  common.auditDir().toString(),
                  "--now",
                  now.toString()));
      if (common.config != null) { // else the child looks where this process looked
        cmd.addAll(List.of("--config", common.config.toString()));
      }
      long t = System.nanoTime();
      Process p =
          new ProcessBuilder(cmd)
              .redirectOutput(ProcessBuilder.Redirect.DISCARD)
              .redirectError(ProcessBuilder.Redirect.INHERIT)
              .start();
      int rc = p.waitFor();
      if (rc != 0) {
        throw new IOException("restart run exited " + rc + ": " + String.join(" ", cmd));
      }
      times.add(round((System.nanoTime() - t) / 1e9, 3));
    }
    return times;
  }

  private static double round(double v, int places) {
    double f = Math.pow(10, places);
    return Math.round(v * f) / f;
  }

  private static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> s = Files.walk(dir)) {
      for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}

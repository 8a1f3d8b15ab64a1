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

  @Option(
      names = "--reserve-latencies",
      paramLabel = "FILE",
      description =
          "Write each timed reserve to FILE, one line each: when it was due (epoch microseconds)"
              + " and how long it took (microseconds), to line the tail up with the collector's and"
              + " the ledger's logs.")
  Path reserveLatencies;

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
    out.put(keepIndex ? "open_seconds" : "first_ingest_seconds", Figures.round(ingest, 3));
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
      ReserveBench pairs = reserveBench();
      pairs.warmUp(gate, now);
      out.put("reservations", pairs.timed(gate, now));
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
      out.put("open_seconds", Figures.round((System.nanoTime() - t0) / 1e9, 3));
      out.put("events", index.eventCount());
      Instant now = common.now == null ? endOfData(index) : common.now();
      out.put("now", now.toString());
      ReserveBench pairs = reserveBench();
      pairs.warmUp(gate, now);
      if (reserveBarrier != null) {
        Files.createDirectories(reserveBarrier);
        Files.writeString(reserveBarrier.resolve("ready-" + ProcessHandle.current().pid()), "");
        while (!Files.exists(reserveBarrier.resolve("go"))) {
          Thread.sleep(5);
        }
      }
      out.put("reservations", pairs.timed(gate, now));
    }
    System.out.println(Output.json(out));
    return Main.OK;
  }

  private ReserveBench reserveBench() {
    return new ReserveBench(
        reservePairs, reserveThreads, reserveWarmup, reserveRate, reserveLatencies);
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
    m.put("p50", Figures.round(ms[ms.length / 2], 3));
    m.put("p95", Figures.round(Figures.percentile(ms, 0.95), 3));
    m.put("max", Figures.round(ms[ms.length - 1], 3));
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
      times.add(Figures.round((System.nanoTime() - t) / 1e9, 3));
    }
    return times;
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

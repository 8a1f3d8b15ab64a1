package dev.burnrate.demo;

import dev.burnrate.demo.DemoFleet.Role;
import dev.burnrate.demo.DemoFleet.Tool;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * Writes a deterministic demo month of agent usage as audit JSONL, one file per UTC day, so
 * burnrate can be tried on a fresh machine with nothing but the jar.
 *
 * <p>Design note. Events are laid out hour by hour: each hour's share of the total is its diurnal
 * weight (peak 14:00 UTC, trough 03:00) times a weekend dip times a little noise, apportioned so
 * the counts add up to exactly {@code events}. Within an hour the offsets are drawn uniformly and
 * sorted, so every file is in timestamp order. Agents, users and workspaces follow Zipf-like
 * popularity; a role decides which tools an agent calls; durations, sizes and tokens are log-normal
 * around each tool's median. The last hour before {@code end} carries three injected anomalies: a
 * video-generation cost spike (~8x, mostly {@code media-2}), a {@code web_fetch} error burst (~50 %
 * failed or error) and 25 calls of a never-seen tool.
 *
 * <p>Same arguments, same bytes: one {@link SplittableRandom} stream is consumed in a fixed order,
 * no hash-ordered collection is iterated, and the Gaussian draws use {@link StrictMath}. Existing
 * files with the same names are overwritten; other files in the directory are left. (It is one
 * seeded stream consumed in one fixed order, so it stays one file; the fleet's shape is {@link
 * DemoFleet}.)
 */
public final class DemoData {
  /** What was written: {@code files} day files covering {@code [start, end)}. */
  public record Summary(long events, int files, Instant start, Instant end) {
    public Summary {
      Objects.requireNonNull(start, "start");
      Objects.requireNonNull(end, "end");
      if (events < 0 || files < 1 || !start.isBefore(end)) {
        throw new IllegalArgumentException(
            "summary of "
                + events
                + " events in "
                + files
                + " files over ["
                + start
                + ", "
                + end
                + ") is impossible");
      }
    }
  }

  static final long MIN_EVENTS = 1_000;
  static final long MAX_EVENTS = 100_000_000;
  static final int NEW_TOOL_CALLS = 25;
  static final String SPIKE_AGENT = "media-2";

  private static final long HOUR = 3_600_000_000L;
  private static final long DAY = 24 * HOUR;
  private static final double[] DIURNAL = {
    0.34, 0.28, 0.23, 0.20, 0.22, 0.28, 0.38, 0.52, 0.68, 0.82, 0.91, 0.96,
    0.98, 0.99, 1.00, 0.97, 0.92, 0.85, 0.76, 0.66, 0.57, 0.49, 0.43, 0.38
  };
  private static final double WEEKEND = 0.45;
  private static final String[] STATUS = {"pass", "failed", "error", "denied"};
  private static final double[] STATUS_CUM = {0.95, 0.975, 0.99, 1.0};
  private static final int PASS = 0;
  private static final int FAILED = 1;
  private static final int ERROR = 2;
  private static final int DENIED = 3;
  private static final int BACKGROUND = 0;
  private static final int SPIKE = 1;
  private static final int BURST = 2;
  private static final int NEW_TOOL = 3;
  private static final int USERS = 200;
  private static final int WORKSPACES = 20;
  private static final char[] HEX = "0123456789abcdef".toCharArray();

  private final SplittableRandom rnd;
  private final int agents = DemoFleet.ROLES.size() * DemoFleet.AGENTS_PER_ROLE;
  private final double[] agentCum;
  private final double[] userCum = zipf(USERS, 1.1);
  private final double[] workspaceCum = zipf(WORKSPACES, 1.0);
  private final int[] home = new int[agents];
  private final double[][] roleTools = new double[DemoFleet.ROLES.size()][];
  private final int video = DemoFleet.toolIndex("comfy_generate_video");
  private final int webFetch = DemoFleet.toolIndex("web_fetch");
  private final StringBuilder sb = new StringBuilder(1 << 18);
  private int burstCalls;

  private DemoData(long seed) {
    rnd = new SplittableRandom(seed);
    double[] byRank = zipf(agents, 0.8);
    int[] order = new int[agents];
    for (int i = 0; i < agents; i++) {
      order[i] = i;
    }
    for (int i = agents - 1; i > 0; i--) {
      int j = rnd.nextInt(i + 1);
      int t = order[i];
      order[i] = order[j];
      order[j] = t;
    }
    agentCum = new double[agents];
    for (int rank = 0; rank < agents; rank++) {
      agentCum[order[rank]] = byRank[rank] - (rank == 0 ? 0 : byRank[rank - 1]);
    }
    for (int i = 1; i < agents; i++) {
      agentCum[i] += agentCum[i - 1];
    }
    for (int a = 0; a < agents; a++) {
      home[a] = pick(workspaceCum);
    }
    for (int r = 0; r < roleTools.length; r++) {
      roleTools[r] = DemoFleet.toolWeights(DemoFleet.ROLES.get(r));
    }
  }

  /**
   * Writes {@code events} events covering {@code [end - days, end)} into {@code auditDir} as {@code
   * tool_audit_YYYY-MM-DD.jsonl}, one file per UTC day touched.
   *
   * @throws IllegalArgumentException if {@code days} is outside 1..3660, {@code events} outside
   *     1,000..100,000,000, or {@code end} is finer than a microsecond
   */
  public static Summary generate(Path auditDir, Instant end, int days, long events, long seed)
      throws IOException {
    Objects.requireNonNull(auditDir, "auditDir");
    Objects.requireNonNull(end, "end");
    if (days < 1 || days > 3660) {
      throw new IllegalArgumentException("days " + days + " must be between 1 and 3660");
    }
    if (events < MIN_EVENTS || events > MAX_EVENTS) {
      throw new IllegalArgumentException(
          "events " + events + " must be between " + MIN_EVENTS + " and " + MAX_EVENTS);
    }
    if (end.getNano() % 1000 != 0) {
      throw new IllegalArgumentException(
          "end " + end + " has sub-microsecond digits; truncate it to microseconds");
    }
    Files.createDirectories(auditDir);
    long endMicros =
        Math.addExact(Math.multiplyExact(end.getEpochSecond(), 1_000_000L), end.getNano() / 1000);
    int files = new DemoData(seed).write(auditDir, endMicros, days, events);
    return new Summary(events, files, end.minusSeconds(days * 86_400L), end);
  }

  private int write(Path dir, long endMicros, int days, long events) throws IOException {
    int hours = days * 24;
    long startMicros = endMicros - days * DAY;
    // The anomalies are sized against the day before the last hour, the detector's baseline, so
    // a weekend or a night does not make them look bigger or smaller than intended.
    double[] w = hourWeights(startMicros, hours);
    int baselineHours = Math.min(24, hours - 1);
    double sum = 0;
    double baseline = 0;
    for (int h = 0; h < hours; h++) {
      sum += w[h];
      baseline += h >= hours - 1 - baselineHours && h < hours - 1 ? w[h] : 0;
    }
    double perHour = events * baseline / sum / baselineHours;
    int spike = (int) Math.max(12, Math.round(7.5 * perHour * share(video)));
    int burst = (int) Math.max(20, Math.round(perHour * share(webFetch)));
    int injected = spike + burst + NEW_TOOL_CALLS;
    long[] counts = apportion(events - injected, w, sum);
    counts[hours - 1] += injected;
    long firstDay = Math.floorDiv(startMicros, DAY);
    long lastDay = Math.floorDiv(endMicros - 1, DAY);
    try (DaySink sink = new DaySink(dir, firstDay)) {
      for (int h = 0; h < hours; h++) {
        long[] keys = new long[(int) counts[h]];
        int n = 0;
        int background = keys.length - (h == hours - 1 ? spike + burst + NEW_TOOL_CALLS : 0);
        n = fill(keys, n, background, BACKGROUND);
        if (h == hours - 1) {
          n = fill(keys, n, spike, SPIKE);
          n = fill(keys, n, burst, BURST);
          fill(keys, n, NEW_TOOL_CALLS, NEW_TOOL);
        }
        Arrays.sort(keys);
        long hourStart = startMicros + h * HOUR;
        for (long key : keys) {
          long ts = hourStart + (key >>> 8);
          long day = Math.floorDiv(ts, DAY);
          if (day != sink.day || sb.length() > (1 << 17)) {
            flush(sink);
            sink.moveTo(day);
          }
          event(ts, (int) (key >>> 2 & 63), (int) (key & 3), h == hours - 1, sink.date);
        }
      }
      flush(sink);
      sink.moveTo(lastDay);
    }
    return (int) (lastDay - firstDay + 1);
  }

  private void flush(DaySink sink) throws IOException {
    sink.out.write(sb.toString());
    sb.setLength(0);
  }

  /**
   * Draws each call's offset in the hour and its agent, packed into one sortable key (offset,
   * agent, kind). The agent is known before sorting because JS emitters write milliseconds: their
   * offsets are truncated here, so the written timestamps, not just the true ones, are in order.
   */
  private int fill(long[] keys, int from, int count, int kind) {
    for (int i = 0; i < count; i++) {
      int agent = agentFor(kind);
      long offset = rnd.nextLong(HOUR);
      if (jsEmitter(agent)) {
        offset -= offset % 1000;
      }
      keys[from + i] = offset << 8 | agent << 2 | kind;
    }
    return from + count;
  }

  private int agentFor(int kind) {
    int media = 4 * DemoFleet.AGENTS_PER_ROLE;
    int research = 3 * DemoFleet.AGENTS_PER_ROLE;
    return switch (kind) {
      case SPIKE -> rnd.nextDouble() < 0.8 ? media + 1 : media + rnd.nextInt(5);
      case BURST -> research + rnd.nextInt(5);
      case NEW_TOOL -> rnd.nextBoolean() ? 2 : research + 1;
      default -> pick(agentCum);
    };
  }

  private static boolean jsEmitter(int agent) {
    return agent % 3 == 0;
  }

  /** Relative traffic of each hour: time of day, a weekend dip, and a little noise. */
  private double[] hourWeights(long startMicros, int hours) {
    double[] w = new double[hours];
    for (int h = 0; h < hours; h++) {
      long mid = startMicros + h * HOUR + HOUR / 2;
      int dow = Math.floorMod(Math.floorDiv(mid, DAY) + 3, 7); // 1970-01-01 was a Thursday
      w[h] =
          DIURNAL[(int) (Math.floorMod(mid, DAY) / HOUR)]
              * (dow >= 5 ? WEEKEND : 1)
              * (0.9 + 0.2 * rnd.nextDouble());
    }
    return w;
  }

  /** Hourly counts proportional to {@code w} that sum to exactly {@code total}. */
  private static long[] apportion(long total, double[] w, double sum) {
    long[] counts = new long[w.length];
    long assigned = 0;
    double cum = 0;
    for (int h = 0; h < w.length; h++) {
      cum += w[h];
      long target =
          h == w.length - 1 ? total : Math.min(total, (long) Math.floor(total * cum / sum));
      counts[h] = target - assigned;
      assigned = target;
    }
    return counts;
  }

  /** Expected fraction of background calls that go to one tool, over the agent mix. */
  private double share(int tool) {
    double p = 0;
    for (int a = 0; a < agents; a++) {
      double[] t = roleTools[a / DemoFleet.AGENTS_PER_ROLE];
      double pa = (agentCum[a] - (a == 0 ? 0 : agentCum[a - 1])) / agentCum[agents - 1];
      p += pa * (t[tool] - (tool == 0 ? 0 : t[tool - 1])) / t[t.length - 1];
    }
    return p;
  }

  private void event(long ts, int agent, int kind, boolean lastHour, String date) {
    Tool tool =
        switch (kind) {
          case SPIKE -> DemoFleet.TOOLS.get(video);
          case BURST -> DemoFleet.TOOLS.get(webFetch);
          case NEW_TOOL -> DemoFleet.EXPERIMENTAL;
          default -> DemoFleet.TOOLS.get(pick(roleTools[agent / DemoFleet.AGENTS_PER_ROLE]));
        };
    Role role = DemoFleet.ROLES.get(agent / DemoFleet.AGENTS_PER_ROLE);
    int status;
    if (lastHour && tool == DemoFleet.TOOLS.get(webFetch)) {
      // Every other call fails, so the burst is 50 % however few calls the hour has.
      status = burstCalls++ % 2 == 1 ? PASS : rnd.nextDouble() < 0.6 ? FAILED : ERROR;
    } else {
      status = pick(STATUS_CUM);
    }
    long duration =
        switch (status) {
          case DENIED -> 1 + rnd.nextInt(30);
          case ERROR -> logNormal(tool.durMs() / 2, 1);
          case FAILED -> logNormal(tool.durMs() * 0.6, tool.sigma());
          default -> logNormal(tool.durMs(), tool.sigma());
        };

    sb.append("{\"ts\":\"").append(date);
    timeOfDay(Math.floorMod(ts, DAY), jsEmitter(agent));
    sb.append("\",\"req_id\":\"req_");
    hex(rnd.nextLong(), 16);
    hex(rnd.nextLong(), 8);
    sb.append("\",\"workspace_id\":\"ws_");
    two(rnd.nextDouble() < 0.85 ? home[agent] + 1 : pick(workspaceCum) + 1);
    sb.append("\",\"user_id\":\"user_");
    int user = pick(userCum) + 1;
    sb.append((char) ('0' + user / 1000)).append((char) ('0' + user / 100 % 10));
    two(user % 100);
    sb.append("\",\"agent_id\":\"")
        .append(role.name())
        .append('-')
        .append(agent % DemoFleet.AGENTS_PER_ROLE + 1)
        .append("\",\"tool\":\"")
        .append(tool.name())
        .append("\",\"action\":\"")
        .append(tool.action())
        .append("\",\"status\":\"")
        .append(STATUS[status])
        .append("\",\"duration_ms\":")
        .append(duration)
        .append(",\"in_size\":")
        .append(logNormal(tool.inSize(), 0.6))
        .append(",\"out_size\":")
        .append(
            status == DENIED
                ? 0
                : status == PASS ? logNormal(tool.outSize(), 0.7) : 100 + rnd.nextInt(400))
        .append(",\"input_hash\":\"");
    hex(rnd.nextLong(), 16);
    sb.append('"');
    if (tool.llm() && status != DENIED) {
      llm(tool, role, status == PASS);
    }
    sb.append("}\n");
  }

  private void llm(Tool tool, Role role, boolean pass) {
    String model =
        rnd.nextDouble() < 0.75
            ? role.model()
            : DemoFleet.MODELS.get(rnd.nextInt(DemoFleet.MODELS.size()));
    boolean terse = role.complexity() < 0.4;
    long in = logNormal(tool.tokensIn(), 0.6);
    long out =
        !pass
            ? 0
            : terse
                ? Math.min(190, logNormal(Math.min(tool.tokensOut(), 90), 0.5))
                : logNormal(tool.tokensOut(), 0.6);
    sb.append(",\"model\":\"")
        .append(model)
        .append("\",\"input_tokens\":")
        .append(in)
        .append(",\"output_tokens\":")
        .append(out);
    if (rnd.nextDouble() < 0.35) {
      long cached = (long) (in * (0.2 + 0.7 * rnd.nextDouble()));
      if (cached > 0) {
        sb.append(",\"cache_read_tokens\":").append(cached);
      }
    }
    if (rnd.nextDouble() < 0.85) {
      double c = role.complexity() + (rnd.nextDouble() - 0.5) * 0.16;
      int hundredths = (int) Math.max(1, Math.min(99, Math.round(c * 100)));
      sb.append(",\"complexity_score\":0.").append((char) ('0' + hundredths / 10));
      if (hundredths % 10 != 0) {
        sb.append((char) ('0' + hundredths % 10));
      }
    }
  }

  /** {@code HH:MM:SS.ffffff+00:00} as Python writes it, or {@code HH:MM:SS.fffZ} as JS does. */
  private void timeOfDay(long micros, boolean js) {
    long secs = micros / 1_000_000;
    sb.append('T');
    two((int) (secs / 3600));
    sb.append(':');
    two((int) (secs / 60 % 60));
    sb.append(':');
    two((int) (secs % 60));
    sb.append('.');
    long frac = micros % 1_000_000;
    if (js) {
      long ms = frac / 1000;
      sb.append((char) ('0' + ms / 100))
          .append((char) ('0' + ms / 10 % 10))
          .append((char) ('0' + ms % 10))
          .append('Z');
    } else {
      for (long d = 100_000; d > 0; d /= 10) {
        sb.append((char) ('0' + frac / d % 10));
      }
      sb.append("+00:00");
    }
  }

  private void two(int v) {
    sb.append((char) ('0' + v / 10)).append((char) ('0' + v % 10));
  }

  private void hex(long v, int digits) {
    for (int shift = (digits - 1) * 4; shift >= 0; shift -= 4) {
      sb.append(HEX[(int) (v >>> shift) & 15]);
    }
  }

  /** Box-Muller with {@link StrictMath}, so the bytes do not depend on the JVM's intrinsics. */
  private long logNormal(double median, double sigma) {
    double z =
        StrictMath.sqrt(-2 * StrictMath.log(1 - rnd.nextDouble()))
            * StrictMath.cos(2 * StrictMath.PI * rnd.nextDouble());
    return Math.max(1, Math.round(median * StrictMath.exp(sigma * z)));
  }

  /** The first index whose cumulative weight exceeds a uniform draw; zero weights never win. */
  private int pick(double[] cum) {
    double u = rnd.nextDouble() * cum[cum.length - 1];
    int lo = 0;
    int hi = cum.length - 1;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (cum[mid] > u) {
        hi = mid;
      } else {
        lo = mid + 1;
      }
    }
    return lo;
  }

  private static double[] zipf(int n, double s) {
    double[] cum = new double[n];
    double acc = 0;
    for (int k = 0; k < n; k++) {
      acc += 1 / StrictMath.pow(k + 1, s);
      cum[k] = acc;
    }
    return cum;
  }

  /** Opens the day files in date order, including days that happen to get no events. */
  private static final class DaySink implements AutoCloseable {
    private final Path dir;
    long day;
    Writer out;
    String date;

    DaySink(Path dir, long day) throws IOException {
      this.dir = dir;
      this.day = day;
      open();
    }

    void moveTo(long target) throws IOException {
      while (day < target) {
        out.close();
        day++;
        open();
      }
    }

    private void open() throws IOException {
      date = LocalDate.ofEpochDay(day).toString();
      out =
          Files.newBufferedWriter(
              dir.resolve("tool_audit_" + date + ".jsonl"), StandardCharsets.US_ASCII);
    }

    @Override
    public void close() throws IOException {
      out.close();
    }
  }
}

package dev.burnrate.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.burnrate.wire.Wire;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code burnrate bench}'s reservation figures on the engine fixture: every pair made and settled
 * (closed loop and paced), and percentiles that are percentiles. The figures themselves are the
 * benchmark's to report, not a test's to assert.
 */
class BenchCommandTest {
  @Test
  void pacedPairsAreAllMadeSettledAndTimedFromWhenTheyWereDue(@TempDir Path root) throws Exception {
    Path audit = Fixture.auditDir(root);
    JsonNode r = bench(root, audit, "250");
    assertEquals(200, r.get("pairs").asInt(), r.toString());
    assertEquals(0, r.get("refused").asInt(), r.toString());
    assertEquals(250.0, r.get("paced_pairs_per_second").asDouble(), r.toString());
    // 200 pairs due over 0.8 s: paced, the run cannot finish much sooner.
    double seconds = 200 / r.get("pairs_per_second").asDouble();
    assertTrue(seconds >= 0.75, "paced run took " + seconds + " s: " + r);
    double last = 0;
    for (String p : List.of("p50", "p90", "p99", "p999", "max")) {
      double v = r.get("reserve_" + p + "_ms").asDouble();
      assertTrue(v >= last, p + " below the one before it: " + r);
      last = v;
    }
    // Each settle recorded its usage event: warm-up and timed pairs, none lost to the settlers.
    assertEquals(200 + 40, settledEvents(audit), r.toString());
  }

  @Test
  void eachPacedReserveIsWrittenWithWhenItWasDueAndHowLongItTook(@TempDir Path root)
      throws Exception {
    Path audit = Fixture.auditDir(root);
    Path file = root.resolve("latencies.txt");
    JsonNode r = bench(root, audit, "250", "--reserve-latencies", file.toString());
    List<String> lines = Files.readAllLines(file);
    assertEquals("due_epoch_us latency_us", lines.get(0));
    assertEquals(201, lines.size(), "one line per timed reserve: " + lines.size());
    long[] due = new long[200];
    long maxLatency = 0;
    for (int i = 0; i < 200; i++) {
      String[] f = lines.get(i + 1).split(" ");
      due[i] = Long.parseLong(f[0]);
      long latency = Long.parseLong(f[1]);
      assertTrue(latency >= 0, lines.get(i + 1));
      maxLatency = Math.max(maxLatency, latency);
      if (i > 0) {
        // Due 4 ms apart (250 a second), in order: the schedule, not when each happened to run.
        assertEquals(4_000, due[i] - due[i - 1], 2, "line " + (i + 1) + ": " + lines.get(i + 1));
      }
    }
    assertTrue(
        Math.abs(due[0] / 1_000 - r.get("started_epoch_ms").asLong()) < 1_000,
        "due times are epoch microseconds: " + due[0] + " vs " + r);
    assertEquals(
        r.get("reserve_max_ms").asDouble(), maxLatency / 1e3, 0.002, "the slowest is the max");
  }

  @Test
  void unpacedPairsRunAsFastAsTheThreadsGo(@TempDir Path root) throws Exception {
    Path audit = Fixture.auditDir(root);
    JsonNode r = bench(root, audit, "0");
    assertEquals(200, r.get("pairs").asInt(), r.toString());
    assertTrue(r.get("paced_pairs_per_second") == null, r.toString());
    assertEquals(200 + 40, settledEvents(audit), r.toString());
  }

  private static JsonNode bench(Path root, Path audit, String rate, String... more)
      throws Exception {
    List<String> args =
        new java.util.ArrayList<>(
            List.of(
                "bench",
                "--restarts",
                "0",
                "--iterations",
                "2",
                "--reserve-pairs",
                "200",
                "--reserve-threads",
                "4",
                "--reserve-warmup",
                "40",
                "--reserve-rate",
                rate));
    args.addAll(List.of(more));
    Fixture.Result out = Fixture.run(root.resolve("data"), audit, args);
    assertEquals(0, out.exit(), out.err());
    return Wire.MAPPER.readTree(out.out()).get("reservations");
  }

  private static long settledEvents(Path audit) throws Exception {
    try (Stream<Path> files = Files.list(audit)) {
      long n = 0;
      for (Path f : files.toList()) {
        n += Files.readAllLines(f).stream().filter(l -> l.contains("\"reserved_spend\"")).count();
      }
      return n;
    }
  }
}

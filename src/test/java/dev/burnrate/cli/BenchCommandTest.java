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
  void unpacedPairsRunAsFastAsTheThreadsGo(@TempDir Path root) throws Exception {
    Path audit = Fixture.auditDir(root);
    JsonNode r = bench(root, audit, "0");
    assertEquals(200, r.get("pairs").asInt(), r.toString());
    assertTrue(r.get("paced_pairs_per_second") == null, r.toString());
    assertEquals(200 + 40, settledEvents(audit), r.toString());
  }

  private static JsonNode bench(Path root, Path audit, String rate) throws Exception {
    Fixture.Result out =
        Fixture.run(
            root.resolve("data"),
            audit,
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

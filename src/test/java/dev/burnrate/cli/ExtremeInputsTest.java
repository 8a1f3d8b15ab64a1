package dev.burnrate.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Allowed values are answered and extreme ones are one-line usage errors (exit 2), never crashes.
 */
class ExtremeInputsTest {
  private static final String WINDOW = "2000-01-01T00:00:00Z to 2200-01-01T00:00:00Z";

  @TempDir Path dir;

  private void assertUsageError(Fixture.Result r, String... fragments) {
    assertEquals(2, r.exit(), "exit code; stderr: " + r.err());
    assertEquals(1, r.err().strip().lines().count(), "one line: " + r.err());
    assertFalse(
        r.err().contains("\tat ") || r.err().contains("Exception"), "no stack trace: " + r.err());
    for (String f : fragments) {
      assertTrue(r.err().contains(f), "'" + f + "' missing from: " + r.err());
    }
  }

  @Test
  void timeFlagsAtExtremeYearsAreUsageErrorsNamingTheFlagTheValueAndTheWindow() {
    // Years -999999999 and +300000 overflowed the engine's microsecond clock: a stack trace and
    // exit 3 instead of a usage error.
    Path audit = dir.resolve("audit");
    for (String year : List.of("-999999999-01-01T00:00:00Z", "+300000-01-01T00:00:00Z")) {
      assertUsageError(
          Fixture.run(
              dir, audit, List.of("report", "--from", year, "--to", "2026-01-01T00:00:00Z")),
          "--from",
          year,
          WINDOW);
      assertUsageError(
          Fixture.run(
              dir, audit, List.of("report", "--from", "2026-01-01T00:00:00Z", "--to", year)),
          "--to",
          year,
          WINDOW);
      for (String command : List.of("report", "top", "anomalies", "digest", "budget", "daily")) {
        assertUsageError(
            Fixture.run(dir, audit, List.of(command, "--now", year)), "--now", year, WINDOW);
      }
      assertUsageError(
          Fixture.run(dir, audit, List.of("preflight", "a", "--now", year)), "--now", year, WINDOW);
    }
    assertUsageError(
        Fixture.run(dir, audit, List.of("daily", "--date", "-999999999-01-01")),
        "--date",
        "-999999999-01-01",
        "2000 to 2199");
    assertUsageError(
        Fixture.run(dir, audit, List.of("daily", "--date", "1999-12-31")), "--date", "1999-12-31");
    assertUsageError(
        Fixture.run(dir, audit, List.of("report", "--last", "999999d")),
        "--last '999999d'",
        WINDOW);
  }

  @Test
  void aDigestOverMoreThan28DaysAnswersNormally() throws Exception {
    // digest --window-hours 673-744 (allowed up to 744) failed with a message about the anomaly
    // window it derives, window_minutes 10095.
    Path audit = Fixture.auditDir(dir);
    for (String hours : List.of("700", "744")) {
      Fixture.Result r = Fixture.run(dir, audit, List.of("digest", "--window-hours", hours));
      assertEquals(0, r.exit(), r.err());
      JsonNode digest = new ObjectMapper().readTree(r.out());
      assertEquals(Integer.parseInt(hours), digest.at("/window/hours").asInt(), r.out());
      assertEquals(
          7 * 24 * 60,
          digest.at("/anomalies/window/minutes").asInt(),
          "a quarter, capped at 7 days");
    }
  }
}

package dev.burnrate.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The README's first command: a newcomer's demo runs every part on generated data. */
class DemoCommandTest {
  @Test
  void theDemoShowsEveryPartAndWritesItsDrafts(@TempDir Path root) {
    Path data = root.resolve("demo");
    Fixture.Result r =
        Fixture.runRaw(
            "demo",
            "--config",
            "config",
            "--data",
            data.toString(),
            "--events",
            "40000",
            "--days",
            "10");
    assertEquals(0, r.exit(), r.err());
    for (String section :
        List.of(
            "== Last 30 days by tool and agent ==",
            "== Anomalies:",
            "== Daily digest ==",
            "== Budget this month",
            "== Preflight:",
            "== Downgrade advice")) {
      assertTrue(r.out().contains(section), "missing " + section + " in:\n" + r.out());
    }
    assertTrue(r.out().contains("decision  PASS"), r.out());
    assertTrue(
        r.out().contains("experimental_tool"), "the injected new tool shows up as an anomaly");
    assertTrue(Files.exists(data.resolve("state/preflight-release-2_2.0.json")));
    assertTrue(Files.isDirectory(data.resolve("cost/recommendations")), "drafts are written");
  }
}

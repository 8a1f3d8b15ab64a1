package dev.burnrate.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.burnrate.demo.DemoData;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Regression guard: a known implementation of these formulas capped reads at 200,000 events and, on
 * a large month, reported 200k calls and flagged every tool as a spike. Every event counts.
 */
class NoReadCapTest {
  @TempDir Path dir;

  @Test
  void aMonthOfMoreThan200kEventsIsCountedInFullAndFlagsOnlyRealSpikes() throws Exception {
    Path audit = dir.resolve("audit");
    DemoData.generate(audit, Fixture.NOW, 30, 250_000, 11);
    Fixture.Result r = Fixture.run(dir.resolve("data"), audit, List.of("report", "--last", "30d"));
    assertEquals(0, r.exit(), r.err());
    JsonNode report = new ObjectMapper().readTree(r.out());
    assertEquals(250_000, report.at("/totals/calls").asLong());

    Fixture.Result a =
        Fixture.run(dir.resolve("data"), audit, List.of("anomalies", "--min-calls", "5"));
    JsonNode anomalies = new ObjectMapper().readTree(a.out()).get("anomalies");
    long checked = new ObjectMapper().readTree(a.out()).get("tools_checked").asLong();
    assertTrue(checked >= 15, "tools checked: " + checked);
    assertTrue(
        anomalies.size() < checked / 2,
        "flagged " + anomalies.size() + " of " + checked + " tools");
    boolean videoSpike = false;
    for (JsonNode x : anomalies) {
      videoSpike |=
          x.path("tool").asText().equals("comfy_generate_video")
              && x.get("kind").asText().equals("cost_spike");
    }
    assertTrue(videoSpike, "the injected comfy_generate_video spike is found: " + anomalies);
  }
}

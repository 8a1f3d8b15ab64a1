package dev.burnrate.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.burnrate.demo.DemoData;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The anomalies a newcomer sees on the demo month ({@code burnrate demo}: 300,000 events over 30
 * days, seed 42). In its last hour the whole fleet is about 2.6 times busier than the day before
 * it, next to three injected anomalies: an 11.5x video spike, a never-seen tool and a failure burst
 * on web_fetch. The first detector reported the wave as a spike per tool.
 */
class DemoMonthAnomaliesTest {
  static final ObjectMapper JSON = new ObjectMapper();
  static final Set<String> INJECTED =
      Set.of(
          "cost_spike comfy_generate_video",
          "cost_spike experimental_tool",
          "error_spike web_fetch");

  @TempDir static Path root;
  static Path audit;

  @BeforeAll
  static void generateTheDemoMonth() throws IOException {
    audit = root.resolve("audit");
    DemoData.generate(audit, Demo.DEMO_END, 30, 300_000, 42);
  }

  static JsonNode run(String... args) throws IOException {
    List<String> all = new ArrayList<>(List.of(args));
    all.addAll(
        List.of(
            "--format",
            "json",
            "--config",
            "config",
            "--data",
            root.resolve("data").toString(),
            "--audit-dir",
            audit.toString(),
            "--now",
            Demo.DEMO_END.toString()));
    Fixture.Result r = Fixture.runRaw(all.toArray(new String[0]));
    assertEquals(0, r.exit(), r.err());
    return JSON.readTree(r.out());
  }

  static String label(JsonNode a) {
    return a.get("kind").asText() + " " + a.path("tool").asText("fleet");
  }

  @Test
  void theThreeInjectedAnomaliesComeFirstAndTheWaveIsOneFleetSurge() throws IOException {
    JsonNode report = run("anomalies");
    assertEquals("normalized", report.get("mode").asText());
    List<String> labels = new ArrayList<>();
    report.get("anomalies").forEach(a -> labels.add(label(a)));
    assertEquals(4, labels.size(), "three anomalies and one surge: " + labels);
    assertEquals(INJECTED, Set.copyOf(labels.subList(0, 3)), labels.toString());
    JsonNode anomalies = report.get("anomalies");
    for (int i = 1; i < 3; i++) {
      assertTrue(
          anomalies
                  .get(i - 1)
                  .get("score")
                  .decimalValue()
                  .compareTo(anomalies.get(i).get("score").decimalValue())
              >= 0,
          "ranked by score: " + labels);
    }
    for (int i = 0; i < 3; i++) {
      assertTrue(anomalies.get(i).get("score").doubleValue() >= 3.0, labels.get(i));
    }
    JsonNode surge = anomalies.get(3);
    assertEquals("fleet_surge", surge.get("kind").asText());
    assertTrue(surge.get("call_rate_ratio").doubleValue() > 2.0, surge.toString());
    List<String> riding = new ArrayList<>();
    surge.get("tools_riding").forEach(t -> riding.add(t.asText()));
    assertTrue(
        riding.containsAll(List.of("vector_search", "embed_text", "github_api", "crm_lookup")),
        "the tools that rose with the fleet are named once, in the surge: " + riding);
    assertNotNull(surge.get("same_hours_call_ratio").decimalValue(), "30 days hold earlier days");
    assertTrue(
        surge.get("same_hours_call_ratio").doubleValue() < 1.5,
        "the same hours of the week before were about as busy: " + surge);
  }

  @Test
  void theSeedModeStillReportsTheWaveToolByTool() throws IOException {
    JsonNode report = run("anomalies", "--mode", "seed");
    assertEquals("seed", report.get("mode").asText());
    List<String> labels = new ArrayList<>();
    report.get("anomalies").forEach(a -> labels.add(label(a)));
    assertEquals(13, labels.size(), labels.toString());
    assertTrue(labels.containsAll(INJECTED), labels.toString());
    assertTrue(labels.contains("cost_spike vector_search"), labels.toString());
    assertFalse(labels.stream().anyMatch(l -> l.startsWith("fleet_surge")), labels.toString());
  }

  @Test
  void anErrorSpikeNamesItsErrorRatesAndItsCallRateRatio() throws IOException {
    JsonNode burst = null;
    for (JsonNode a : run("anomalies").get("anomalies")) {
      if (label(a).equals("error_spike web_fetch")) {
        burst = a;
      }
    }
    assertNotNull(burst);
    assertFalse(burst.has("ratio"), "no field whose meaning depends on the kind: " + burst);
    assertTrue(burst.get("error_rate").doubleValue() > 0.5, burst.toString());
    assertTrue(burst.get("baseline_error_rate").doubleValue() < 0.1, burst.toString());
    assertTrue(burst.get("call_rate_ratio").doubleValue() > 1, burst.toString());
  }

  @Test
  void theDigestIncludesTheVideoSpikeThatStartedThisHour() throws IOException {
    JsonNode digest = run("digest");
    List<String> lastHour = new ArrayList<>();
    digest.get("last_hour_anomalies").get("anomalies").forEach(a -> lastHour.add(label(a)));
    assertTrue(lastHour.containsAll(INJECTED), lastHour.toString());
    String md = digest.get("markdown").asText();
    assertTrue(md.contains("**comfy_generate_video** cost_spike"), md);
    assertTrue(md.indexOf("comfy_generate_video** cost_spike") < md.indexOf("### Top tools"), md);
    boolean advised = false;
    for (JsonNode r : digest.get("recommendations")) {
      advised |= r.get("message").asText().startsWith("cost_spike on comfy_generate_video");
    }
    assertTrue(advised, digest.get("recommendations").toString());
  }

  @Test
  void anUnknownModeIsAUsageErrorThatNamesTheModes() {
    Fixture.Result r =
        Fixture.runRaw(
            "anomalies",
            "--mode",
            "strict",
            "--config",
            "config",
            "--data",
            root.resolve("data").toString(),
            "--audit-dir",
            audit.toString());
    assertEquals(2, r.exit(), r.err());
    assertTrue(
        r.err().contains("--mode") && r.err().contains("strict") && r.err().contains("seed"),
        r.err());
  }
}

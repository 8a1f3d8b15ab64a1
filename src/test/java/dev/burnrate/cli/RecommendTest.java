package dev.burnrate.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.burnrate.Golden;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code burnrate recommend} on a hand-made week: the rule variables, per-day rules, savings
 * checked against a hand computation, review candidates and the draft.
 */
class RecommendTest {
  static final Instant NOW = Instant.parse("2026-03-08T09:30:00Z");

  /** Files commands write, as opposed to answers: checked by the same strict rule. */
  static final Path GOLDEN = Path.of("src/test/resources/golden-files/recommend");

  static final ObjectMapper JSON =
      new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

  @TempDir Path root;
  Path config;
  Path audit;
  Path data;

  /** One call of an agent on a model, as an audit line. */
  static String call(
      LocalDate day,
      int n,
      String agent,
      String model,
      long in,
      long cacheRead,
      long out,
      double complexity,
      String status) {
    return String.format(
        java.util.Locale.ROOT,
        "{\"ts\":\"%sT%02d:%02d:00Z\",\"tool\":\"llm_chat\",\"agent_id\":\"%s\",\"status\":\"%s\","
            + "\"duration_ms\":900,\"model\":\"%s\",\"input_tokens\":%d,\"cache_read_tokens\":%d,"
            + "\"output_tokens\":%d,\"complexity_score\":%s}",
        day,
        8 + n / 60,
        n % 60,
        agent,
        status,
        model,
        in,
        cacheRead,
        out,
        complexity);
  }

  @BeforeEach
  void week() throws Exception {
    config = Files.createDirectories(root.resolve("config"));
    audit = Files.createDirectories(root.resolve("audit"));
    data = root.resolve("data");
    Files.writeString(
        config.resolve("budget.yaml"),
        String.join(
            "\n",
            "downgrade_recommendations:",
            "  enable: true",
            "  models:",
            "    - from: gpt-4o",
            "      to: gpt-4o-mini",
            "      when: \"avg_complexity_score < 0.4 for 7 days\"",
            "    - from: claude-sonnet-4-6",
            "      to: claude-haiku-4-5",
            "      when: \"avg_token_output < 200 and avg_complexity_score < 0.3\"",
            ""));
    LocalDate today = LocalDate.of(2026, 3, 8);
    for (int back = 7; back >= 0; back--) {
      LocalDate day = today.minusDays(back);
      List<String> lines = new ArrayList<>();
      for (int n = 0; n < 10; n++) {
        // terse: short answers to easy questions on Sonnet, every day
        lines.add(
            call(day, n, "terse", "us.anthropic.claude-sonnet-4-6", 1000, 200, 100, 0.2, "pass"));
        // steady: easy questions on gpt-4o every day
        lines.add(
            call(day, 20 + n, "steady", "gpt-4o", 800, 0, 120, 0.3, n == 0 ? "failed" : "pass"));
        // spiky: easy except one hard day, so 'for 7 days' fails
        double c = day.equals(today.minusDays(3)) ? 0.9 : 0.3;
        lines.add(call(day, 40 + n, "spiky", "gpt-4o", 800, 0, 120, c, "pass"));
      }
      if (back <= 4) {
        // verbose: five long answers a day on the last days
        for (int n = 0; n < 5; n++) {
          lines.add(call(day, 80 + n, "verbose", "gpt-4o-mini", 500, 0, 3000, 0.7, "pass"));
        }
      }
      Files.writeString(
          audit.resolve("tool_audit_" + day + ".jsonl"), String.join("\n", lines) + "\n");
    }
  }

  private JsonNode recommend(String... extra) throws Exception {
    List<String> args =
        new ArrayList<>(
            List.of(
                "recommend",
                "--config",
                config.toString(),
                "--data",
                data.toString(),
                "--audit-dir",
                audit.toString(),
                "--now",
                NOW.toString()));
    args.addAll(List.of(extra));
    Fixture.Result r = Fixture.runRaw(args.toArray(new String[0]));
    assertEquals(0, r.exit(), r.err());
    return JSON.readTree(r.out());
  }

  @Test
  void rulesHoldWhereTheDataSaysAndSavingsMatchAHandComputation() throws Exception {
    JsonNode out = recommend();
    assertEquals("2026-03-01T00:00:00Z", out.at("/window/from").asText());
    assertEquals("2026-03-08T00:00:00Z", out.at("/window/to").asText(), "complete days only");
    List<String> got = new ArrayList<>();
    out.get("recommendations")
        .forEach(r -> got.add(r.get("agent").asText() + ":" + r.get("from").asText()));
    assertEquals(
        List.of("steady:gpt-4o", "terse:claude-sonnet-4-6"),
        got,
        "largest savings first; spiky had one hard day, so its 'for 7 days' rule does not hold");

    JsonNode terse = out.at("/recommendations/1");
    assertEquals("claude-haiku-4-5", terse.get("to").asText());
    JsonNode ev = terse.get("evidence");
    assertEquals(
        70, ev.get("calls").asInt(), "7 complete days x 10 calls; today's calls are outside");
    assertEquals(
        0, new BigDecimal("0.200").compareTo(ev.get("avg_complexity_score").decimalValue()));
    assertEquals(0, new BigDecimal("100.0").compareTo(ev.get("avg_token_output").decimalValue()));
    assertEquals("1/1", ev.get("tool_variety").asText());
    assertEquals(
        List.of("us.anthropic.claude-sonnet-4-6"), List.of(ev.at("/models_seen/0").asText()));
    // Window volumes: 70,000 input of which 14,000 cache reads (56,000 uncached), 7,000 output.
    // Sonnet 4.6: $3 / $15 / $0.30 per M (input / output / cache read) = 0.168 + 0.105 + 0.0042
    // Haiku 4.5:  $1 / $5 / $0.10 per M                                = 0.056 + 0.035 + 0.0014
    // (0.2772 - 0.0924) x 30 / 7 = 0.792 -> $0.79
    assertEquals(
        0,
        new BigDecimal("0.79").compareTo(terse.get("estimated_monthly_savings_usd").decimalValue()),
        terse.toString());
    assertEquals("cost/recommendations/terse-2026-03-08.md", terse.get("draft_path").asText());

    JsonNode steady = out.at("/recommendations/0");
    assertTrue(
        steady.at("/evidence/reason").asText().contains("each of the last 7 days"),
        steady.toString());

    JsonNode review = out.get("review_candidates");
    assertEquals(1, review.size(), review.toString());
    assertEquals("verbose", review.at("/0/agent").asText());
    assertTrue(review.at("/0/ratio").decimalValue().compareTo(BigDecimal.valueOf(2)) > 0);
  }

  @Test
  void theDraftIsTheReviewedGoldenAndTheSameInputWritesTheSameBytes() throws Exception {
    recommend();
    Path draft = data.resolve("cost/recommendations/terse-2026-03-08.md");
    String first = Files.readString(draft, StandardCharsets.UTF_8);
    Path golden = GOLDEN.resolve("terse-2026-03-08.md");
    Golden.FILES.checkFile(golden, first);
    Files.delete(draft);
    recommend();
    assertEquals(first, Files.readString(draft, StandardCharsets.UTF_8));
  }

  @Test
  void aShorterWindowOrOneAgentNarrowsTheAnswer() throws Exception {
    JsonNode out = recommend("--agent", "spiky", "--window-days", "2");
    assertEquals(
        0,
        out.get("recommendations").size(),
        "a 'for 7 days' rule still reads 7 days, whatever the window: " + out);
    out = recommend("--agent", "terse", "--window-days", "2");
    assertEquals(1, out.get("recommendations").size(), out.toString());
    assertEquals(20, out.at("/recommendations/0/evidence/calls").asInt());
  }

  @Test
  void aBadWindowIsAUsageError() {
    Fixture.Result r =
        Fixture.runRaw(
            "recommend",
            "--config",
            config.toString(),
            "--data",
            data.toString(),
            "--audit-dir",
            audit.toString(),
            "--now",
            NOW.toString(),
            "--window-days",
            "0");
    assertEquals(2, r.exit(), r.err());
    assertTrue(r.err().contains("window_days 0 must be from 1 to 90"), r.err());
  }
}

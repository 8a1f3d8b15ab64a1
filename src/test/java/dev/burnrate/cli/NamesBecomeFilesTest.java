package dev.burnrate.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Agent names that become file names: long ones, and ones that differ only in unsafe characters.
 */
class NamesBecomeFilesTest {
  static final String NOW = "2026-03-08T09:30:00Z";
  static final String LONG = "agent-" + "x".repeat(244);
  static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path root;
  Path config;
  Path audit;
  Path data;

  @BeforeEach
  void weekOfEasyCalls() throws Exception {
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
            "    - from: claude-sonnet-4-6",
            "      to: claude-haiku-4-5",
            "      when: \"avg_token_output < 200 and avg_complexity_score < 0.3\"",
            ""));
    LocalDate today = LocalDate.of(2026, 3, 8);
    for (int back = 7; back >= 1; back--) {
      LocalDate day = today.minusDays(back);
      List<String> lines = new ArrayList<>();
      int n = 0;
      for (String agent : List.of(LONG, ".hidden", "_hidden")) {
        for (int i = 0; i < 5; i++, n++) {
          lines.add(
              RecommendTest.call(day, n, agent, "claude-sonnet-4-6", 1000, 0, 100, 0.2, "pass"));
        }
      }
      Files.writeString(
          audit.resolve("tool_audit_" + day + ".jsonl"), String.join("\n", lines) + "\n");
    }
  }

  Fixture.Result cli(String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    all.addAll(
        List.of(
            "--config",
            config.toString(),
            "--data",
            data.toString(),
            "--audit-dir",
            audit.toString(),
            "--now",
            NOW));
    return Fixture.runRaw(all.toArray(new String[0]));
  }

  Map<String, String> draftsByAgent(JsonNode recommendations) {
    Map<String, String> out = new HashMap<>();
    recommendations.forEach(r -> out.put(r.get("agent").asText(), r.get("draft_path").asText()));
    return out;
  }

  @Test
  void aLongAgentIdMatchingADowngradeRuleLetsTheDailyRunSucceedWithABoundedDraftName()
      throws Exception {
    // A 250-character agent id became a 264-character draft file name, so daily and recommend
    // exited 3 with "File name too long" and no agent got its draft.
    Fixture.Result daily = cli("daily", "--format", "json");
    assertEquals(0, daily.exit(), daily.err());
    Fixture.Result rec = cli("recommend");
    assertEquals(0, rec.exit(), rec.err());
    String draft = draftsByAgent(JSON.readTree(rec.out()).get("recommendations")).get(LONG);
    String file = Path.of(draft).getFileName().toString();
    assertTrue(file.length() <= 100, file);
    assertTrue(file.startsWith(LONG.substring(0, 60) + "~"), file);
    String text = Files.readString(data.resolve(draft), StandardCharsets.UTF_8);
    assertTrue(text.contains(LONG), "the draft names the agent in full");
  }

  @Test
  void dotHiddenAndUnderscoreHiddenGetTheirOwnDrafts() throws Exception {
    // '.hidden' and '_hidden' both became '_hidden-<date>.md': one draft held both agents'
    // proposals, and whichever was written last replaced the other's evidence.
    Fixture.Result rec = cli("recommend");
    assertEquals(0, rec.exit(), rec.err());
    Map<String, String> drafts = draftsByAgent(JSON.readTree(rec.out()).get("recommendations"));
    assertEquals(
        "cost/recommendations/_hidden-2026-03-08.md",
        drafts.get("_hidden"),
        "a plain name keeps its file name");
    assertNotEquals(drafts.get("_hidden"), drafts.get(".hidden"));
    assertTrue(Files.readString(data.resolve(drafts.get(".hidden"))).contains("proposal: .hidden"));
    assertTrue(!Files.readString(data.resolve(drafts.get("_hidden"))).contains(".hidden"));
    try (Stream<Path> files = Files.list(data.resolve("cost/recommendations"))) {
      assertEquals(3, files.count());
    }
  }
}

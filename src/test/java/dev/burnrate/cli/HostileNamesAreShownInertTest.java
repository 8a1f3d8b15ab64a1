package dev.burnrate.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Agent and tool names that try to drive a terminal, ping a chat or forge a heading in a draft. */
class HostileNamesAreShownInertTest {
  static final String NOW = "2026-03-08T09:30:00Z";

  /**
   * Clears the screen, starts a forged heading, pings a Slack channel, links out, reverses text.
   */
  static final String EVIL =
      "x\u001b[2J\r\n## APPROVED by CFO <!channel> [a](http://e) \u202eevil\u0085";

  static final String EVIL_JSON =
      EVIL.replace("\u001b", "\\u001b")
          .replace("\r", "\\r")
          .replace("\n", "\\n")
          .replace("\u202e", "\\u202e")
          .replace("\u0085", "\\u0085");
  static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path root;
  Path config;
  Path audit;
  Path data;

  @BeforeEach
  void weekOfAHostileAgent() throws Exception {
    config = Files.createDirectories(root.resolve("config"));
    audit = Files.createDirectories(root.resolve("audit"));
    data = root.resolve("data");
    Files.writeString(
        config.resolve("budget.yaml"),
        String.join(
            "\n",
            "monthly_ceiling_usd:",
            "  total: 1",
            "alerts:",
            "  - {at_percent: 80, action: notify}",
            "downgrade_recommendations:",
            "  enable: true",
            "  models:",
            "    - from: claude-sonnet-4-6",
            "      to: claude-haiku-4-5",
            "      when: \"avg_token_output < 200 and avg_complexity_score < 0.3\"",
            ""));
    LocalDate today = LocalDate.of(2026, 3, 8);
    for (int back = 7; back >= 0; back--) {
      LocalDate day = today.minusDays(back);
      List<String> lines = new ArrayList<>();
      for (int n = 0; n < 10; n++) {
        lines.add(
            RecommendTest.call(day, n, EVIL_JSON, "claude-sonnet-4-6", 1000, 0, 100, 0.2, "pass")
                .replace("\"llm_chat\"", "\"" + EVIL_JSON + "\""));
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
    Fixture.Result r = Fixture.runRaw(all.toArray(new String[0]));
    assertEquals(0, r.exit(), r.out() + r.err());
    return r;
  }

  /** No control character but the line breaks the output itself makes. */
  static void assertNoControls(String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      assertTrue(
          c == '\n' || !isControl(c),
          "raw U+" + Integer.toHexString(c) + " at " + i + " in:\n" + text);
    }
  }

  static boolean isControl(char c) {
    return c < 0x20
        || (c >= 0x7f && c <= 0x9f)
        || (c >= 0x202a && c <= 0x202e)
        || (c >= 0x2066 && c <= 0x2069);
  }

  /** The name cannot start a heading, ping, link or reverse what follows. */
  static void assertInertMarkdown(String md) {
    assertNoControls(md);
    assertFalse(md.lines().anyMatch(l -> l.startsWith("## APPROVED")), md);
    assertFalse(md.contains("<!channel>"), md);
    assertFalse(md.contains("[a](http://e)"), md);
    // Markdown doubles the visible escapes' backslashes, so a reader sees each escape once.
    assertTrue(
        md.contains(
            "x\\\\u001b\\[2J\\\\u000d\\\\u000a\\#\\# APPROVED by CFO &lt;\\!channel&gt;"
                + " \\[a\\]\\(http://e\\) \\\\u202eevil\\\\u0085"),
        md);
  }

  @Test
  void tableOutputOfAnIdWithAnEscapeSequenceAndLineBreaksHasNoRawControlCharacters() {
    // '--format table' printed agent ids as they were: ESC[2J cleared the reader's screen and CR/LF
    // started lines that looked like burnrate's own output.
    for (List<String> cmd :
        List.of(
            List.of("report", "--group-by", "agent_id,tool"),
            List.of("top"),
            List.of("digest"),
            List.of("recommend"))) {
      List<String> args = new ArrayList<>(cmd);
      args.addAll(List.of("--format", "table"));
      String out = cli(args.toArray(new String[0])).out();
      assertNoControls(out);
      assertTrue(out.contains("APPROVED by CFO"), cmd + " shows the name:\n" + out);
      assertFalse(out.lines().anyMatch(l -> l.startsWith("## APPROVED")), cmd + ":\n" + out);
    }
  }

  @Test
  void digestMarkdownOfAnAgentNamedLikeAnApprovedHeadingWithAChannelPingAndALinkIsInert()
      throws Exception {
    // The digest embedded names raw: a newline in an agent id forged '## APPROVED by CFO',
    // '<!channel>' pinged everyone when posted to Slack and '[a](http://e)' became a link.
    JsonNode digest = JSON.readTree(cli("digest", "--window-hours", "48").out());
    String md = digest.get("markdown").asText();
    assertInertMarkdown(md);
    assertEquals(EVIL, digest.at("/top_agents/0/agent_id").asText(), "JSON keeps the exact name");
  }

  @Test
  void aReviewDraftOfAnAgentNamedLikeAnApprovedHeadingIsInert() throws Exception {
    // Drafts embedded the agent id raw, so a draft a human signs could carry a forged
    // '## APPROVED by CFO' heading, a channel ping and a link.
    JsonNode rec = JSON.readTree(cli("recommend").out());
    assertEquals(EVIL, rec.at("/recommendations/0/agent").asText());
    String draft =
        Files.readString(
            data.resolve(rec.at("/recommendations/0/draft_path").asText()), StandardCharsets.UTF_8);
    assertInertMarkdown(draft);
  }

  @Test
  void anAlertAboutAHostileAgentPostsAnInertText() throws Exception {
    // Alert texts (posted to chat webhooks) named the scope raw, so an agent id could ping a
    // channel or forge lines in the message.
    Files.writeString(
        config.resolve("budget.yaml"),
        Files.readString(config.resolve("budget.yaml"))
            .replace(
                "  total: 1\n", "  total: 1000\n  per_agent: {\"" + EVIL_JSON + "\": 0.01}\n"));
    cli("daily", "--format", "json");
    try (Stream<Path> files = Files.list(data.resolve("cost/alerts"))) {
      List<Path> alerts = files.filter(p -> p.toString().endsWith(".json")).toList();
      assertEquals(1, alerts.size(), alerts.toString());
      JsonNode alert = JSON.readTree(alerts.get(0).toFile());
      assertEquals(EVIL, alert.get("name").asText());
      assertInertMarkdown(alert.get("text").asText());
    }
  }
}

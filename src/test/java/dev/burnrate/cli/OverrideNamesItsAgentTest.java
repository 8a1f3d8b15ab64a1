package dev.burnrate.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An override lifts a veto only for the agent it names, whatever its file is called. */
class OverrideNamesItsAgentTest {
  static final String NOW = "2026-03-20T12:00:00Z";
  static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path root;
  Path config;
  Path audit;
  Path data;
  Path overrides;

  /** The fleet is at 96 % of its ceiling, past the 95 % veto threshold. */
  @BeforeEach
  void vetoedMonth() throws IOException {
    config = Files.createDirectories(root.resolve("config"));
    audit = Files.createDirectories(root.resolve("audit"));
    data = root.resolve("data");
    overrides = Files.createDirectories(data.resolve("cost/overrides"));
    writeVetoedMonth(config, audit);
  }

  /**
   * A month in which agent {@code .hidden} has spent $960 of the fleet's $1,000 ceiling (96 %),
   * past the 95 % veto threshold: the budget in {@code config}, the usage in {@code audit}.
   */
  static void writeVetoedMonth(Path config, Path audit) throws IOException {
    Files.writeString(
        config.resolve("budget.yaml"),
        "monthly_ceiling_usd:\n  total: 1000\n"
            + "alerts:\n  - {at_percent: 95, action: veto-new-deploys}\n");
    String line =
        "{\"ts\":\"2026-03-05T10:00:00Z\",\"tool\":\"llm_chat\",\"agent_id\":\".hidden\","
            + "\"status\":\"pass\",\"duration_ms\":1000,\"cost_usd\":960}\n";
    Files.writeString(
        audit.resolve("tool_audit_2026-03-05.jsonl"),
        line,
        StandardCharsets.UTF_8,
        StandardOpenOption.CREATE,
        StandardOpenOption.APPEND);
  }

  JsonNode preflight(String target) throws IOException {
    List<String> all =
        new ArrayList<>(
            List.of(
                "preflight",
                target,
                "--estimate",
                "0",
                "--config",
                config.toString(),
                "--data",
                data.toString(),
                "--audit-dir",
                audit.toString(),
                "--now",
                NOW));
    Fixture.Result r = Fixture.runRaw(all.toArray(new String[0]));
    assertTrue(r.exit() == 0 || r.exit() == 1, r.out() + r.err());
    return JSON.readTree(r.out());
  }

  static String override(String agentLine) {
    return agentLine
        + "reason: hotfix\napprover: dana@example.com\nexpires_at: 2026-03-21T00:00:00Z\n";
  }

  @Test
  void anOverrideForUnderscoreHiddenDoesNotLiftTheVetoOfDotHidden() throws Exception {
    // The override file for '.hidden' was cost/overrides/_hidden.yaml, so an override written for
    // agent '_hidden' let '.hidden' deploy through a veto.
    Files.writeString(overrides.resolve("_hidden.yaml"), override("agent: _hidden\n"));
    JsonNode d = preflight(".hidden");
    assertEquals("veto", d.get("decision").asText(), d.toString());
    assertFalse(d.at("/override/present").asBoolean(), d.toString());
    assertTrue(d.at("/override/path").asText().startsWith("cost/overrides/_hidden~"), d.toString());
    assertEquals("pass", preflight("_hidden").get("decision").asText(), "it does lift _hidden's");
  }

  @Test
  void anOverrideThatDoesNotNameTheAgentIsIgnoredWithAWarningSayingWhatToAdd() throws Exception {
    // An override did not say which agent it was for, so one copied from another agent's file, or
    // placed at a file name meant for another id, lifted this agent's veto.
    JsonNode first = preflight(".hidden");
    Path file = data.resolve(first.at("/override/path").asText());
    String hint = missingAgentHint(file);

    Files.writeString(file, override("agent: _hidden\n"));
    JsonNode d = preflight(".hidden");
    assertEquals("veto", d.get("decision").asText(), d.toString());
    assertTrue(
        d.get("warnings").toString().contains("it is for agent '_hidden', not '.hidden'"),
        d.toString());

    Files.writeString(file, override(hint + "\n"));
    d = preflight(".hidden");
    assertEquals("pass", d.get("decision").asText(), d.toString());
    assertTrue(d.at("/override/applied").asBoolean(), d.toString());
  }

  /** Writes an override without an agent key; returns the line the warning says to add. */
  String missingAgentHint(Path file) throws IOException {
    Files.writeString(file, override(""));
    JsonNode d = preflight(".hidden");
    assertEquals("veto", d.get("decision").asText(), d.toString());
    String warnings = d.get("warnings").toString();
    int at = warnings.indexOf("add agent: ");
    assertTrue(at >= 0, warnings);
    String hint =
        JSON.readTree("\"" + warnings.substring(at + 4, warnings.indexOf(" to say", at)) + "\"")
            .asText();
    assertEquals("agent: \".hidden\"", hint);
    return hint;
  }

  @Test
  void theReadmesOverrideExampleLiftsAVeto() throws Exception {
    String readme = Files.readString(Path.of("README.md"), StandardCharsets.UTF_8);
    String head = "```\n# <data>/cost/overrides/<agent>.yaml\n";
    int start = readme.indexOf(head);
    assertTrue(start >= 0, "the README shows an override file");
    String example =
        readme.substring(start + head.length(), readme.indexOf("```", start + head.length()));
    assertTrue(example.startsWith("agent: release-2\n"), example);
    Files.writeString(
        audit.resolve("tool_audit_2026-03-05.jsonl"),
        Files.readString(audit.resolve("tool_audit_2026-03-05.jsonl"))
            .replace(".hidden", "release-2"));
    Files.writeString(overrides.resolve("release-2.yaml"), example);
    JsonNode d = preflight("release-2:1.4.0");
    assertEquals("pass", d.get("decision").asText(), d.toString());
    assertTrue(d.at("/override/applied").asBoolean(), d.toString());
    assertTrue(Files.exists(data.resolve("state/preflight-release-2_1.4.0.json")));
  }
}

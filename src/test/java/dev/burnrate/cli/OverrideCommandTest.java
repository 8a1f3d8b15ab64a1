package dev.burnrate.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code burnrate override}: a human lifts a veto without touching files, and the gate honours
 * exactly what was written, for hostile names and texts too; bad requests change nothing.
 */
class OverrideCommandTest {
  static final String NOW = "2026-03-20T12:00:00Z";
  static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path root;
  Path config;
  Path audit;
  Path data;

  /** Agent '.hidden' has spent 96 % of the fleet's ceiling, past the 95 % veto threshold. */
  @BeforeEach
  void vetoedMonth() throws IOException {
    config = Files.createDirectories(root.resolve("config"));
    audit = Files.createDirectories(root.resolve("audit"));
    data = root.resolve("data");
    OverrideNamesItsAgentTest.writeVetoedMonth(config, audit);
  }

  Fixture.Result run(String... args) {
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
            NOW,
            "--format",
            "json"));
    return Fixture.runRaw(all.toArray(new String[0]));
  }

  JsonNode preflight() throws IOException {
    Fixture.Result r = run("preflight", ".hidden", "--estimate", "0");
    assertTrue(r.exit() == 0 || r.exit() == 1, r.out() + r.err());
    return JSON.readTree(r.out());
  }

  @Test
  void anOverrideWrittenByTheCommandLiftsTheVetoUntilItIsRevoked() throws Exception {
    assertEquals("veto", preflight().get("decision").asText());
    String reason = "hotfix: \"incident\" #4411 — ünïcode, tabs no";
    Fixture.Result w =
        run(
            "override",
            ".hidden",
            "--reason",
            reason,
            "--approver",
            "dana@example.com",
            "--for",
            "1d");
    assertEquals(0, w.exit(), w.out() + w.err());
    JsonNode written = JSON.readTree(w.out());
    assertEquals("2026-03-21T12:00:00Z", written.get("expires_at").asText());
    assertEquals(reason, written.get("reason").asText());

    JsonNode lifted = preflight();
    assertEquals("pass", lifted.get("decision").asText(), lifted.toString());
    assertTrue(lifted.at("/override/applied").asBoolean(), lifted.toString());
    assertEquals(reason, lifted.at("/override/reason").asText(), "read back exactly");
    assertEquals(written.get("path").asText(), lifted.at("/override/path").asText());

    Fixture.Result r = run("override", ".hidden", "--revoke");
    assertEquals(0, r.exit(), r.out() + r.err());
    assertTrue(JSON.readTree(r.out()).get("revoked").asBoolean());
    assertEquals("veto", preflight().get("decision").asText(), "revoked: vetoed again");
    assertFalse(
        JSON.readTree(run("override", ".hidden", "--revoke").out()).get("revoked").asBoolean());
  }

  @Test
  void badRequestsSayWhatToDoAndWriteNothing() throws Exception {
    String[][] bad = {
      {"override", ".hidden", "--approver", "dana", "--for", "1d"},
      {"override", ".hidden", "--reason", "fix", "--for", "1d"},
      {"override", ".hidden", "--reason", "fix", "--approver", "dana"},
      {
        "override",
        ".hidden",
        "--reason",
        "fix",
        "--approver",
        "dana",
        "--for",
        "1d",
        "--expires-at",
        "2026-03-22"
      },
      {
        "override",
        ".hidden",
        "--reason",
        "fix",
        "--approver",
        "dana",
        "--expires-at",
        "2026-03-19T00:00:00Z"
      },
      {"override", ".hidden", "--reason", "fix", "--approver", "dana", "--for", "60d"},
      {"override", ".hidden", "--reason", "two\nlines", "--approver", "dana", "--for", "1d"},
      {"override", ".hidden", "--reason", "x".repeat(501), "--approver", "dana", "--for", "1d"},
      {"override", ".hidden", "--revoke", "--reason", "fix"},
    };
    String[] says = {
      "--reason is required",
      "--approver is required",
      "--expires-at TIME or --for SPAN",
      "--expires-at TIME or --for SPAN",
      "not after now",
      "at most 31 days",
      "one line",
      "at most 500 characters",
      "--revoke takes only AGENT",
    };
    for (int i = 0; i < bad.length; i++) {
      Fixture.Result r = run(bad[i]);
      assertEquals(2, r.exit(), says[i] + ": " + r.out() + r.err());
      assertTrue(r.err().contains(says[i]), says[i] + " in: " + r.err());
      assertFalse(r.err().contains("Exception"), r.err());
    }
    assertFalse(Files.exists(data.resolve("cost/overrides")) && hasFiles(), "nothing written");
    assertEquals("veto", preflight().get("decision").asText());
  }

  private boolean hasFiles() throws IOException {
    try (var s = Files.list(data.resolve("cost/overrides"))) {
      return s.findAny().isPresent();
    }
  }
}

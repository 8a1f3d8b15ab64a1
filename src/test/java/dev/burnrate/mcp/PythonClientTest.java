package dev.burnrate.mcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An independent client: the official Python MCP SDK drives the test server over stdio. The
 * virtualenv is created under {@code target/} on first use, offline from {@code /opt/pypi/files}
 * when that wheel directory exists, else from the package index.
 */
class PythonClientTest {
  private static final Path VENV = Path.of("target", "python-venv");
  private static final Path WHEELS = Path.of("/opt/pypi/files");
  private static final Path SCRIPT = Path.of("src", "test", "python", "mcp_client_check.py");

  @TempDir Path dir;

  static Path python() {
    return VENV.resolve("bin").resolve("python");
  }

  @BeforeAll
  static void createVenv() throws Exception {
    if (Files.isExecutable(python())
        && run(List.of(python().toString(), "-c", "import mcp"), 60) == 0) {
      return;
    }
    Assumptions.assumeTrue(
        run(List.of("python3", "--version"), 30) == 0,
        "python3 is not installed; the Python client check needs it");
    assertEquals(0, run(List.of("python3", "-m", "venv", VENV.toString()), 120), "python3 -m venv");
    List<String> pip =
        new ArrayList<>(List.of(VENV.resolve("bin/pip").toString(), "install", "-q"));
    if (Files.isDirectory(WHEELS)) {
      pip.addAll(List.of("--no-index", "--find-links", WHEELS.toString()));
    }
    pip.add("mcp");
    assertEquals(0, run(pip, 600), "pip install mcp");
  }

  private static int run(List<String> command, long timeoutSeconds) throws InterruptedException {
    try {
      Process p =
          new ProcessBuilder(command)
              .inheritIO()
              .redirectOutput(ProcessBuilder.Redirect.DISCARD)
              .start();
      if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        return -1;
      }
      return p.exitValue();
    } catch (IOException e) {
      return -1;
    }
  }

  @Test
  void thePythonSdkClientListsAndCallsTools() throws Exception {
    List<String> command = new ArrayList<>();
    command.addAll(
        List.of(
            python().toString(), SCRIPT.toString(), "echo", "{\"text\":\"from python\"}", "--"));
    command.addAll(ServerProcess.command("oncall", dir.resolve("audit.jsonl")));
    Process p =
        new ProcessBuilder(command).redirectError(dir.resolve("stderr.txt").toFile()).start();
    p.getOutputStream().close();
    assertTrue(p.waitFor(60, TimeUnit.SECONDS), "the Python client finished");
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertEquals(0, p.exitValue(), out + Files.readString(dir.resolve("stderr.txt")));

    JsonNode seen = Json.MAPPER.readTree(out);
    assertEquals("2025-11-25", seen.get("protocol_version").asText());
    assertEquals("burnrate-test", seen.get("server_name").asText());
    assertEquals("[\"echo\",\"slow\",\"boom\"]", seen.get("tools").toString());
    assertTrue(seen.at("/annotations/echo/readOnlyHint").asBoolean());
    assertFalse(seen.at("/annotations/echo/openWorldHint").asBoolean());
    assertFalse(seen.at("/call/is_error").asBoolean());
    assertEquals("from python", seen.at("/call/structured/text").asText());
    assertEquals(
        seen.at("/call/structured"), Json.MAPPER.readTree(seen.at("/call/text/0").asText()));
  }
}

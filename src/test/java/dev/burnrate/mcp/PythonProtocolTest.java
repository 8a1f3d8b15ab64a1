package dev.burnrate.mcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Progress, log levels and cancellation as the official Python MCP SDK uses them, against the toy
 * tools over stdio: the SDK abandons a call after its read timeout and sends {@code
 * notifications/cancelled} itself.
 */
class PythonProtocolTest {
  @TempDir Path dir;

  @BeforeAll
  static void venv() throws Exception {
    PythonClientTest.createVenv();
  }

  @Test
  void thePythonSdkSeesProgressLogsAtItsLevelAndCancelsAnAbandonedCall() throws Exception {
    Path audit = dir.resolve("audit.jsonl");
    List<String> command =
        new ArrayList<>(
            List.of(
                PythonClientTest.python().toString(),
                "src/test/python/mcp_protocol_check.py",
                "calls",
                "stdio",
                "--",
                ServerProcess.javaBin(),
                "-cp",
                System.getProperty("java.class.path"),
                ProtocolServerMain.class.getName(),
                "oncall",
                audit.toString()));
    Path err = dir.resolve("stderr.txt");
    Process p = new ProcessBuilder(command).redirectError(err.toFile()).start();
    p.getOutputStream().close();
    assertTrue(p.waitFor(90, TimeUnit.SECONDS), "the Python client finished");
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertEquals(0, p.exitValue(), out + Files.readString(err));
    JsonNode seen = Json.MAPPER.readTree(out);

    assertFalse(seen.get("wait_error").asBoolean(), seen.toString());
    assertTrue(seen.get("progress").size() >= 1, "progress for a 2.5 s call: " + seen);
    assertTrue(seen.at("/progress/0/message").asText().contains("'wait'"), seen.toString());

    // Level warning: not the echo's debug line; boom's error, without its cause.
    assertEquals(1, seen.get("logs").size(), seen.toString());
    JsonNode log = seen.at("/logs/0");
    assertTrue(log.get("level").asText().endsWith("error"), log.toString());
    assertEquals("burnrate", log.get("logger").asText());
    assertTrue(log.get("data").asText().contains("'boom' failed unexpectedly"), log.toString());
    assertFalse(log.toString().contains(ToyTools.Boom.SECRET), log.toString());

    assertTrue(seen.get("abandoned").asBoolean(), seen.toString());
    assertFalse(seen.get("after_cancel_error").asBoolean(), seen.toString());
    List<String> cancelled = new ArrayList<>();
    for (String line : Files.readAllLines(audit)) {
      JsonNode e = Json.MAPPER.readTree(line);
      if (e.get("action").asText().equals("cancelled")) {
        cancelled.add(e.get("tool").asText());
      }
    }
    assertEquals(List.of("wait"), cancelled, "the abandoned call was stopped as cancelled");
  }
}

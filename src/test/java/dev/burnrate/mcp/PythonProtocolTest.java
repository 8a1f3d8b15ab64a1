package dev.burnrate.mcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Progress, log levels and cancellation as the official Python MCP SDK uses them, against the toy
 * tools over stdio, Streamable HTTP and legacy SSE: the SDK abandons a call after its read timeout
 * and sends {@code notifications/cancelled} itself.
 */
class PythonProtocolTest {
  @TempDir Path dir;

  @BeforeAll
  static void venv() throws Exception {
    PythonClientTest.createVenv();
  }

  private static List<String> server(Path audit) {
    return List.of(
        ServerProcess.javaBin(),
        "-cp",
        System.getProperty("java.class.path"),
        ProtocolServerMain.class.getName(),
        "oncall",
        audit.toString());
  }

  private JsonNode runCalls(List<String> transportArgs) throws Exception {
    List<String> command =
        new ArrayList<>(
            List.of(
                PythonClientTest.python().toString(),
                "src/test/python/mcp_protocol_check.py",
                "calls"));
    command.addAll(transportArgs);
    Path err = dir.resolve("stderr.txt");
    ProcessBuilder pb = new ProcessBuilder(command).redirectError(err.toFile());
    pb.environment().put("BURNRATE_TOKEN", "unused: the test server needs none");
    Process p = pb.start();
    p.getOutputStream().close();
    assertTrue(p.waitFor(90, TimeUnit.SECONDS), "the Python client finished");
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertEquals(0, p.exitValue(), out + Files.readString(err));
    return Json.MAPPER.readTree(out);
  }

  @Test
  void thePythonSdkSeesProgressLogsAtItsLevelAndCancelsAnAbandonedCall() throws Exception {
    Path audit = dir.resolve("audit.jsonl");
    List<String> stdio = new ArrayList<>(List.of("stdio", "--"));
    stdio.addAll(server(audit));
    assertProtocol(runCalls(stdio), audit, true);
  }

  @ParameterizedTest
  @ValueSource(strings = {"streamable", "sse"})
  void theSameHoldsOverHttp(String transport) throws Exception {
    Path audit = dir.resolve("audit.jsonl");
    List<String> command = new ArrayList<>(server(audit));
    command.add("--http");
    Process http =
        new ProcessBuilder(command).redirectError(dir.resolve("server.txt").toFile()).start();
    try {
      BufferedReader lines =
          new BufferedReader(new InputStreamReader(http.getInputStream(), StandardCharsets.UTF_8));
      String line = lines.readLine();
      assertTrue(
          line != null && line.startsWith("listening on "),
          line + Files.readString(dir.resolve("server.txt")));
      // Legacy SSE: the SDK's servlet answers a POST only once its call is done, and the Python
      // client writes one message at a time, so its cancellation cannot get through while the
      // call runs. Streamable HTTP has no such wait.
      assertProtocol(
          runCalls(List.of(transport, line.substring("listening on ".length()))),
          audit,
          transport.equals("streamable"));
    } finally {
      http.destroyForcibly();
    }
  }

  private static void assertProtocol(JsonNode seen, Path audit, boolean cancels) throws Exception {
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
    if (!cancels) {
      return;
    }
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

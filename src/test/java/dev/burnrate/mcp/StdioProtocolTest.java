package dev.burnrate.mcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Progress, log messages and cancellation as a client sees them on stdio: a separate JVM serving
 * the toy tools and a {@code wait} tool that runs as long as it is asked to.
 */
class StdioProtocolTest {
  @TempDir Path dir;

  private static String call(String tool, String args, String meta) {
    return "{\"name\":\""
        + tool
        + "\",\"arguments\":"
        + args
        + (meta == null ? "" : ",\"_meta\":" + meta)
        + "}";
  }

  private static List<JsonNode> notifications(List<JsonNode> lines, String method) {
    return lines.stream()
        .filter(n -> method.equals(n.path("method").asText()))
        .collect(Collectors.toList());
  }

  @Test
  void aCallRunningOverASecondReportsProgressOnlyWhenItsClientAskedForIt() throws Exception {
    try (ServerProcess server = ServerProcess.protocol(dir, "oncall")) {
      server.initialize();
      server.request(2, "tools/call", call("wait", "{\"ms\":2500}", "{\"progressToken\":\"p-2\"}"));
      List<JsonNode> seen = server.until(2);
      List<JsonNode> progress = notifications(seen, "notifications/progress");
      assertFalse(progress.isEmpty(), "progress for a 2.5 s call: " + seen);
      assertEquals("p-2", progress.get(0).at("/params/progressToken").asText());
      assertTrue(progress.get(0).at("/params/message").asText().contains("wait"), seen.toString());
      if (progress.size() > 1) {
        assertTrue(
            progress.get(1).at("/params/progress").asDouble()
                > progress.get(0).at("/params/progress").asDouble(),
            "progress only goes up: " + progress);
      }
      assertEquals(
          2500, seen.get(seen.size() - 1).at("/result/structuredContent/slept_ms").asInt());

      server.request(3, "tools/call", call("wait", "{\"ms\":1500}", null));
      List<JsonNode> quiet = server.until(3);
      assertEquals(
          List.of(), notifications(quiet, "notifications/progress"), "no token, no progress");
    }
  }

  @Test
  void logMessagesHonourTheLevelTheClientSetAndCarryNoCauses() throws Exception {
    try (ServerProcess server = ServerProcess.protocol(dir, "oncall")) {
      server.initialize();
      server.request(1, "tools/call", call("boom", "{}", null));
      assertEquals(
          List.of(),
          notifications(server.until(1), "notifications/message"),
          "no log messages before the client sets a level");
      server.request(2, "logging/setLevel", "{\"level\":\"error\"}");
      server.until(2);
      server.request(3, "tools/call", call("echo", "{\"text\":\"\"}", null));
      List<JsonNode> bad = server.until(3);
      assertTrue(bad.get(bad.size() - 1).at("/result/isError").asBoolean(), bad.toString());
      assertEquals(
          List.of(), notifications(bad, "notifications/message"), "a warning is below error");

      server.request(4, "tools/call", call("boom", "{}", null));
      List<JsonNode> boom = server.until(4);
      List<JsonNode> errors = notifications(boom, "notifications/message");
      assertEquals(1, errors.size(), boom.toString());
      assertEquals("error", errors.get(0).at("/params/level").asText());
      assertEquals("burnrate", errors.get(0).at("/params/logger").asText());
      String said = errors.get(0).at("/params/data").asText();
      assertTrue(said.contains("'boom' failed unexpectedly"), said);
      assertFalse(said.contains(ToyTools.Boom.SECRET), said);
      assertFalse(said.contains("Exception") || said.contains("\tat "), said);

      server.request(5, "logging/setLevel", "{\"level\":\"debug\"}");
      server.until(5);
      server.request(6, "tools/call", call("echo", "{\"text\":\"hi\"}", null));
      List<JsonNode> debug = notifications(server.until(6), "notifications/message");
      assertEquals(1, debug.size(), debug.toString());
      assertEquals("debug", debug.get(0).at("/params/level").asText());
      assertTrue(debug.get(0).at("/params/data").asText().startsWith("'echo' answered in"));
    }
  }

  private static String auditText(ServerProcess server) {
    try {
      return server.auditEvents() + " " + server.stderrText();
    } catch (java.io.IOException e) {
      return e.toString();
    }
  }

  @Test
  void aCancelledCallStopsFreesItsSlotAndIsNeverAnswered() throws Exception {
    try (ServerProcess server = ServerProcess.protocol(dir, "oncall")) {
      server.initialize();
      server.request(1, "logging/setLevel", "{\"level\":\"info\"}");
      server.until(1);
      server.request(2, "tools/call", call("wait", "{\"ms\":15000}", null));
      server.send(
          "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/cancelled\","
              + "\"params\":{\"requestId\":2,\"reason\":\"user pressed stop\"}}");
      // wait runs one at a time: this call only gets through once the cancelled one let go.
      server.request(3, "tools/call", call("wait", "{\"ms\":10}", null));
      List<JsonNode> seen = server.until(3);
      List<JsonNode> answers = seen.stream().filter(n -> !n.has("method")).toList();
      assertEquals(1, answers.size(), "no answer before the second call's: " + seen);
      assertFalse(answers.get(0).at("/result/isError").asBoolean(), seen.toString());
      assertEquals(
          "'wait' was cancelled by the client; nothing was answered",
          notifications(seen, "notifications/message").get(0).at("/params/data").asText(),
          "told at info");

      server.closeInput();
      assertTrue(server.exited(10), "the server does not wait for a cancelled call");
      assertTrue(
          server.stdoutLines().stream().noneMatch(l -> l.contains("\"id\":2")),
          "the cancelled call got no response: " + server.stdoutLines());
      JsonNode cancelled =
          server.auditEvents().stream()
              .filter(e -> e.get("action").asText().equals("cancelled"))
              .findFirst()
              .orElseThrow(() -> new AssertionError("audited as cancelled: " + auditText(server)));
      assertEquals("wait", cancelled.get("tool").asText());
      assertTrue(cancelled.get("duration_ms").asLong() < 15_000, cancelled.toString());
    }
  }

  /**
   * Tagging a call for cancellation re-wrote its numbers through doubles: 1e400 reached the tool as
   * Infinity, which the schema check then called a string.
   */
  @Test
  void aCallTaggedForCancellationKeepsItsNumbersAsSent() throws Exception {
    try (ServerProcess server = ServerProcess.protocol(dir, "oncall")) {
      server.initialize();
      server.request(2, "tools/call", call("echo", "{\"text\":\"hi\",\"repeat\":1e400}", null));
      String said = server.until(2).get(0).at("/result/content/0/text").asText();
      assertTrue(said.contains("argument 'repeat'"), said);
      assertTrue(said.contains("number found, integer expected"), said);
      assertTrue(said.contains("maximum value of 10000"), said);
    }
  }
}

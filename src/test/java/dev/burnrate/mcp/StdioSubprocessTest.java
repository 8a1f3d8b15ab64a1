package dev.burnrate.mcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The server as an agent's client sees it: a separate JVM speaking JSON-RPC lines on stdio. */
class StdioSubprocessTest {
  @TempDir Path dir;

  private static Map<Integer, JsonNode> byId(ServerProcess server, int count) throws Exception {
    Map<Integer, JsonNode> out = new HashMap<>();
    for (int i = 0; i < count; i++) {
      JsonNode n = server.next();
      out.put(n.get("id").isNull() ? -1 : n.get("id").asInt(), n);
    }
    return out;
  }

  private static String call(String tool, String args) {
    return "{\"name\":\"" + tool + "\",\"arguments\":" + args + "}";
  }

  private static String text(JsonNode response) {
    return response.at("/result/content/0/text").asText();
  }

  @Test
  void servesToolsEnforcesRulesAndExitsCleanlyWhenInputEnds() throws Exception {
    try (ServerProcess server = new ServerProcess(dir, "oncall")) {
      server.initialize();
      server.request(2, "tools/list", null);
      JsonNode list = server.next();
      List<String> names = new ArrayList<>();
      list.at("/result/tools").forEach(t -> names.add(t.get("name").asText()));
      assertEquals(List.of("echo", "slow", "boom"), names, "only allowed tools, in order");
      JsonNode echo = list.at("/result/tools/0");
      assertTrue(echo.path("title").isMissingNode(), "the name says it: " + echo);
      assertTrue(echo.at("/annotations/readOnlyHint").asBoolean());
      assertFalse(echo.at("/annotations/openWorldHint").asBoolean());
      assertTrue(echo.at("/outputSchema/properties/text").isObject());
      assertTrue(
          echo.at("/outputSchema/properties/truncated").isMissingNode(),
          "the envelope is said once, in the instructions");

      server.request(3, "tools/call", call("echo", "{\"text\":\"hi\",\"repeat\":2}"));
      server.request(4, "tools/call", call("freeze_all", "{}"));
      server.request(5, "tools/call", call("echo", "{\"text\":\"\"}"));
      server.request(6, "tools/call", call("boom", "{}"));
      server.request(7, "tools/call", call("slow", "{\"ms\":5000}"));
      server.request(8, "tools/call", call("echo", "{\"text\":\"" + "x".repeat(300) + "\"}"));
      Map<Integer, JsonNode> r = byId(server, 6);

      assertFalse(r.get(3).at("/result/isError").asBoolean());
      assertEquals("hi", r.get(3).at("/result/structuredContent/text").asText());
      assertEquals(2, r.get(3).at("/result/structuredContent/items").size());

      assertTrue(r.get(4).at("/result/isError").asBoolean());
      assertTrue(text(r.get(4)).contains("lacks entitlement 'tools.cost.admin'"), text(r.get(4)));
      assertTrue(text(r.get(4)).contains("roles: agent_oncall"), text(r.get(4)));

      assertTrue(r.get(5).at("/result/isError").asBoolean());
      assertTrue(text(r.get(5)).contains("argument 'text' is empty"), text(r.get(5)));

      assertTrue(r.get(6).at("/result/isError").asBoolean());
      assertFalse(text(r.get(6)).contains(ToyTools.Boom.SECRET), text(r.get(6)));
      assertFalse(text(r.get(6)).contains("at dev.burnrate"), text(r.get(6)));
      assertTrue(server.stderrText().contains(ToyTools.Boom.SECRET), "the cause is logged");

      assertTrue(text(r.get(7)).contains("did not finish within 1500 ms"), text(r.get(7)));
      assertTrue(text(r.get(8)).contains("over the limit of 200 (max_chars_in)"), text(r.get(8)));

      server.closeInput();
      assertTrue(server.exited(10), "exits promptly when stdin closes");
      assertEquals(0, server.process.exitValue(), server.stderrText());

      Map<String, String> statusByTool = new HashMap<>();
      for (JsonNode e : server.auditEvents()) {
        assertEquals("oncall", e.get("agent_id").asText());
        assertEquals(64, e.get("input_hash").asText().length());
        statusByTool.merge(e.get("tool").asText(), e.get("status").asText(), (a, b) -> a + "," + b);
      }
      assertEquals("denied", statusByTool.get("freeze_all"));
      assertEquals("error", statusByTool.get("boom"));
      assertEquals("error", statusByTool.get("slow"));
      assertTrue(statusByTool.get("echo").contains("pass"), statusByTool.toString());
      assertEquals(3, statusByTool.get("echo").split(",").length, statusByTool.toString());
    }
  }

  @Test
  void aMalformedLineGetsAParseErrorAndTheSessionGoesOn() throws Exception {
    try (ServerProcess server = new ServerProcess(dir, "oncall")) {
      server.initialize();
      server.send("{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/list\"");
      JsonNode error = server.next();
      assertEquals("2.0", error.get("jsonrpc").asText());
      assertTrue(error.get("id").isNull());
      assertEquals(-32700, error.at("/error/code").asInt());

      server.send("{\"id\":3,\"hello\":\"world\"}");
      JsonNode invalid = server.next();
      assertEquals(-32600, invalid.at("/error/code").asInt());
      assertEquals(3, invalid.get("id").asInt());

      server.request(4, "ping", null);
      JsonNode pong = server.next();
      assertEquals(4, pong.get("id").asInt());
      assertTrue(pong.has("result"), pong.toString());

      server.request(5, "tools/call", call("echo", "{\"text\":\"still here\"}"));
      assertEquals("still here", server.next().at("/result/structuredContent/text").asText());
      server.closeInput();
      assertTrue(server.exited(10));
      assertEquals(0, server.process.exitValue());
    }
  }

  @Test
  void responsesStillInFlightWhenInputEndsAreWrittenBeforeExit() throws Exception {
    try (ServerProcess server = new ServerProcess(dir, "oncall")) {
      server.initialize();
      server.request(2, "tools/call", call("slow", "{\"ms\":150}"));
      server.request(3, "tools/call", call("echo", "{\"text\":\"last\"}"));
      server.closeInput();
      assertTrue(server.exited(10), "exits after draining");
      assertEquals(0, server.process.exitValue(), server.stderrText());
      Map<Integer, JsonNode> r = byId(server, 2);
      assertEquals(150, r.get(2).at("/result/structuredContent/slept_ms").asInt(), r.toString());
      assertEquals("last", r.get(3).at("/result/structuredContent/text").asText());
      for (String line : server.stdoutLines()) {
        Json.MAPPER.readTree(line);
        assertTrue(line.startsWith("{\"jsonrpc\":\"2.0\""), "only protocol on stdout: " + line);
      }
    }
  }

  private static void assertNoJavaInternals(JsonNode response) {
    String text = response.toString();
    for (String leak :
        new String[] {
          "java.", "Exception", "`", "$", "Jackson", "Cannot ", "McpSchema", "\\tat "
        }) {
      assertFalse(text.contains(leak), "leaks '" + leak + "': " + text);
    }
  }

  // tools/call with arguments "x", params null or params [1] answered -32603 with Jackson and
  // NullPointerException text naming Java classes, and was never audited.
  @Test
  void malformedToolsCallParamsAnswerInvalidParamsInPlainWordsAndAreAudited() throws Exception {
    try (ServerProcess server = new ServerProcess(dir, "oncall")) {
      server.initialize();
      server.request(2, "tools/call", "{\"name\":\"echo\",\"arguments\":\"x\"}");
      server.request(3, "tools/call", "null");
      server.request(4, "tools/call", "[1]");
      server.request(5, "tools/call", "{\"name\":5}");
      server.request(6, "tools/list", "[1]");
      Map<Integer, JsonNode> r = byId(server, 5);
      for (int id = 2; id <= 6; id++) {
        assertEquals(-32602, r.get(id).at("/error/code").asInt(), r.get(id).toString());
        assertNoJavaInternals(r.get(id));
      }
      assertTrue(
          r.get(2)
              .at("/error/message")
              .asText()
              .contains("\"arguments\" of tools/call must be a JSON object"),
          r.get(2).toString());
      assertTrue(r.get(3).at("/error/message").asText().contains("\"name\""), r.get(3).toString());
      server.request(7, "tools/call", call("echo", "{\"text\":\"still here\"}"));
      assertEquals("still here", server.next().at("/result/structuredContent/text").asText());
      server.closeInput();
      assertTrue(server.exited(10));
      List<String> audited = new ArrayList<>();
      for (JsonNode e : server.auditEvents()) {
        audited.add(e.get("tool").asText() + "/" + e.get("status").asText());
      }
      assertEquals(
          List.of(
              "echo/failed", "unknown:/failed", "unknown:/failed", "unknown:/failed", "echo/pass"),
          audited);
    }
  }

  // A request sent before initialize was never answered, and the server then waited 35 s after
  // the end of input for that answer before exiting.
  @Test
  void aRequestBeforeInitializeIsAnsweredAndTheProcessExitsPromptlyAfterEof() throws Exception {
    try (ServerProcess server = new ServerProcess(dir, "oncall")) {
      server.request(1, "tools/list", null);
      JsonNode refused = server.next();
      assertEquals(1, refused.get("id").asInt(), refused.toString());
      assertEquals(-32600, refused.at("/error/code").asInt(), refused.toString());
      assertTrue(
          refused.at("/error/message").asText().contains("send initialize first"),
          refused.toString());
      server.request(2, "ping", null);
      assertTrue(server.next().has("result"), "ping is answered at any time");
      server.request(3, "tools/call", call("echo", "{\"text\":\"early\"}"));
      assertEquals(-32600, server.next().at("/error/code").asInt());
      long start = System.nanoTime();
      server.closeInput();
      assertTrue(server.exited(5), "exits within 5 s of the end of input");
      long ms = (System.nanoTime() - start) / 1_000_000;
      assertTrue(ms < 5_000, "took " + ms + " ms");
      assertEquals(0, server.process.exitValue(), server.stderrText());
      assertEquals("failed", server.auditEvents().get(0).get("status").asText());
    }
  }

  // "jsonrpc": "1.0" (or none) was accepted as JSON-RPC 2.0; ids that are objects, floats or
  // booleans and methods that are not strings must be refused as invalid requests too.
  @Test
  void messagesThatAreNotJsonRpc20AreInvalidRequests() throws Exception {
    try (ServerProcess server = new ServerProcess(dir, "oncall")) {
      server.initialize();
      String[] bad = {
        "{\"jsonrpc\":\"1.0\",\"id\":2,\"method\":\"ping\"}",
        "{\"id\":2,\"method\":\"ping\"}",
        "{\"jsonrpc\":2.0,\"id\":2,\"method\":\"ping\"}",
        "{\"jsonrpc\":\"2.0\",\"id\":{\"a\":1},\"method\":\"ping\"}",
        "{\"jsonrpc\":\"2.0\",\"id\":[1],\"method\":\"ping\"}",
        "{\"jsonrpc\":\"2.0\",\"id\":1.5,\"method\":\"ping\"}",
        "{\"jsonrpc\":\"2.0\",\"id\":true,\"method\":\"ping\"}",
        "{\"jsonrpc\":\"2.0\",\"id\":null,\"method\":\"ping\"}",
        "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":5}",
        "[{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"ping\"}]",
      };
      for (String line : bad) {
        server.send(line);
        JsonNode r = server.next();
        assertEquals(-32600, r.at("/error/code").asInt(), line + " -> " + r);
        assertTrue(r.get("id").isNull() || r.get("id").asInt() == 2, r.toString());
        assertNoJavaInternals(r);
      }
      server.request(3, "ping", null);
      JsonNode pong = server.next();
      assertEquals(3, pong.get("id").asInt());
      assertTrue(pong.has("result"), pong.toString());
    }
  }

  // tools/call of an unknown tool was answered by the SDK, echoing the name, and never audited.
  @Test
  void anUnknownToolIsRefusedAndAuditedUnderABoundedName() throws Exception {
    try (ServerProcess server = new ServerProcess(dir, "oncall")) {
      server.initialize();
      String name = "x\\u001b[2J" + "y".repeat(200_000);
      server.request(2, "tools/call", call(name, "{}"));
      JsonNode r = server.next();
      assertEquals(-32602, r.at("/error/code").asInt(), r.toString());
      assertTrue(r.toString().length() < 400, "the name is not echoed in full");
      server.closeInput();
      assertTrue(server.exited(10));
      JsonNode e = server.auditEvents().get(0);
      assertEquals("denied", e.get("status").asText());
      assertEquals("unknown:x__2J" + "y".repeat(59), e.get("tool").asText());
    }
  }

  @Test
  void anUnknownPrincipalStopsStartupNamingTheKnownOnes() throws Exception {
    try (ServerProcess server = new ServerProcess(dir, "ghost")) {
      assertTrue(server.exited(10));
      assertTrue(server.process.exitValue() != 0);
      assertTrue(
          server.stderrText().contains("known principals: cto, media, oncall"),
          server.stderrText());
    }
  }
}

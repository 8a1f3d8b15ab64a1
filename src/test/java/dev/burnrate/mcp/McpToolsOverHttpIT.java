package dev.burnrate.mcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * {@link McpToolContract} (listing and every golden) over Streamable HTTP: the shaded jar
 * with {@code --http 127.0.0.1:0}, called as {@code dev} with dev's bearer token. Raw JSON-RPC
 * over HTTP, so decimals reach the comparison exactly as the server wrote them.
 */
class McpToolsOverHttpIT extends McpToolContract {
  static HttpServeProcess http;
  static String session;

  @BeforeAll
  static void start() throws Exception {
    fixture = JarFixture.create(root, 20_000);
    http = HttpServeProcess.start(fixture);
    HttpResponse<String> init = post(HttpServeProcess.INITIALIZE);
    assertEquals(200, init.statusCode(), init.body());
    session = init.headers().firstValue("Mcp-Session-Id").orElseThrow();
    assertEquals(202, post("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}").statusCode());
    tools = new LinkedHashMap<>();
    for (JsonNode t : rpc(2, "tools/list", "{}").get("tools")) {
      tools.put(t.get("name").asText(), t);
    }
    transport = (tool, args) -> {
      JsonNode result = rpc(nextId++, "tools/call",
          "{\"name\":\"" + tool + "\",\"arguments\":" + args + "}");
      JarFixture.assertNoStackTrace(result.toString());
      return result;
    };
  }

  @AfterAll
  static void stop() throws Exception {
    if (http != null) {
      http.close();
    }
  }

  private static HttpResponse<String> post(String body) throws Exception {
    return session == null
        ? http.post("/mcp", body, "Authorization", HttpServeProcess.bearer("dev"))
        : http.post("/mcp", body, "Authorization", HttpServeProcess.bearer("dev"), "Mcp-Session-Id", session);
  }

  /** One request; its answer arrives as a one-event SSE stream. */
  static JsonNode rpc(int id, String method, String params) throws Exception {
    HttpResponse<String> r = post("{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"method\":\"" + method
        + "\",\"params\":" + params + "}");
    assertEquals(200, r.statusCode(), r.body());
    for (String line : r.body().split("\n")) {
      if (line.startsWith("data:")) {
        JsonNode msg = ServerProcess.EXACT.readTree(line.substring(5).strip());
        if (msg.path("id").asInt() == id) {
          assertFalse(msg.has("error"), "a protocol error: " + msg);
          return msg.get("result");
        }
      }
    }
    throw new AssertionError("no answer to request " + id + " in: " + r.body());
  }
}

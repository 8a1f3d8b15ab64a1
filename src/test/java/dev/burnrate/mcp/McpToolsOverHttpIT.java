package dev.burnrate.mcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * {@link McpToolContract} over Streamable HTTP: the shaded jar with {@code --http 127.0.0.1:0},
 * called as {@code dev} with dev's bearer token. Raw JSON-RPC over HTTP, so decimals reach the
 * comparison exactly as the server wrote them.
 */
class McpToolsOverHttpIT extends McpToolContract {
  static Client listing;

  /** One initialized session on one server. */
  record Client(HttpServeProcess http, String session) implements AutoCloseable {
    static Client open(JarFixture f) throws Exception {
      HttpServeProcess http = HttpServeProcess.start(f);
      HttpResponse<String> init =
          http.post(
              "/mcp", HttpServeProcess.INITIALIZE, "Authorization", HttpServeProcess.bearer("dev"));
      assertEquals(200, init.statusCode(), init.body());
      Client c = new Client(http, init.headers().firstValue("Mcp-Session-Id").orElseThrow());
      assertEquals(
          202,
          c.post("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}").statusCode());
      return c;
    }

    HttpResponse<String> post(String body) throws Exception {
      return http.post(
          "/mcp", body, "Authorization", HttpServeProcess.bearer("dev"), "Mcp-Session-Id", session);
    }

    /** One request; its answer arrives as a one-event SSE stream. */
    JsonNode rpc(int id, String method, String params) throws Exception {
      HttpResponse<String> r =
          post(
              "{\"jsonrpc\":\"2.0\",\"id\":"
                  + id
                  + ",\"method\":\""
                  + method
                  + "\",\"params\":"
                  + params
                  + "}");
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

    JsonNode call(int id, String tool, String args) throws Exception {
      JsonNode result =
          rpc(id, "tools/call", "{\"name\":\"" + tool + "\",\"arguments\":" + args + "}");
      JarFixture.assertNoStackTrace(result.toString());
      return result;
    }

    @Override
    public void close() throws Exception {
      http.close();
    }
  }

  @BeforeAll
  static void start() throws Exception {
    template = JarFixture.create(root.resolve("template"), 20_000);
    listing = Client.open(template.copyTo(root.resolve("listing")));
    tools = new LinkedHashMap<>();
    for (JsonNode t : listing.rpc(2, "tools/list", "{}").get("tools")) {
      tools.put(t.get("name").asText(), t);
    }
    transport =
        new Transport() {
          @Override
          public JsonNode call(String tool, String args) throws Exception {
            return listing.call(nextId++, tool, args);
          }

          @Override
          public Session open(JarFixture own) throws Exception {
            Client c = Client.open(own);
            return new Session() {
              @Override
              public JsonNode call(int id, String tool, String args) throws Exception {
                return c.call(id, tool, args);
              }

              @Override
              public void close() throws Exception {
                c.close();
              }
            };
          }
        };
  }

  @AfterAll
  static void stop() throws Exception {
    if (listing != null) {
      listing.close();
    }
  }
}

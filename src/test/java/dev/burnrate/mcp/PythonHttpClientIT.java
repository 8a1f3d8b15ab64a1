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
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * An independent client over the network: the official Python MCP SDK connects to {@code serve
 * --http} by Streamable HTTP and by the legacy SSE transport, with a bearer token.
 */
class PythonHttpClientIT {
  @org.junit.jupiter.api.io.TempDir static Path root;
  static HttpServeProcess server;

  @BeforeAll
  static void start() throws Exception {
    PythonClientTest.createVenv();
    server = HttpServeProcess.start(JarFixture.create(root, 5_000));
  }

  @AfterAll
  static void stop() throws Exception {
    if (server != null) {
      server.close();
    }
  }

  private JsonNode runClient(String transport, String principal, String tool, String args)
      throws Exception {
    List<String> command =
        new ArrayList<>(
            List.of(
                PythonClientTest.python().toString(),
                "src/test/python/mcp_http_client_check.py",
                transport,
                server.base.toString(),
                tool,
                args));
    Path err = root.resolve("python-" + transport + "-" + principal + ".txt");
    ProcessBuilder pb = new ProcessBuilder(command).redirectError(err.toFile());
    pb.environment().put("BURNRATE_TOKEN", HttpServeProcess.TOKENS.get(principal));
    Process p = pb.start();
    p.getOutputStream().close();
    assertTrue(p.waitFor(90, TimeUnit.SECONDS), "the Python client finished");
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertEquals(0, p.exitValue(), out + Files.readString(err) + server.stderrText());
    return Json.MAPPER.readTree(out);
  }

  /** The resources scenario of mcp_protocol_check.py as {@code principal}. */
  private JsonNode runResources(String transport, String principal, boolean subscribe)
      throws Exception {
    List<String> command =
        List.of(
            PythonClientTest.python().toString(),
            "src/test/python/mcp_protocol_check.py",
            "resources",
            transport,
            server.base.toString());
    Path err = root.resolve("python-resources-" + transport + "-" + principal + ".txt");
    ProcessBuilder pb = new ProcessBuilder(command).redirectError(err.toFile());
    pb.environment().put("BURNRATE_TOKEN", HttpServeProcess.TOKENS.get(principal));
    pb.environment().put("BURNRATE_CHECK_SUBSCRIBE", subscribe ? "1" : "0");
    Process p = pb.start();
    p.getOutputStream().close();
    assertTrue(p.waitFor(90, TimeUnit.SECONDS), "the Python client finished");
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertEquals(0, p.exitValue(), out + Files.readString(err) + server.stderrText());
    return Json.MAPPER.readTree(out);
  }

  @ParameterizedTest
  @ValueSource(strings = {"streamable", "sse"})
  void resourcesPromptsAndUpdatesReachThePythonSdkOverHttp(String transport) throws Exception {
    JsonNode seen = runResources(transport, "admin-bot", true);
    assertEquals(2, seen.get("resources").size(), seen.toString());
    JsonNode digest = seen.at("/reads/burnrate:~1~1digest~1today");
    assertEquals("[\"application/json\",\"text/markdown\"]", digest.get("mime").toString());
    JsonNode budget = seen.at("/reads/burnrate:~1~1budget~1month");
    assertEquals(
        "2026-02",
        Json.MAPPER.readTree(budget.at("/text/0").asText()).get("month").asText(),
        seen.toString());
    assertTrue(seen.get("deploy_prompt").asText().contains("preflight_deploy"), seen.toString());
    assertFalse(seen.get("record_error").asBoolean(), seen.toString());
    assertTrue(
        seen.get("updated").toString().contains("burnrate://budget/month"),
        "new usage announced to the subscriber: " + seen);
  }

  @ParameterizedTest
  @ValueSource(strings = {"streamable", "sse"})
  void aPrincipalReadsOnlyResourcesItsRolesEntitleItTo(String transport) throws Exception {
    JsonNode seen = runResources(transport, "media-bot", false);
    // Listed to everyone (the SDK filters tools only), refused on read.
    assertEquals(2, seen.get("resources").size(), seen.toString());
    for (String uri : List.of("digest~1today", "budget~1month")) {
      String error = seen.at("/reads/burnrate:~1~1" + uri + "/error").asText();
      assertTrue(error.contains("lacks entitlement 'tools.cost.read'"), seen.toString());
    }
    assertTrue(
        seen.get("deploy_prompt_error").asText().contains("may not call 'preflight_deploy'"),
        seen.toString());
  }

  @ParameterizedTest
  @ValueSource(strings = {"streamable", "sse"})
  void thePythonSdkListsAndCallsToolsOverHttp(String transport) throws Exception {
    JsonNode seen = runClient(transport, "oncall-bot", "get_top_spenders", "{\"top_n\":2}");
    assertEquals("burnrate", seen.get("server_name").asText());
    List<String> names = new ArrayList<>();
    seen.get("tools").forEach(n -> names.add(n.asText()));
    assertEquals("get_cost_report", names.get(0), names.toString());
    assertFalse(names.contains("record_usage"), "oncall-bot may not write: " + names);
    assertFalse(seen.at("/call/is_error").asBoolean(), seen.toString());
    JsonNode structured = seen.at("/call/structured");
    assertEquals(2, structured.get("top_tools").size(), structured.toString());
    assertTrue(
        ServerProcess.sameJson(structured, Json.MAPPER.readTree(seen.at("/call/text/0").asText())));
  }

  @ParameterizedTest
  @ValueSource(strings = {"streamable", "sse"})
  void aDeniedCallReachesThePythonClientAsAnErrorResult(String transport) throws Exception {
    JsonNode seen = runClient(transport, "media-bot", "get_cost_report", "{}");
    assertEquals(0, seen.get("tools").size(), seen.toString());
    assertTrue(seen.at("/call/is_error").asBoolean(), seen.toString());
    assertTrue(seen.at("/call/text/0").asText().contains("tools.cost.read"), seen.toString());
  }
}

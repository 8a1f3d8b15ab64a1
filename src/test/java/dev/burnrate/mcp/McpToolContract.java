package dev.burnrate.mcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.burnrate.Golden;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The shaded jar's {@code serve} as an agent sees it over one transport: the tool listing, and
 * every tool's answer against its reviewed golden case ({@code src/test/resources/golden/<tool>/},
 * checked by {@link Golden}). Each case gets its own copy of the fixture and its own server, so a
 * case that records usage cannot change what another reads, whatever the order. One contract, run
 * over stdio ({@link McpToolsIT}) and Streamable HTTP ({@link McpToolsOverHttpIT}), as the SDK runs
 * its own suites against every transport.
 */
abstract class McpToolContract {
  /** The server under test, as a client of one transport sees it. */
  interface Transport {
    /**
     * The JSON-RPC result of a {@code tools/call} on the listing server; fails on a protocol error.
     */
    JsonNode call(String tool, String argumentsJson) throws Exception;

    /** Serves {@code own} on a server of its own, with one initialized session as dev. */
    Session open(JarFixture own) throws Exception;
  }

  /** One initialized session on a server of its own; closing it stops the server. */
  interface Session extends AutoCloseable {
    /** The JSON-RPC result of a {@code tools/call}; fails on a protocol error. */
    JsonNode call(int id, String tool, String argumentsJson) throws Exception;
  }

  @TempDir static Path root;

  /** Generated once, never served: each case and the listing server serve copies. */
  static JarFixture template;

  static Transport transport;
  static Map<String, JsonNode> tools;
  static int nextId = 10;

  @Test
  void theListingIsInTheManifestsOrderWithAnnotationsAndSchemas() throws Exception {
    JsonNode manifest = Json.MAPPER.readTree(Path.of("mcp-manifest.json").toFile());
    List<String> expected = new ArrayList<>();
    for (JsonNode t : manifest.get("tools")) {
      // dev holds read, gate and write; nothing here needs admin
      assertFalse(t.path("title").asText().isBlank(), "the manifest titles " + t.get("name"));
      if (!t.get("entitlement").asText().equals("tools.cost.admin")) {
        expected.add(t.get("name").asText());
      }
    }
    assertEquals(expected, List.copyOf(tools.keySet()));
    for (JsonNode t : tools.values()) {
      String name = t.get("name").asText();
      // The name says it: a title would say it again in every agent's context.
      assertTrue(t.path("title").isMissingNode(), name + " is listed without a title");
      assertTrue(t.path("description").asText().length() > 60, name + " explains when to call it");
      assertEquals("object", t.at("/inputSchema/type").asText(), name);
      assertEquals("object", t.at("/outputSchema/type").asText(), name);
      assertTrue(t.has("annotations"), name + " has annotations");
    }
    for (String read :
        List.of(
            "get_cost_report",
            "get_top_spenders",
            "detect_anomalies",
            "get_cost_digest",
            "get_cost_weights")) {
      assertTrue(tools.get(read).at("/annotations/readOnlyHint").asBoolean(), read);
    }
    JsonNode record = tools.get("record_usage").get("annotations");
    // Not read-only is the spec's default, so left out; not destructive is not, so said.
    assertTrue(record.path("readOnlyHint").isMissingNode(), record.toString());
    assertFalse(record.get("destructiveHint").asBoolean(true), record.toString());
    assertTrue(record.get("idempotentHint").asBoolean(), record.toString());
    JsonNode preflight = tools.get("preflight_deploy").get("annotations");
    assertTrue(preflight.path("idempotentHint").isMissingNode(), preflight.toString());
  }

  static Stream<Golden.Case> cases() {
    return Golden.FILES.cases().stream().filter(Golden.Case::isMcp);
  }

  /**
   * Each case is {@code request.json} ({@code {"tool": ..., "arguments": {...}}}) and {@code
   * response.json}, the structured content the tool must answer with, on a fresh copy of the
   * fixture. The fixture lives in a temporary directory; goldens name it {@code $FIXTURE}.
   */
  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void everyToolAnswersItsGolden(Golden.Case c) throws Exception {
    JarFixture own = template.copyTo(root.resolve("cases").resolve(c.tool()).resolve(c.scenario()));
    JsonNode result;
    String reservation = null;
    try (Session caseServer = transport.open(own)) {
      int id = 2;
      // Calls the case needs first (e.g. a reservation to settle); a reservation_id they answer
      // stands for $RESERVATION in the case's arguments and its golden.
      for (JsonNode before : c.request().path("before")) {
        JsonNode r =
            caseServer.call(id++, before.get("tool").asText(), before.get("arguments").toString());
        assertFalse(r.path("isError").asBoolean(), r.toString());
        if (r.at("/structuredContent/reservation_id").isTextual()) {
          reservation = r.at("/structuredContent/reservation_id").asText();
        }
      }
      String arguments = c.request().get("arguments").toString();
      if (reservation != null) {
        arguments = arguments.replace("$RESERVATION", reservation);
      }
      result = caseServer.call(id, c.tool(), arguments);
    }
    assertFalse(result.path("isError").asBoolean(), result.toString());
    JsonNode structured = result.get("structuredContent");
    assertTrue(
        ServerProcess.sameJson(
            structured, ServerProcess.EXACT.readTree(result.at("/content/0/text").asText())),
        "the text content is the same JSON as the structured content");
    JarFixture.assertConforms(tools.get(c.tool()), structured);
    if (reservation == null && structured.path("reservation_id").isTextual()) {
      reservation = structured.get("reservation_id").asText(); // random: named, not compared
    }
    String actual =
        ServerProcess.EXACT.writeValueAsString(structured).replace(own.root.toString(), "$FIXTURE");
    Golden.FILES.check(
        c, (reservation == null ? actual : actual.replace(reservation, "$RESERVATION")) + "\n");
  }

  @Test
  void everyListedToolHasAGoldenCase() {
    for (String t : tools.keySet()) {
      assertFalse(Golden.FILES.cases(t).isEmpty(), "no golden case calls " + t);
    }
  }

  @Test
  void everyMcpCaseCallsAListedTool() {
    cases()
        .forEach(
            c -> assertTrue(tools.containsKey(c.tool()), c + " calls a tool the listing lacks"));
  }

  @Test
  void badArgumentsAreIsErrorResultsThatNameTheValidValues() throws Exception {
    JsonNode r = transport.call("get_cost_report", "{\"group_by\":[\"colour\"]}");
    assertTrue(r.get("isError").asBoolean(), r.toString());
    String text = r.at("/content/0/text").asText();
    assertTrue(
        text.contains("tool") && text.contains("agent_id") && text.contains("workspace_id"), text);

    r = transport.call("get_top_spenders", "{\"top_n\":0}");
    assertTrue(r.get("isError").asBoolean(), r.toString());
    assertTrue(r.at("/content/0/text").asText().contains("top_n"), r.toString());

    r = transport.call("detect_anomalies", "{\"window_minutes\":\"sixty\"}");
    assertTrue(r.get("isError").asBoolean(), r.toString());
    assertTrue(r.at("/content/0/text").asText().contains("window_minutes"), r.toString());

    r = transport.call("get_cost_report", "{\"time_range\":\"last week\"}");
    assertTrue(r.get("isError").asBoolean(), r.toString());
    assertTrue(r.at("/content/0/text").asText().contains("time_range"), r.toString());
  }
}

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
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The shaded jar's {@code serve} as an agent sees it over one transport: the tool listing, and
 * every tool's answer against a reviewed golden file ({@code src/test/resources/golden/mcp/}).
 * Regenerate the goldens with {@code mvn verify -Dgolden.update=true} and review the diff. One
 * contract, run over stdio ({@link McpToolsIT}) and Streamable HTTP ({@link McpToolsOverHttpIT}).
 */
abstract class McpToolContract {
  /** The server under test, as a client of one transport sees it. */
  interface Transport {
    /** The JSON-RPC result of a {@code tools/call}; fails on a protocol error. */
    JsonNode call(String tool, String argumentsJson) throws Exception;
  }

  private static final Path GOLDEN = Path.of("src/test/resources/golden/mcp");
  private static final boolean UPDATE = Boolean.getBoolean("golden.update");

  @TempDir static Path root;
  static JarFixture fixture;
  static Transport transport;
  static Map<String, JsonNode> tools;
  static int nextId = 10;

  @Test
  void theListingIsInTheManifestsOrderWithTitlesAnnotationsAndSchemas() throws Exception {
    JsonNode manifest = Json.MAPPER.readTree(Path.of("mcp-manifest.json").toFile());
    List<String> expected = new ArrayList<>();
    for (JsonNode t : manifest.get("tools")) {
      // dev holds read, gate and write; nothing here needs admin
      if (!t.get("entitlement").asText().equals("tools.cost.admin")) {
        expected.add(t.get("name").asText());
      }
    }
    assertEquals(expected, List.copyOf(tools.keySet()));
    for (JsonNode t : tools.values()) {
      String name = t.get("name").asText();
      assertFalse(t.path("title").asText().isBlank(), name + " has a title");
      assertTrue(t.path("description").asText().length() > 60, name + " explains when to call it");
      assertEquals("object", t.at("/inputSchema/type").asText(), name);
      assertEquals("object", t.at("/outputSchema/type").asText(), name);
      assertTrue(t.has("annotations"), name + " has annotations");
    }
    for (String read : List.of("get_cost_report", "get_top_spenders", "detect_anomalies",
        "get_cost_digest", "get_cost_weights")) {
      assertTrue(tools.get(read).at("/annotations/readOnlyHint").asBoolean(), read);
    }
    JsonNode record = tools.get("record_usage").get("annotations");
    assertFalse(record.get("readOnlyHint").asBoolean());
    assertFalse(record.get("destructiveHint").asBoolean());
  }

  static Stream<String> cases() throws Exception {
    try (Stream<Path> dirs = Files.list(GOLDEN)) {
      return dirs.filter(Files::isDirectory).map(p -> p.getFileName().toString()).sorted().toList().stream();
    }
  }

  /**
   * Each case is {@code request.json} ({@code {"tool": ..., "arguments": {...}}}) and {@code
   * response.json}, the structured content the tool must answer with. Cases run in name order;
   * the one that records usage is named to run last, so the others read the same history.
   */
  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void everyToolAnswersItsGolden(String name) throws Exception {
    Path dir = GOLDEN.resolve(name);
    JsonNode request = Json.MAPPER.readTree(dir.resolve("request.json").toFile());
    String tool = request.get("tool").asText();
    JsonNode result = transport.call(tool, request.get("arguments").toString());
    assertFalse(result.path("isError").asBoolean(), result.toString());
    JsonNode structured = result.get("structuredContent");
    assertTrue(ServerProcess.sameJson(structured, ServerProcess.EXACT.readTree(result.at("/content/0/text").asText())),
        "the text content is the same JSON as the structured content");
    JarFixture.assertConforms(tools.get(tool), structured);
    Path golden = dir.resolve("response.json");
    // The fixture lives in a temporary directory; goldens name it $FIXTURE.
    String actual = ServerProcess.EXACT.writeValueAsString(structured)
        .replace(root.toString(), "$FIXTURE") + "\n";
    if (UPDATE) {
      Files.writeString(golden, actual, StandardCharsets.UTF_8);
    }
    String expected = Files.readString(golden);
    assertTrue(ServerProcess.sameJson(ServerProcess.EXACT.readTree(expected), ServerProcess.EXACT.readTree(actual)),
        "golden " + golden + " differs; expected:\n" + expected + "\nactual:\n" + actual);
  }

  @Test
  void everyListedToolHasAGoldenCase() throws Exception {
    List<String> covered = new ArrayList<>();
    for (String c : cases().toList()) {
      covered.add(Json.MAPPER.readTree(GOLDEN.resolve(c).resolve("request.json").toFile()).get("tool").asText());
    }
    for (String t : tools.keySet()) {
      assertTrue(covered.contains(t), "no golden case calls " + t);
    }
  }

  @Test
  void badArgumentsAreIsErrorResultsThatNameTheValidValues() throws Exception {
    JsonNode r = transport.call("get_cost_report", "{\"group_by\":[\"colour\"]}");
    assertTrue(r.get("isError").asBoolean(), r.toString());
    String text = r.at("/content/0/text").asText();
    assertTrue(text.contains("tool") && text.contains("agent_id") && text.contains("workspace_id"), text);

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

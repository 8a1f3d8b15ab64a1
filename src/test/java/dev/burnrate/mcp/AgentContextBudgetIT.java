package dev.burnrate.mcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What an agent pays in context to use burnrate, on the demo month with the clock fixed at its end:
 * every tool definition together ({@code tools/list} as the shaded jar sends it) within {@value
 * #TOOLS_LIST_CHARS} characters, and each tool's answer to its default arguments within {@value
 * #ANSWER_BYTES} bytes (the text content; the structured content is the same JSON). The failure
 * messages give every size, so a change that grows one shows where.
 *
 * <p>The listing's budget is issue 13's 16,000 characters. The way there: 30,638 before nested
 * answer objects were named by their keys ({@code "keys: a, b, c"}), 24,412 after, 19,002 with the
 * listing lighter than the enforced schemas, 16,668 once each such description named only what an
 * agent acts on, 15,955 without titles (the names say them; the manifest keeps them), without
 * annotation hints equal to the protocol's defaults, with key lists in braces ({@code "{a, b}"})
 * and cost-units figures named alone (each tool's description says what they are, and the row every
 * ranking shares says it again). Pay for a new field with tighter wording rather than by raising
 * it.
 */
class AgentContextBudgetIT {
  static final int TOOLS_LIST_CHARS = 16_000;
  static final int ANSWER_BYTES = 8 * 1024;

  /** The smallest arguments a tool takes; every other tool is called with none. */
  static final Map<String, String> REQUIRED_ARGS =
      Map.of(
          "preflight_deploy", "{\"target\":\"release-2:2.0\"}",
          "estimate_cost",
              "{\"model\":\"claude-sonnet-4-6\",\"input_tokens\":1000,\"output_tokens\":200}",
          "record_usage",
              "{\"events\":[{\"ts\":\"2026-02-23T11:59:00Z\",\"tool\":\"web_search\","
                  + "\"agent_id\":\"support-bot\",\"req_id\":\"budget-it-1\"}]}",
          "reserve_spend",
              "{\"agent_id\":\"support-bot\",\"req_id\":\"budget-it-2\",\"estimated_usd\":0.5}",
          "settle_spend", "{\"reservation_id\":\"$RESERVATION\",\"actual_usd\":0.25}",
          "release_spend", "{\"reservation_id\":\"$RESERVATION\"}");

  @TempDir static Path root;
  static ServerProcess server;
  static Map<String, JsonNode> tools;
  static int nextId = 3;

  @BeforeAll
  static void start() throws Exception {
    server = JarFixture.demoMonth(root.resolve("demo")).serve("dev");
    server.initialize();
    tools = JarFixture.listTools(server, 2);
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.close();
    }
  }

  static Stream<String> toolNames() {
    return List.copyOf(tools.keySet()).stream();
  }

  @Test
  void everyToolIsListedForTheDefaultPrincipal() {
    assertEquals(13, tools.size(), tools.keySet().toString());
  }

  @Test
  void whatCostUnitsAreIsListedWhereverTheyRank() {
    // The tools answering in cost units say it in their descriptions, and the row every ranking
    // shares (get_cost_report's, which the others name) says it in the schema.
    for (String name :
        List.of("get_cost_report", "get_top_spenders", "detect_anomalies", "get_cost_digest")) {
      String d = tools.get(name).get("description").asText();
      assertTrue(d.contains("cost_units: weights, not dollars"), name + ": " + d);
    }
    String row = tools.get("get_cost_report").at("/outputSchema/$defs/row/description").asText();
    assertTrue(row.contains("cost_units (weights, not dollars)"), row);
  }

  @Test
  void allToolDefinitionsTogetherFitTheContextBudget() {
    Map<String, Integer> sizes = new LinkedHashMap<>();
    int total = 0;
    for (JsonNode t : tools.values()) {
      int chars = Json.write(t).length();
      sizes.put(t.get("name").asText(), chars);
      total += chars;
    }
    assertTrue(
        total <= TOOLS_LIST_CHARS,
        "tools/list holds " + total + " characters of tool definitions: " + sizes);
    for (JsonNode t : tools.values()) {
      assertTrue(t.has("outputSchema"), t.get("name").asText() + " keeps its output schema");
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("toolNames")
  void theDefaultAnswerFitsTheAnswerBudget(String tool) throws Exception {
    String args = REQUIRED_ARGS.getOrDefault(tool, "{}");
    if (args.contains("$RESERVATION")) {
      JsonNode reserved =
          JarFixture.call(
              server,
              nextId++,
              "reserve_spend",
              "{\"agent_id\":\"support-bot\",\"req_id\":\"budget-it-"
                  + tool
                  + "\",\"estimated_usd\":0.5}");
      args =
          args.replace("$RESERVATION", reserved.at("/structuredContent/reservation_id").asText());
    }
    JsonNode result = JarFixture.call(server, nextId++, tool, args);
    assertFalse(result.path("isError").asBoolean(), result.toString());
    assertFalse(
        result.at("/structuredContent/truncated").asBoolean(),
        tool + " fits without the size limit's trimming");
    int bytes = result.at("/content/0/text").asText().getBytes(StandardCharsets.UTF_8).length;
    assertTrue(bytes <= ANSWER_BYTES, tool + " answers " + bytes + " bytes by default");
    @SuppressWarnings("unchecked")
    Map<String, Object> listed =
        Json.MAPPER.convertValue(tools.get(tool).get("outputSchema"), Map.class);
    var check = new LazySchemaValidator().check(listed, result.get("structuredContent"));
    assertTrue(check.valid(), tool + "'s answer fits its listed schema: " + check.errorMessage());
  }
}

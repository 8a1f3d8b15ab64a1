package dev.burnrate.mcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * What {@code tools/list} leaves out of a tool's schemas. That the listed schemas still accept
 * every real answer is checked over the demo month by {@code AgentContextBudgetIT}.
 */
class ListingTest {
  static final Map<String, Object> INPUT =
      Map.of(
          "type",
          "object",
          "properties",
          Map.of(
              "top_n",
              Map.of("type", "integer", "minimum", 1, "maximum", 1000, "default", 10),
              "tokens",
              Map.of("type", "integer", "minimum", 0, "maximum", 1_000_000_000_000L),
              "chars",
              Map.of("type", "integer", "minimum", 200, "maximum", 100_000)),
          "additionalProperties",
          false);

  @Test
  void argumentsKeepTheirTypesDefaultsAndMeaningfulBounds() {
    @SuppressWarnings("unchecked")
    Map<String, Map<String, Object>> props =
        (Map<String, Map<String, Object>>) Listing.input(INPUT).get("properties");
    assertEquals(Map.of("type", "integer", "maximum", 1000, "default", 10), props.get("top_n"));
    assertEquals(Map.of("type", "integer"), props.get("tokens"));
    assertEquals(Map.of("type", "integer", "minimum", 200, "maximum", 100_000), props.get("chars"));
    assertFalse(Listing.input(INPUT).containsKey("additionalProperties"));
  }

  @Test
  void answersNameTheirFieldsAndLeaveTheEnvelopeToTheInstructions() {
    Map<String, Object> out =
        ToolGateway.withEnvelope(
            Map.of(
                "type",
                "object",
                "properties",
                Map.of(
                    "mtd_usd",
                    Map.of("type", List.of("number", "null")),
                    "decision",
                    Map.of("type", "string", "enum", List.of("pass", "veto")),
                    "window",
                    Map.of("type", "object", "description", "{from, to}"),
                    "warnings",
                    Map.of("type", "array", "items", Map.of("type", "string")),
                    "anomalies",
                    Map.of("type", "array", "items", Map.of("description", "{kind}")),
                    "tools",
                    Map.of(
                        "type",
                        "object",
                        "additionalProperties",
                        Map.of("type", "object", "description", "{cost_per_call}")),
                    "fleet_ratio",
                    Map.of("type", "number", "description", "The typical tool's ratio"))));
    Map<String, Object> listed = Listing.output(out);
    assertEquals("object", listed.get("type"));
    assertFalse(listed.containsKey("required"), "now is required in the full schema only");
    assertEquals(
        Map.of(
            "mtd_usd",
            Map.of(),
            "decision",
            Map.of("enum", List.of("pass", "veto")),
            "window",
            Map.of("description", "{from, to}"),
            "warnings",
            Map.of("type", "array"),
            "anomalies",
            Map.of("items", Map.of("description", "{kind}")),
            "tools",
            Map.of("additionalProperties", Map.of("description", "{cost_per_call}")),
            "fleet_ratio",
            Map.of("type", "number", "description", "The typical tool's ratio")),
        listed.get("properties"));
  }

  @Test
  void aTypedNestedObjectThatNamesItsKeysIsListedByThemAndWhatOnlyItUsedGoes() {
    Map<String, Object> out =
        Map.of(
            "type",
            "object",
            "properties",
            Map.of("rows", Map.of("type", "array", "items", Map.of("$ref", "#/$defs/row"))),
            "$defs",
            Map.of(
                "units",
                Map.of("type", "number", "description", "Relative weights"),
                "row",
                Map.of(
                    "type",
                    "object",
                    "description",
                    "{cost_units}",
                    "properties",
                    Map.of("cost_units", Map.of("$ref", "#/$defs/units")))));
    Map<String, Object> listed = Listing.output(out);
    assertEquals(Map.of("row", Map.of("description", "{cost_units}")), listed.get("$defs"));
    assertEquals(
        Map.of("rows", Map.of("items", Map.of("$ref", "#/$defs/row"))), listed.get("properties"));
  }

  @Test
  void aCostUnitsFigureIsListedByNameAndTheUnitsDefinitionGoes() {
    Map<String, Object> out =
        Map.of(
            "type",
            "object",
            "properties",
            Map.of("total_cost_units", Map.of("$ref", "#/$defs/units")),
            "$defs",
            Map.of("units", Map.of("type", "number", "description", "Relative weights")));
    Map<String, Object> listed = Listing.output(out);
    assertEquals(Map.of("total_cost_units", Map.of()), listed.get("properties"));
    assertFalse(listed.containsKey("$defs"), listed.toString());
  }
}

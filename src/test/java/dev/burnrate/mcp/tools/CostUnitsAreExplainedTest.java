package dev.burnrate.mcp.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.burnrate.mcp.CostTool;
import io.modelcontextprotocol.json.schema.JsonSchemaValidator;
import io.modelcontextprotocol.json.schema.jackson2.DefaultJsonSchemaValidator;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Rankings are by relative cost units, which an agent must not read as dollars: every tool whose
 * answer holds a cost-units figure says what they are in its description, and every such figure
 * typed in a schema is the one shared definition that says it. The shared definitions are real JSON
 * Schema references: the SDK's validator (the one the server checks answers with) follows them.
 */
class CostUnitsAreExplainedTest {
  @Test
  void everyCostUnitsFigureRefersToTheDefinitionThatSaysTheyAreNotDollars() {
    int figures = 0;
    for (CostTool t : CostToolSet.all(null)) {
      List<String> loose = new ArrayList<>();
      figures += walk(t.outputSchema(), t.outputSchema(), t.name(), loose);
      assertEquals(List.of(), loose, t.name() + ": cost-units figures without the definition");
    }
    // The row's cost_units and avg_cost_units, top spenders' total_cost_units; the others are
    // named in key lists, untyped, and the tool's description says what they are.
    assertTrue(figures >= 3, "the walk found the figures: " + figures);
  }

  @Test
  void everyToolAnsweringInCostUnitsSaysWhatTheyAreInItsDescription() {
    int tools = 0;
    for (CostTool t : CostToolSet.all(null)) {
      if (mentionsUnits(t.outputSchema())) {
        tools++;
        assertTrue(
            t.description().contains("cost_units") && t.description().contains("not dollars"),
            t.name() + ": " + t.description());
      }
    }
    assertEquals(4, tools, "report, top spenders, anomalies and the digest answer in units");
  }

  @Test
  void theServersValidatorFollowsSharedDefinitions() throws Exception {
    JsonSchemaValidator validator = new DefaultJsonSchemaValidator(new ObjectMapper());
    Map<String, Object> schema = new GetCostReportTool(null).outputSchema();
    Map<String, Object> good =
        Map.of("breakdowns", Map.of("tool", List.of(Map.of("tool", "search", "cost_units", 1.5))));
    Map<String, Object> bad =
        Map.of(
            "breakdowns", Map.of("tool", List.of(Map.of("tool", "search", "cost_units", "1.5"))));
    assertTrue(
        validator.validate(schema, good).valid(), validator.validate(schema, good).errorMessage());
    JsonSchemaValidator.ValidationResponse r = validator.validate(schema, bad);
    assertFalse(r.valid(), "a string where the row's cost_units must be a number");
    assertTrue(r.errorMessage().contains("cost_units"), r.errorMessage());
  }

  /**
   * Counts the cost-units properties under {@code node}; those not referring to units go in loose.
   */
  @SuppressWarnings("unchecked")
  private static int walk(Object node, Map<String, Object> root, String path, List<String> loose) {
    int n = 0;
    if (node instanceof Map<?, ?> m) {
      if (m.get("properties") instanceof Map<?, ?> props) {
        for (Map.Entry<?, ?> p : props.entrySet()) {
          String name = (String) p.getKey();
          if (unitsFigure(name)) {
            n++;
            Map<String, Object> at =
                OutputSchemaMatchesRecordsTest.resolve((Map<String, Object>) p.getValue(), root)
                    .schema();
            if (!Shapes.UNITS.equals(at.get("description"))) {
              loose.add(path + "." + name);
            }
          }
        }
      }
      for (Map.Entry<?, ?> e : m.entrySet()) {
        n += walk(e.getValue(), root, path + "." + e.getKey(), loose);
      }
    } else if (node instanceof List<?> l) {
      for (Object o : l) {
        n += walk(o, root, path, loose);
      }
    }
    return n;
  }

  /** A key holding cost units; a share of them (a ratio from 0 to 1) is not one. */
  private static boolean unitsFigure(Object key) {
    String k = (String) key;
    return k.contains("cost_units") && !k.endsWith("_share");
  }

  private static boolean mentionsUnits(Object node) {
    if (node instanceof Map<?, ?> m) {
      if (m.get("properties") instanceof Map<?, ?> props
          && props.keySet().stream().anyMatch(CostUnitsAreExplainedTest::unitsFigure)) {
        return true;
      }
      // A key list naming a cost-units key, or a shape of another tool that answers in them.
      if (m.get("description") instanceof String d
          && (d.startsWith("Like ")
              || java.util.regex.Pattern.compile("\\w*cost_units\\w*")
                  .matcher(d)
                  .results()
                  .anyMatch(r -> unitsFigure(r.group())))) {
        return true;
      }
      return m.values().stream().anyMatch(CostUnitsAreExplainedTest::mentionsUnits);
    }
    return node instanceof List<?> l
        && l.stream().anyMatch(CostUnitsAreExplainedTest::mentionsUnits);
  }
}

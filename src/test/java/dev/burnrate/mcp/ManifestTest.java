package dev.burnrate.mcp;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ManifestTest {
  @Test
  void describesTheServerItsLaunchAndEveryToolInRegistrationOrder() {
    Map<String, Object> m = Manifest.build("burnrate", "0.1.0", "Cost governance", ToyTools.all());
    assertEquals(
        List.of(
            "name",
            "version",
            "description",
            "transports",
            "launch",
            "tools",
            "resources",
            "prompts"),
        List.copyOf(m.keySet()));
    assertEquals(List.of("stdio"), m.get("transports"));
    assertEquals(List.of(), m.get("resources"), "no digest or budget tool among the toys");
    assertEquals(List.of(), m.get("prompts"));
    assertEquals(
        Map.of(
            "command",
            "java",
            "args",
            List.of(
                "-jar", "target/burnrate.jar", "serve", "--config", "config", "--data", "data")),
        m.get("launch"));
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> tools = (List<Map<String, Object>>) m.get("tools");
    assertEquals(
        List.of("echo", "slow", "boom", "freeze_all"),
        tools.stream().map(t -> t.get("name")).toList());
    Map<String, Object> freeze = tools.get(3);
    assertEquals(
        List.of(
            "name",
            "title",
            "description",
            "entitlement",
            "annotations",
            "input_schema",
            "output_schema"),
        List.copyOf(freeze.keySet()));
    assertEquals("tools.cost.admin", freeze.get("entitlement"));
    assertEquals(
        Map.of(
            "readOnlyHint", false,
            "destructiveHint", true,
            "idempotentHint", false,
            "openWorldHint", false),
        freeze.get("annotations"));
  }

  @Test
  void schemasAreTheListedOnes() {
    Map<String, Object> m = Manifest.build("b", "1", "d", List.of(new ToyTools.Echo()));
    @SuppressWarnings("unchecked")
    Map<String, Object> echo = ((List<Map<String, Object>>) m.get("tools")).get(0);
    assertEquals(
        Listing.output(ToolGateway.withEnvelope(new ToyTools.Echo().outputSchema())),
        echo.get("output_schema"));
    assertEquals(Listing.input(new ToyTools.Echo().inputSchema()), echo.get("input_schema"));
  }
}

package dev.burnrate.mcp;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The content of {@code mcp-manifest.json}, built from the same tool objects the server registers
 * (and the same output schemas, {@code truncated} included), so a drift test can compare it with
 * the file. Key order is fixed for stable diffs.
 */
public final class Manifest {
  private Manifest() {}

  public static Map<String, Object> build(
      String name, String version, String description, List<CostTool> tools) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("name", name);
    m.put("version", version);
    m.put("description", description);
    m.put("transports", List.of("stdio"));
    Map<String, Object> launch = new LinkedHashMap<>();
    launch.put("command", "java");
    launch.put(
        "args",
        List.of("-jar", "target/burnrate.jar", "serve", "--config", "config", "--data", "data"));
    m.put("launch", launch);
    List<Map<String, Object>> entries = new ArrayList<>();
    for (CostTool t : tools) {
      Map<String, Object> e = new LinkedHashMap<>();
      e.put("name", t.name());
      e.put("title", t.title());
      e.put("description", t.description());
      e.put("entitlement", t.entitlement());
      Map<String, Object> annotations = new LinkedHashMap<>();
      annotations.put("readOnlyHint", t.readOnly());
      annotations.put("destructiveHint", t.destructive());
      annotations.put("idempotentHint", t.idempotent());
      annotations.put("openWorldHint", false);
      e.put("annotations", annotations);
      e.put("input_schema", t.inputSchema());
      e.put("output_schema", ToolGateway.withEnvelope(t.outputSchema()));
      entries.add(e);
    }
    m.put("tools", entries);
    return m;
  }
}

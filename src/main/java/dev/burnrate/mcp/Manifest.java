package dev.burnrate.mcp;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The content of {@code mcp-manifest.json}, built from the same tool objects the server registers
 * (and the same output schemas, {@code truncated} included), so a drift test can compare it with
 * the file. Key order is fixed for stable diffs. The resources and prompts listed are those whose
 * tools are listed; a principal gets each only when it may call its tools.
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
      if (!t.readOnly()) {
        annotations.put("destructiveHint", t.destructive());
        annotations.put("idempotentHint", t.idempotent());
      }
      annotations.put("openWorldHint", false);
      e.put("annotations", annotations);
      e.put("input_schema", Listing.input(t.inputSchema()));
      e.put("output_schema", Listing.output(t.outputSchema())); // the envelope: instructions
      entries.add(e);
    }
    m.put("tools", entries);
    java.util.Set<String> names = new java.util.HashSet<>();
    tools.forEach(t -> names.add(t.name()));
    List<Map<String, Object>> resources = new ArrayList<>();
    for (Resources.Entry r : Resources.ALL) {
      if (names.contains(r.tool())) {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("uri", r.uri());
        e.put("name", r.name());
        e.put("title", r.title());
        e.put("description", r.description());
        e.put("mime_type", "application/json");
        e.put("tool", r.tool());
        e.put("subscribe", true);
        resources.add(e);
      }
    }
    m.put("resources", resources);
    List<Map<String, Object>> prompts = new ArrayList<>();
    for (Prompts.Entry p : Prompts.ALL) {
      if (names.containsAll(p.tools())) {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("name", p.prompt().name());
        e.put("title", p.prompt().title());
        e.put("description", p.prompt().description());
        List<Map<String, Object>> args = new ArrayList<>();
        for (var a : p.prompt().arguments()) {
          Map<String, Object> arg = new LinkedHashMap<>();
          arg.put("name", a.name());
          arg.put("description", a.description());
          arg.put("required", a.required());
          args.add(arg);
        }
        e.put("arguments", args);
        e.put("tools", p.tools());
        prompts.add(e);
      }
    }
    m.put("prompts", prompts);
    return m;
  }
}

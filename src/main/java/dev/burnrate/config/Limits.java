package dev.burnrate.config;

import java.util.Map;

/** Validated {@code limits.yml}: defaults plus per-tool overrides. */
public record Limits(ToolLimits defaults, Map<String, ToolLimits> tools) {
  public static final Limits DEFAULTS = new Limits(ToolLimits.DEFAULTS, Map.of());

  public Limits {
    tools = Map.copyOf(tools);
  }

  public ToolLimits forTool(String tool) {
    return tools.getOrDefault(tool, defaults);
  }
}

package dev.burnrate.config;

import dev.burnrate.usage.EventWindow;
import java.util.Map;

/**
 * Validated {@code limits.yml}: defaults plus per-tool overrides, and the time window recorded
 * events must fall in.
 */
public record Limits(ToolLimits defaults, Map<String, ToolLimits> tools, EventWindow events) {
  public static final Limits DEFAULTS =
      new Limits(ToolLimits.DEFAULTS, Map.of(), EventWindow.DEFAULT);

  public Limits {
    tools = Map.copyOf(tools);
    java.util.Objects.requireNonNull(events, "events");
  }

  public Limits(ToolLimits defaults, Map<String, ToolLimits> tools) {
    this(defaults, tools, EventWindow.DEFAULT);
  }

  public ToolLimits forTool(String tool) {
    return tools.getOrDefault(tool, defaults);
  }
}

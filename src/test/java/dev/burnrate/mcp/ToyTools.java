package dev.burnrate.mcp;

import dev.burnrate.config.Limits;
import dev.burnrate.config.Rbac;
import dev.burnrate.config.ToolLimits;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Small tools and rules that exercise the serving layer without the cost engine. */
final class ToyTools {
  private ToyTools() {}

  static final String READ = "tools.cost.read";
  static final String ADMIN = "tools.cost.admin";

  static Rbac rbac() {
    return new Rbac(
        Map.of(),
        Map.of(
            "agent_oncall", Set.of(READ),
            "agent_cto", Set.of(READ, "tools.cost.gate"),
            "agent_media", Set.of()),
        Map.of(
            "oncall", Set.of("agent_oncall"),
            "cto", Set.of("agent_cto"),
            "media", Set.of("agent_media")),
        Optional.empty());
  }

  static Limits limits() {
    return new Limits(
        ToolLimits.DEFAULTS,
        Map.of(
            "echo", new ToolLimits(5_000, 200, 1_500, 0, 4),
            "slow", new ToolLimits(1_500, 1_000, 10_000, 0, 1)));
  }

  static List<CostTool> all() {
    return List.of(new Echo(), new Slow(), new Boom(), new FreezeAll());
  }

  abstract static class Base implements CostTool {
    @Override
    public String entitlement() {
      return READ;
    }

    @Override
    public boolean readOnly() {
      return true;
    }

    @Override
    public boolean destructive() {
      return false;
    }

    @Override
    public boolean idempotent() {
      return true;
    }
  }

  /** Repeats a text into a list, so results can be made arbitrarily large. */
  static final class Echo extends Base {
    @Override
    public String name() {
      return "echo";
    }

    @Override
    public String title() {
      return "Echo";
    }

    @Override
    public String description() {
      return "Returns the text, and a list with it repeated 'repeat' times.";
    }

    @Override
    public Map<String, Object> inputSchema() {
      return Map.of(
          "type",
          "object",
          "properties",
          Map.of(
              "text", Map.of("type", "string"),
              "repeat", Map.of("type", "integer", "minimum", 1, "maximum", 10_000)),
          "required",
          List.of("text"),
          "additionalProperties",
          false);
    }

    @Override
    public Map<String, Object> outputSchema() {
      return Map.of(
          "type",
          "object",
          "properties",
          Map.of(
              "text", Map.of("type", "string"),
              "items", Map.of("type", "array", "items", Map.of("type", "string"))),
          "required",
          List.of("text", "items"),
          "additionalProperties",
          false);
    }

    @Override
    public Object call(ToolCall call) throws ToolInputException {
      String text = call.requiredString("text");
      int repeat = call.intArg("repeat", 1, 1, 10_000);
      List<String> items = new ArrayList<>();
      for (int i = 0; i < repeat; i++) {
        items.add(text);
      }
      return Map.of("text", text, "items", items);
    }
  }

  /** Sleeps, to exercise timeouts and the concurrency limit. */
  static class Slow extends Base {
    @Override
    public String name() {
      return "slow";
    }

    @Override
    public String title() {
      return "Slow";
    }

    @Override
    public String description() {
      return "Sleeps for 'ms' milliseconds.";
    }

    @Override
    public Map<String, Object> inputSchema() {
      return Map.of(
          "type", "object", "properties", Map.of("ms", Map.of("type", "integer", "minimum", 0)));
    }

    @Override
    public Map<String, Object> outputSchema() {
      return Map.of("type", "object", "properties", Map.of("slept_ms", Map.of("type", "integer")));
    }

    @Override
    public Object call(ToolCall call) throws ToolInputException {
      int ms = call.intArg("ms", 0, 0, 600_000);
      try {
        Thread.sleep(ms);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return Map.of("slept_ms", ms);
    }
  }

  /** Fails with a message that must never reach the client. */
  static final class Boom extends Base {
    static final String SECRET = "password=hunter2";

    @Override
    public String name() {
      return "boom";
    }

    @Override
    public String title() {
      return "Boom";
    }

    @Override
    public String description() {
      return "Always fails unexpectedly.";
    }

    @Override
    public Map<String, Object> inputSchema() {
      return Map.of("type", "object");
    }

    @Override
    public Map<String, Object> outputSchema() {
      return Map.of("type", "object");
    }

    @Override
    public Object call(ToolCall call) {
      throw new IllegalStateException("database refused " + SECRET);
    }
  }

  /** Needs the admin entitlement, which no test principal has. */
  static final class FreezeAll extends Base {
    @Override
    public String name() {
      return "freeze_all";
    }

    @Override
    public String title() {
      return "Freeze all agents";
    }

    @Override
    public String description() {
      return "Freezes every agent.";
    }

    @Override
    public String entitlement() {
      return ADMIN;
    }

    @Override
    public boolean readOnly() {
      return false;
    }

    @Override
    public boolean destructive() {
      return true;
    }

    @Override
    public boolean idempotent() {
      return false;
    }

    @Override
    public Map<String, Object> inputSchema() {
      return Map.of("type", "object");
    }

    @Override
    public Map<String, Object> outputSchema() {
      return Map.of("type", "object", "properties", Map.of("frozen", Map.of("type", "boolean")));
    }

    @Override
    public Object call(ToolCall call) {
      return Map.of("frozen", true);
    }
  }
}

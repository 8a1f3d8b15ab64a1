package dev.burnrate.mcp.tools;

import static dev.burnrate.mcp.tools.Schema.arr;
import static dev.burnrate.mcp.tools.Schema.integer;
import static dev.burnrate.mcp.tools.Schema.obj;
import static dev.burnrate.mcp.tools.Schema.props;
import static dev.burnrate.mcp.tools.Schema.str;

import dev.burnrate.mcp.ToolCall;
import dev.burnrate.mcp.ToolInputException;
import dev.burnrate.usage.EventValidator;
import dev.burnrate.usage.UsageEvent;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code record_usage}: appends usage events, each accepted or rejected with a reason. */
public final class RecordUsageTool extends EngineTool {
  static final int MAX_EVENTS = 1000;

  public RecordUsageTool(ToolContext ctx) {
    super(ctx);
  }

  @Override
  public String name() {
    return "record_usage";
  }

  @Override
  public String title() {
    return "Record usage events";
  }

  @Override
  public String description() {
    return "Append usage events (one per tool or LLM call) to the audit log; idempotent on"
        + " req_id.";
  }

  @Override
  public String entitlement() {
    return "tools.cost.write";
  }

  @Override
  public boolean readOnly() {
    return false;
  }

  @Override
  public Map<String, Object> inputSchema() {
    Map<String, Object> event =
        obj(
            props(
                "ts",
                Schema.dateTime(null),
                "req_id",
                str(),
                "agent_id",
                str(),
                "user_id",
                str(),
                "workspace_id",
                str(),
                "team",
                str(),
                "env",
                str(),
                "tool",
                str(),
                "action",
                str(),
                "status",
                Schema.enumOf(null, List.of("pass", "failed", "error", "denied")),
                "duration_ms",
                Schema.type("number", null),
                "in_size",
                integer(),
                "out_size",
                integer(),
                "input_hash",
                str(),
                "graph_run_id",
                str(),
                "graph_node",
                str(),
                "job_id",
                str(),
                "model",
                str(),
                "input_tokens",
                integer(),
                "output_tokens",
                integer(),
                "cache_read_tokens",
                integer(),
                "cache_write_tokens",
                integer(),
                "cost_usd",
                Schema.type("number", "Wins over token pricing."),
                "complexity_score",
                Schema.type("number", "0..1")));
    // No required fields here: each event is checked on its own, so one incomplete event is
    // rejected with its index and reason while the others are still recorded.
    event.put("description", "ts and tool required.");
    return Schema.input(
        props("events", Schema.with(arr(event), "minItems", 1, "maxItems", MAX_EVENTS)), "events");
  }

  @Override
  public Map<String, Object> outputSchema() {
    return Shapes.output(
        obj(
            props(
                "accepted", integer(),
                "duplicates", integer(),
                "rejected", arr(Schema.keys("index", "reason")))));
  }

  @Override
  Object run(ToolCall call) throws ToolInputException {
    Object raw = call.arguments().get("events");
    if (!(raw instanceof List<?> list) || list.isEmpty()) {
      throw new ToolInputException("events must be a non-empty array of event objects");
    }
    if (list.size() > MAX_EVENTS) {
      throw new ToolInputException(
          "events has " + list.size() + " items; send at most " + MAX_EVENTS + " per call");
    }
    java.time.Instant now = ctx.now();
    List<UsageEvent> good = new ArrayList<>();
    List<Map<String, Object>> rejected = new ArrayList<>();
    for (int i = 0; i < list.size(); i++) {
      Object item = list.get(i);
      try {
        if (!(item instanceof Map<?, ?> m)) {
          throw new IllegalArgumentException("an event must be a JSON object");
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> fields = (Map<String, Object>) m;
        good.add(EventValidator.validate(fields, now, ctx.eventWindow()));
      } catch (IllegalArgumentException e) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("index", i);
        r.put("reason", e.getMessage());
        rejected.add(r);
      }
    }
    int accepted = 0;
    if (!good.isEmpty()) {
      try {
        for (boolean ok : ctx.log().append(good)) {
          if (ok) {
            accepted++;
          }
        }
      } catch (IOException e) {
        throw new UncheckedIOException(
            "could not append to the audit log; nothing was recorded, retry later", e);
      }
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("accepted", accepted);
    out.put("duplicates", good.size() - accepted);
    out.put("rejected", rejected);
    return out;
  }
}

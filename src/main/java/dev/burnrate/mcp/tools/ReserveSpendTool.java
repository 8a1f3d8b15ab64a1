package dev.burnrate.mcp.tools;

import static dev.burnrate.mcp.tools.Schema.arr;
import static dev.burnrate.mcp.tools.Schema.bool;
import static dev.burnrate.mcp.tools.Schema.num;
import static dev.burnrate.mcp.tools.Schema.obj;
import static dev.burnrate.mcp.tools.Schema.props;
import static dev.burnrate.mcp.tools.Schema.str;

import dev.burnrate.control.SpendGate;
import dev.burnrate.mcp.ToolCall;
import dev.burnrate.mcp.ToolInputException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code reserve_spend}: holds headroom for one call before it spends, or says which limit refuses.
 */
public final class ReserveSpendTool extends EngineTool {
  public ReserveSpendTool(ToolContext ctx) {
    super(ctx);
  }

  @Override
  public String name() {
    return "reserve_spend";
  }

  @Override
  public String title() {
    return "Reserve spend";
  }

  @Override
  public String description() {
    return "Before a costly call, hold its cost against every budget scope; then settle_spend or"
        + " release_spend its reservation_id. Denied: see refused_by. Idempotent on req_id.";
  }

  @Override
  public String entitlement() {
    return SpendArgs.RESERVE;
  }

  @Override
  public boolean readOnly() {
    return false;
  }

  @Override
  public Map<String, Object> inputSchema() {
    return Schema.input(
        props(
            "agent_id", str(),
            "req_id", str(),
            "estimated_usd", SpendArgs.usd("Most the call may cost."),
            "model", str(),
            "input_tokens", SpendArgs.tokens(null),
            "max_output_tokens", SpendArgs.tokens(null),
            "run_id", str("Loop, graph run or job with a ceiling."),
            "ttl_seconds",
                Schema.with(Schema.type("integer", null), "minimum", 1, "maximum", 86_400)),
        "agent_id",
        "req_id");
  }

  @Override
  public Map<String, Object> outputSchema() {
    return Shapes.output(
        obj(
            props(
                "decision",
                Schema.enumOf(null, List.of("granted", "denied")),
                "reservation_id",
                str(),
                "req_id",
                str(),
                "agent_id",
                str(),
                "run_id",
                str(),
                "estimated_usd",
                num(),
                "expires_at",
                str(),
                "replayed",
                bool(),
                "refused_by",
                Schema.ref("scope"),
                "scopes",
                arr(Schema.ref("scope")),
                "message",
                str()),
            "decision",
            "req_id",
            "agent_id",
            "estimated_usd",
            "replayed",
            "scopes",
            "message"));
  }

  @Override
  Object run(ToolCall call) throws ToolInputException {
    Map<String, Object> a = call.arguments();
    BigDecimal estimate;
    if (a.containsKey("estimated_usd")) {
      if (a.containsKey("model")
          || a.containsKey("input_tokens")
          || a.containsKey("max_output_tokens")) {
        throw new ToolInputException(
            "give estimated_usd or model with input_tokens and max_output_tokens, not both");
      }
      estimate = SpendArgs.decimal(a.get("estimated_usd"), "estimated_usd");
    } else if (a.containsKey("model")) {
      estimate =
          SpendArgs.price(
              ctx,
              SpendArgs.modelArg(a, "arguments"),
              SpendArgs.tokenArg(a, "input_tokens", true, "arguments"),
              SpendArgs.tokenArg(a, "max_output_tokens", true, "arguments"),
              0,
              0,
              "reserve_spend");
    } else {
      throw new ToolInputException(
          "give estimated_usd (dollars) or model with input_tokens and max_output_tokens");
    }
    Optional<Duration> ttl =
        call.has("ttl_seconds")
            ? Optional.of(Duration.ofSeconds(call.longArg("ttl_seconds", 0, 1, 86_400)))
            : Optional.empty();
    try {
      return dev.burnrate.wire.Wire.toMap(
          ctx.spendGate()
              .reserve(
                  new SpendGate.Request(
                      call.requiredString("agent_id"),
                      call.optionalString("run_id"),
                      estimate,
                      ttl,
                      call.requiredString("req_id")),
                  ctx.now()));
    } catch (IOException e) {
      throw new UncheckedIOException(
          "could not write the reservation ledger"
              + SpendArgs.storeSays(e)
              + "; nothing was granted: retry with the same req_id (it is never granted twice)",
          e);
    }
  }
}

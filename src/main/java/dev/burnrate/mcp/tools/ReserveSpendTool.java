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
    return "Reserve spend before a call";
  }

  @Override
  public String description() {
    return "Call before an LLM call or job that costs money. Give your agent_id, a unique req_id, and either"
        + " estimated_usd or {model, input_tokens, max_output_tokens} (priced at the worst case); add run_id"
        + " for a run of many calls. Answers granted with a reservation_id, or denied with the scope that"
        + " refused (month, team, fleet, day, run, trailing hour or 24 h), its remaining dollars and when it"
        + " resets. Every answer lists each scope's remaining_usd, so shrink the next step when headroom is low."
        + " After the call, settle_spend with the actual cost (or release_spend if nothing was spent);"
        + " an unsettled reservation stops counting at its TTL. Resending the same req_id returns the same"
        + " reservation.";
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
            "agent_id", str("Your agent id, as in usage events."),
            "req_id",
                str(
                    "Unique id of this request; a resend with the same id returns the same reservation."),
            "estimated_usd",
                SpendArgs.usd(
                    "What the call may cost at most, in dollars. Or give model and tokens."),
            "model",
                str("Model id, priced from the catalog with input_tokens and max_output_tokens."),
            "input_tokens", SpendArgs.tokens("Input tokens of the call (with model)."),
            "max_output_tokens",
                SpendArgs.tokens("The output token limit of the call (with model)."),
            "run_id",
                str(
                    "The run (loop, graph run or job) this call belongs to; its run ceiling applies."),
            "ttl_seconds",
                Schema.with(
                    Schema.type(
                        "integer",
                        "How long the reservation holds if never settled (default and maximum in budget.yaml)."),
                    "minimum",
                    1,
                    "maximum",
                    86_400)),
        "agent_id",
        "req_id");
  }

  @Override
  public Map<String, Object> outputSchema() {
    return obj(
        props(
            "decision",
            Schema.enumOf(null, List.of("granted", "denied")),
            "reservation_id",
            str("Pass it to settle_spend or release_spend."),
            "req_id",
            str(),
            "agent_id",
            str(),
            "run_id",
            str(),
            "estimated_usd",
            num(),
            "expires_at",
            str("When an unsettled reservation stops counting."),
            "replayed",
            bool(),
            "refused_by",
            SpendArgs.scope(),
            "scopes",
            arr(SpendArgs.scope()),
            "message",
            str()),
        "decision",
        "req_id",
        "agent_id",
        "estimated_usd",
        "replayed",
        "scopes",
        "message");
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
          "could not write the reservation ledger; nothing was reserved, retry", e);
    }
  }
}

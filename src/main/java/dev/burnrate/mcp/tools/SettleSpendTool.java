package dev.burnrate.mcp.tools;

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
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** {@code settle_spend}: replaces a reservation's estimate with what the call actually cost. */
public final class SettleSpendTool extends EngineTool {
  public SettleSpendTool(ToolContext ctx) {
    super(ctx);
  }

  @Override
  public String name() {
    return "settle_spend";
  }

  @Override
  public String title() {
    return "Settle a reservation";
  }

  @Override
  public String description() {
    return "After a reserved call: actual_usd, or usage to price. Records the usage event (no"
        + " record_usage too); a second settle keeps the first amount.";
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
            "reservation_id", str(),
            "actual_usd", SpendArgs.usd(null),
            "usage",
                Schema.with(
                    obj(
                        props(
                            "model",
                            str(),
                            "input_tokens",
                            SpendArgs.tokens("Cached ones included."),
                            "output_tokens",
                            SpendArgs.tokens(null),
                            "cache_read_tokens",
                            SpendArgs.tokens(null),
                            "cache_write_tokens",
                            SpendArgs.tokens(null)),
                        "model",
                        "input_tokens",
                        "output_tokens"),
                    "additionalProperties",
                    false)),
        "reservation_id");
  }

  @Override
  public Map<String, Object> outputSchema() {
    return Shapes.output(
        obj(
            props(
                "reservation_id",
                str(),
                "status",
                Schema.enumOf(null, List.of("settled")),
                "estimated_usd",
                num(),
                "actual_usd",
                num(),
                "already_settled",
                bool(),
                "expired_before_settle",
                bool(),
                "event_recorded",
                bool(),
                "message",
                str()),
            "reservation_id",
            "status",
            "estimated_usd",
            "actual_usd",
            "already_settled",
            "message"));
  }

  @Override
  Object run(ToolCall call) throws ToolInputException {
    Map<String, Object> a = call.arguments();
    BigDecimal actual;
    Optional<SpendGate.Usage> usage = Optional.empty();
    if (a.containsKey("actual_usd") == a.containsKey("usage")) {
      throw new ToolInputException(
          "give exactly one of actual_usd (dollars) or usage {model, input_tokens, output_tokens}");
    }
    if (a.containsKey("actual_usd")) {
      actual = SpendArgs.decimal(a.get("actual_usd"), "actual_usd");
    } else {
      if (!(a.get("usage") instanceof Map<?, ?> u)) {
        throw new ToolInputException(
            "usage must be an object {model, input_tokens, output_tokens}");
      }
      String model = SpendArgs.modelArg(u, "usage");
      long in = SpendArgs.tokenArg(u, "input_tokens", true, "usage");
      long out = SpendArgs.tokenArg(u, "output_tokens", true, "usage");
      long cr = SpendArgs.tokenArg(u, "cache_read_tokens", false, "usage");
      long cw = SpendArgs.tokenArg(u, "cache_write_tokens", false, "usage");
      actual = SpendArgs.price(ctx, model, in, out, cr, cw, "usage");
      usage = Optional.of(new SpendGate.Usage(model, in, out, cr, cw));
    }
    try {
      return dev.burnrate.wire.Wire.toMap(
          ctx.spendGate().settle(call.requiredString("reservation_id"), actual, usage, ctx.now()));
    } catch (IOException e) {
      throw new UncheckedIOException(
          "could not write the settle"
              + SpendArgs.storeSays(e)
              + "; retry it (a retry is not counted twice)",
          e);
    }
  }
}

package dev.burnrate.mcp.tools;

import static dev.burnrate.mcp.tools.Schema.bool;
import static dev.burnrate.mcp.tools.Schema.obj;
import static dev.burnrate.mcp.tools.Schema.props;
import static dev.burnrate.mcp.tools.Schema.str;

import dev.burnrate.mcp.ToolCall;
import dev.burnrate.mcp.ToolInputException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;

/** {@code release_spend}: gives a reservation's headroom back when nothing was spent. */
public final class ReleaseSpendTool extends EngineTool {
  public ReleaseSpendTool(ToolContext ctx) {
    super(ctx);
  }

  @Override
  public String name() {
    return "release_spend";
  }

  @Override
  public String title() {
    return "Release a reservation";
  }

  @Override
  public String description() {
    return "Free a reservation whose call was not made or cost nothing, now rather than at its"
        + " TTL.";
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
    return Schema.input(props("reservation_id", str()), "reservation_id");
  }

  @Override
  public Map<String, Object> outputSchema() {
    return Shapes.output(
        obj(
            props(
                "reservation_id",
                str(),
                "status",
                Schema.enumOf(null, List.of("released", "settled", "expired")),
                "released",
                bool(),
                "message",
                str()),
            "reservation_id",
            "status",
            "released",
            "message"));
  }

  @Override
  Object run(ToolCall call) throws ToolInputException {
    try {
      return dev.burnrate.wire.Wire.toMap(
          ctx.spendGate().release(call.requiredString("reservation_id"), ctx.now()));
    } catch (IOException e) {
      throw new UncheckedIOException(
          "could not write the release" + SpendArgs.storeSays(e) + "; retry it", e);
    }
  }
}

package dev.burnrate.mcp.tools;

import dev.burnrate.mcp.CostTool;
import dev.burnrate.mcp.ToolCall;
import dev.burnrate.mcp.ToolInputException;
import dev.burnrate.usage.QueryException;

/**
 * Base of the tools that answer from the engine: read-only by default, and an engine's rejection of
 * a value (a {@link QueryException} naming the field, the value and the fix) becomes bad input that
 * names the tool's argument.
 */
abstract class EngineTool implements CostTool {
  static final String READ = "tools.cost.read";

  final ToolContext ctx;

  EngineTool(ToolContext ctx) {
    this.ctx = ctx;
  }

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

  @Override
  public final Object call(ToolCall call) throws ToolInputException {
    try {
      return run(call);
    } catch (QueryException e) {
      throw new ToolInputException(e.messageFor(this::argument));
    } catch (IllegalArgumentException e) {
      throw new ToolInputException(e.getMessage());
    }
  }

  /** The argument a query field is given as; the same name unless a tool nests it. */
  String argument(String field) {
    return field;
  }

  abstract Object run(ToolCall call) throws ToolInputException;
}

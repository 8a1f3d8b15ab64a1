package dev.burnrate.mcp.tools;

import dev.burnrate.mcp.CostTool;
import dev.burnrate.mcp.ToolCall;
import dev.burnrate.mcp.ToolInputException;

/**
 * Base of the tools that answer from the engine: read-only by default, and an engine's rejection
 * of a value (an {@link IllegalArgumentException} naming the value and the fix) becomes bad input.
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
    } catch (IllegalArgumentException e) {
      throw new ToolInputException(e.getMessage());
    }
  }

  abstract Object run(ToolCall call) throws ToolInputException;
}

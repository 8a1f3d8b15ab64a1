package dev.burnrate.mcp;

import dev.burnrate.usage.Status;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;

/**
 * What the gateway decided for one call: how it is audited, what its client gets (no result when
 * the client cancelled it: audited, never answered), and the text both carry.
 */
record Outcome(
    Status status, CallToolResult result, String text, boolean rateLimited, boolean cancelled) {
  Outcome(Status status, CallToolResult result, String text) {
    this(status, result, text, false, false);
  }

  Outcome(Status status, CallToolResult result, String text, boolean rateLimited) {
    this(status, result, text, rateLimited, false);
  }

  /** Cancelled by the client: audited, never answered. */
  static Outcome cancelled(String text) {
    return new Outcome(Status.FAILED, null, text, false, true);
  }

  static Outcome cancelledCall(String tool) {
    return cancelled("'" + tool + "' was cancelled by the client; nothing was answered");
  }

  static Outcome timedOut(String tool, long timeoutMs) {
    return error(
        "'"
            + tool
            + "' did not finish within "
            + timeoutMs
            + " ms (timeout_ms); narrow the request or retry later");
  }

  static String unexpected(String tool, String reqId) {
    return "'"
        + tool
        + "' failed unexpectedly; the cause is in the server log under request "
        + reqId
        + ". Retry later or report it";
  }

  static CallToolResult errorResult(String message) {
    return CallToolResult.builder().addTextContent(message).isError(true).build();
  }

  static Outcome denied(String message) {
    return new Outcome(Status.DENIED, errorResult(message), message);
  }

  static Outcome failed(String message) {
    return new Outcome(Status.FAILED, errorResult(message), message);
  }

  static Outcome error(String message) {
    return new Outcome(Status.ERROR, errorResult(message), message);
  }
}

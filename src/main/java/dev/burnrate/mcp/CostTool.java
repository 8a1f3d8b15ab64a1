package dev.burnrate.mcp;

import java.util.Map;

/**
 * One MCP tool. The name is a contract (snake_case verb); the schemas are JSON Schema objects as
 * plain maps. {@link #call} returns a JSON-serialisable structure (maps, lists, records, strings,
 * numbers) that must be a JSON object; it becomes the result's {@code structuredContent} and,
 * serialised, its text content. A {@code JsonNode} returned must be built for that call: the server
 * adds to it and sends it without copying it.
 *
 * <p>Output schemas must allow a top-level boolean {@code truncated}: when a result exceeds the
 * tool's {@code max_bytes_out}, its longest lists are trimmed and {@code truncated: true} is added.
 * The server adds that property to the registered schema when the tool does not declare it.
 */
public interface CostTool {
  String name();

  String title();

  /** Written for an agent: what the tool answers and when to call it. */
  String description();

  /** The entitlement a principal needs, unless {@code rbac.yml} maps the tool to another one. */
  String entitlement();

  Map<String, Object> inputSchema();

  Map<String, Object> outputSchema();

  boolean readOnly();

  boolean destructive();

  boolean idempotent();

  /**
   * Answers one call. Business outcomes (over budget, vetoed, no data) are normal results.
   *
   * @throws ToolInputException when the arguments are wrong; the message says what to do
   */
  Object call(ToolCall call) throws ToolInputException;
}

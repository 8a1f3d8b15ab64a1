/**
 * The MCP serving layer: the {@link dev.burnrate.mcp.CostTool} contract that every tool class
 * implements, and {@link dev.burnrate.mcp.StdioServer}, which serves a set of tools to one
 * principal with RBAC, per-tool limits and an audit record for every call.
 *
 * <p>One boundary ({@code ToolGateway}) turns bad input, denials, timeouts and failures into tool
 * results with {@code isError: true}; agents never see a stack trace.
 */
package dev.burnrate.mcp;

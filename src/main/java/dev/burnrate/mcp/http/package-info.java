/**
 * burnrate over the network: an embedded Jetty serving the MCP Java SDK's Streamable HTTP ({@code
 * /mcp}) and legacy HTTP+SSE ({@code /sse}, {@code /message}) transports in front of the same tool
 * gateway as stdio. The edge (Host and Origin checks, body limit, bearer-token authentication,
 * access log) is one servlet filter; the SDK's servlets below it see only authenticated requests,
 * each carrying its principal in the transport context. {@link HttpServer} is the entry point.
 */
package dev.burnrate.mcp.http;

/**
 * The JSON wire form of every result: one configured mapper for MCP, the CLI and the files burnrate
 * writes. Adapters ({@code mcp}, {@code cli}) and the control loop use it; the domain does not know
 * it exists.
 */
package dev.burnrate.wire;

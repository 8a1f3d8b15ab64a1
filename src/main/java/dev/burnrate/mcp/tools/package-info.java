/**
 * The cost tools an agent calls over MCP, one class each, named for the tool ({@code
 * get_cost_report} -> {@link dev.burnrate.mcp.tools.GetCostReportTool}). Each states the question
 * it answers, its typed input and output schemas and its entitlement; {@link
 * dev.burnrate.mcp.tools.CostToolSet} lists them in the order {@code tools/list} shows.
 */
package dev.burnrate.mcp.tools;

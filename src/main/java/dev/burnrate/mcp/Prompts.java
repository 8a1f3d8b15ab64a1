package dev.burnrate.mcp;

import io.modelcontextprotocol.common.McpTransportContext;
import io.modelcontextprotocol.server.McpServerFeatures.SyncPromptSpecification;
import io.modelcontextprotocol.spec.McpError;
import io.modelcontextprotocol.spec.McpSchema;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BiPredicate;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Prompts for the questions agents and people ask most, so a client that offers prompts can start
 * them without knowing the tools: each is a user message saying which tools to call, with which
 * arguments, and how to read the answer. A prompt is offered when its tools are registered and
 * {@code offered}, and given only to a principal that may call all of them. Arguments are shown
 * back inert: at most {@value #MAX_ARGUMENT_CHARS} characters, control characters dropped.
 */
final class Prompts {
  static final int MAX_ARGUMENT_CHARS = 120;

  static final String SPEND = "what_did_we_spend";
  static final String DEPLOY = "may_i_deploy";

  /** A prompt and the tools it tells the client to call. */
  record Entry(McpSchema.Prompt prompt, List<String> tools) {}

  static final Entry SPEND_ENTRY =
      new Entry(
          new McpSchema.Prompt(
              SPEND,
              "What did we spend, and why?",
              "Spend over a period with the agents, tools and models behind it, and what explains"
                  + " any jump.",
              List.of(
                  new McpSchema.PromptArgument(
                      "period",
                      "The period, e.g. 'last 24 hours', 'last 7 days' or 'this month' (default:"
                          + " last 24 hours)",
                      false))),
          List.of("get_cost_report", "get_top_spenders", "detect_anomalies"));

  static final Entry DEPLOY_ENTRY =
      new Entry(
          new McpSchema.Prompt(
              DEPLOY,
              "May I deploy this agent?",
              "Asks the budget gate whether a deploy may go ahead, and what to do if it is"
                  + " vetoed.",
              List.of(
                  new McpSchema.PromptArgument(
                      "agent", "The agent (deploy target) to ship, e.g. 'video-bot'", true),
                  new McpSchema.PromptArgument(
                      "estimated_usd",
                      "What the deploy is expected to spend this month, in USD (optional)",
                      false))),
          List.of("preflight_deploy"));

  static final List<Entry> ALL = List.of(SPEND_ENTRY, DEPLOY_ENTRY);

  private Prompts() {}

  static List<SyncPromptSpecification> specifications(
      ToolGateway gateway,
      Function<McpTransportContext, Principal> who,
      BiPredicate<Principal, String> mayCall,
      Predicate<String> offered) {
    List<SyncPromptSpecification> out = new ArrayList<>();
    List<String> spendTools = SPEND_ENTRY.tools();
    if (spendTools.stream().allMatch(t -> gateway.knows(t) && offered.test(t))) {
      out.add(
          new SyncPromptSpecification(
              SPEND_ENTRY.prompt(),
              (exchange, request) -> {
                require(who.apply(exchange.transportContext()), spendTools, mayCall, SPEND);
                String period = argument(request.arguments(), "period", false);
                period = period == null ? "the last 24 hours" : period;
                return result(
                    "Spend over " + period,
                    "Using the burnrate tools, tell me what our AI agents spent over "
                        + period
                        + " and why. Call get_cost_report for the period (group_by agent_id,"
                        + " then model), get_top_spenders for the biggest agents and tools, and"
                        + " detect_anomalies for spikes and error bursts. Answer in dollars"
                        + " first (say how much is unpriced, and that cost_units are relative"
                        + " units, not money), name the top three spenders, and explain any"
                        + " anomaly with its evidence and recommendation.");
              }));
    }
    List<String> deployTools = DEPLOY_ENTRY.tools();
    if (deployTools.stream().allMatch(t -> gateway.knows(t) && offered.test(t))) {
      out.add(
          new SyncPromptSpecification(
              DEPLOY_ENTRY.prompt(),
              (exchange, request) -> {
                require(who.apply(exchange.transportContext()), deployTools, mayCall, DEPLOY);
                String agent = argument(request.arguments(), "agent", true);
                String estimate = argument(request.arguments(), "estimated_usd", false);
                return result(
                    "May I deploy " + agent + "?",
                    "Before deploying the agent '"
                        + agent
                        + "', call the burnrate tool preflight_deploy with target '"
                        + agent
                        + "'"
                        + (estimate == null ? "" : " and estimated_cost_usd " + estimate)
                        + ". If its decision is veto, do not deploy: say which budget scope"
                        + " vetoed it, the numbers behind it, and how to request an override."
                        + " If it passes, say so with the remaining headroom.");
              }));
    }
    return out;
  }

  private static void require(
      Principal p, List<String> tools, BiPredicate<Principal, String> mayCall, String prompt) {
    for (String t : tools) {
      if (!mayCall.test(p, t)) {
        throw McpError.builder(McpSchema.ErrorCodes.INVALID_REQUEST)
            .message(
                "principal '"
                    + p.name()
                    + "' may not call '"
                    + t
                    + "', which the prompt '"
                    + prompt
                    + "' uses; ask for a role that grants it in rbac.yml")
            .build();
      }
    }
  }

  /** The argument made inert; null when it is optional and not given. */
  private static String argument(Map<String, Object> args, String name, boolean required) {
    Object v = args == null ? null : args.get(name);
    String s = v == null ? "" : String.valueOf(v);
    StringBuilder clean = new StringBuilder();
    s.codePoints()
        .filter(c -> !Character.isISOControl(c) && c != '\'')
        .limit(MAX_ARGUMENT_CHARS)
        .forEach(clean::appendCodePoint);
    String out = clean.toString().strip();
    if (!out.isEmpty()) {
      return out;
    }
    if (required) {
      throw McpError.builder(McpSchema.ErrorCodes.INVALID_PARAMS)
          .message("prompt argument '" + name + "' is required; pass a non-empty string")
          .build();
    }
    return null;
  }

  private static McpSchema.GetPromptResult result(String description, String text) {
    return new McpSchema.GetPromptResult(
        description,
        List.of(new McpSchema.PromptMessage(McpSchema.Role.USER, new McpSchema.TextContent(text))));
  }
}

package dev.burnrate.mcp.tools;

import static dev.burnrate.mcp.tools.Schema.arr;
import static dev.burnrate.mcp.tools.Schema.bool;
import static dev.burnrate.mcp.tools.Schema.obj;
import static dev.burnrate.mcp.tools.Schema.props;
import static dev.burnrate.mcp.tools.Schema.str;

import dev.burnrate.mcp.ToolCall;
import dev.burnrate.mcp.ToolInputException;
import dev.burnrate.pricing.EstimateRequest;
import dev.burnrate.pricing.Tier;
import dev.burnrate.wire.Wire;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** {@code estimate_cost}: what a request would cost on a model, from the price catalog. */
public final class EstimateCostTool extends EngineTool {
  private static final long MAX_TOKENS = 1_000_000_000_000L;
  static final int MAX_MODELS = 10;
  static final int CHEAPER = 5;
  private static final List<String> TIERS =
      Arrays.stream(Tier.values()).map(Tier::wireName).toList();

  public EstimateCostTool(ToolContext ctx) {
    super(ctx);
  }

  @Override
  public String name() {
    return "estimate_cost";
  }

  @Override
  public String title() {
    return "Estimate dollar cost";
  }

  @Override
  public String description() {
    return "Dollars for model and token counts at catalog prices, per token kind; unknown model:"
        + " priced false, closest_names. models: compare several; cheaper: up to 5 cheaper ones.";
  }

  @Override
  public Map<String, Object> inputSchema() {
    return Schema.input(
        props(
            "model", str("e.g. claude-sonnet-4-6"),
            "models", Schema.arr(null, str(), MAX_MODELS),
            "cheaper", Schema.boolArg(null, false),
            "input_tokens", tokens("Cached ones included."),
            "output_tokens", tokens(null),
            "cache_read_tokens", tokens(null),
            "cache_write_tokens", tokens(null),
            "tier", Schema.with(Schema.enumOf(null, TIERS), "default", "standard")),
        "input_tokens",
        "output_tokens");
  }

  private static Map<String, Object> tokens(String description) {
    return Schema.with(Schema.type("integer", description), "minimum", 0, "maximum", MAX_TOKENS);
  }

  @Override
  public Map<String, Object> outputSchema() {
    return Shapes.output(
        obj(
            props(
                "model", str(),
                "priced", bool(),
                "total_usd", Schema.nullable("number"),
                "resolved_model", str(),
                "provider", Schema.nullable("string"),
                "tier", str(),
                "long_context", bool(),
                "parts",
                    Schema.keys(
                        "uncached_input_tokens",
                        "input_usd",
                        "output_usd",
                        "cache_read_usd",
                        "cache_write_usd"),
                "source", str(),
                "effective_date", str(),
                "warnings", arr(str()),
                "closest_names", arr(str()),
                "message", str(),
                "compared", arr(Schema.ref("quote")),
                "cheaper", arr(Schema.ref("quote")))),
        Map.of("quote", quote()));
  }

  private static Map<String, Object> quote() {
    return Schema.keys(
        "model", "priced", "total_usd", "saving_usd", "and where the price comes from");
  }

  @Override
  Object run(ToolCall call) throws ToolInputException {
    LocalDate today = LocalDate.ofInstant(ctx.now(), ZoneOffset.UTC);
    List<String> models = call.stringList("models");
    if (!call.has("model") && models.isEmpty()) {
      throw new ToolInputException(
          "argument 'model' is required; pass a model id such as claude-sonnet-4-6, or several as"
              + " models");
    }
    Optional<String> model =
        models.isEmpty() ? Optional.of(call.requiredString("model")) : call.optionalString("model");
    EstimateRequest request =
        new EstimateRequest(
            model.orElseGet(() -> models.get(0)),
            today,
            call.longArg("input_tokens", -1, 0, MAX_TOKENS),
            call.longArg("output_tokens", -1, 0, MAX_TOKENS),
            call.longArg("cache_read_tokens", 0, 0, MAX_TOKENS),
            call.longArg("cache_write_tokens", 0, 0, MAX_TOKENS),
            Tier.fromWire(call.enumArg("tier", TIERS, "standard")));
    if (request.inputTokens() < 0 || request.outputTokens() < 0) {
      throw new ToolInputException(
          "input_tokens and output_tokens are required whole numbers >= 0");
    }
    return Wire.tree(
        ctx.catalog().estimate(request, models, call.booleanArg("cheaper", false) ? CHEAPER : 0));
  }
}

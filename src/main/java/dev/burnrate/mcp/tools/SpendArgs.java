package dev.burnrate.mcp.tools;

import dev.burnrate.mcp.ToolInputException;
import dev.burnrate.pricing.Estimate;
import dev.burnrate.pricing.EstimateRequest;
import dev.burnrate.pricing.Tier;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Map;

/**
 * Dollar amounts given directly or as a model and token counts, and the scope schema, for the spend
 * tools.
 */
final class SpendArgs {
  static final String RESERVE = "tools.cost.reserve";
  static final long MAX_TOKENS = 1_000_000_000L;

  private SpendArgs() {}

  static Map<String, Object> usd(String description) {
    return Schema.with(Schema.type("number", description), "minimum", 0, "maximum", 1_000_000);
  }

  static Map<String, Object> tokens(String description) {
    return Schema.with(Schema.type("integer", description), "minimum", 0, "maximum", MAX_TOKENS);
  }

  static Map<String, Object> scope() {
    return Schema.keys(
        "scope ("
            + String.join(
                "|",
                java.util.List.of(
                    "agent_month",
                    "team_month",
                    "fleet_month",
                    "agent_day",
                    "run",
                    "agent_last_hour",
                    "agent_last_24h"))
            + ")",
        "name",
        "limit_usd",
        "remaining_usd (limit - settled - reserved)",
        "resets_at (null for a run)");
  }

  static BigDecimal decimal(Object raw, String name) throws ToolInputException {
    if (!(raw instanceof Number n)) {
      throw new ToolInputException(name + " must be a number of dollars, e.g. 0.25");
    }
    try {
      return new BigDecimal(n.toString());
    } catch (NumberFormatException e) {
      throw new ToolInputException(name + " " + n + " is not a finite number of dollars");
    }
  }

  /** Prices a model and token counts from the catalog; unknown models are bad input. */
  static BigDecimal price(
      ToolContext ctx,
      String model,
      long in,
      long out,
      long cacheRead,
      long cacheWrite,
      String what)
      throws ToolInputException {
    Estimate e =
        ctx.catalog()
            .estimate(
                new EstimateRequest(
                    model,
                    LocalDate.ofInstant(ctx.now(), ZoneOffset.UTC),
                    in,
                    out,
                    cacheRead,
                    cacheWrite,
                    Tier.STANDARD));
    if (!e.priced() || e.cost() == null) {
      throw new ToolInputException(
          what
              + ": model '"
              + model
              + "' has no price in the catalog (closest: "
              + e.closestNames()
              + "); pass the dollars instead");
    }
    return e.cost().totalUsd();
  }

  static long tokenArg(Map<?, ?> m, String key, boolean required, String where)
      throws ToolInputException {
    Object v = m.get(key);
    if (v == null) {
      if (required) {
        throw new ToolInputException(where + "." + key + " is required: a whole number of tokens");
      }
      return 0;
    }
    if (!(v instanceof Number n)
        || new BigDecimal(n.toString()).stripTrailingZeros().scale() > 0
        || n.longValue() < 0
        || n.longValue() > MAX_TOKENS) {
      throw new ToolInputException(
          where + "." + key + " must be a whole number from 0 to " + MAX_TOKENS);
    }
    return n.longValue();
  }

  static String modelArg(Map<?, ?> m, String where) throws ToolInputException {
    if (!(m.get("model") instanceof String s) || s.isBlank()) {
      throw new ToolInputException(
          where + ".model is required: the model id, e.g. claude-sonnet-4-6");
    }
    return s;
  }

  /**
   * The shared store's own one-line reason, when it is the database that is away (that line says
   * what to check), for the spend tools' errors; nothing for a local disk, whose detail stays in
   * the log.
   */
  static String storeSays(java.io.IOException e) {
    return e instanceof dev.burnrate.store.postgres.StoreUnavailableException
        ? " (" + e.getMessage() + ")"
        : "";
  }
}

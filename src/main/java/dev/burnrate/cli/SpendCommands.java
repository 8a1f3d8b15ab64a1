package dev.burnrate.cli;

import dev.burnrate.control.SpendGate;
import dev.burnrate.pricing.Estimate;
import dev.burnrate.pricing.EstimateRequest;
import dev.burnrate.pricing.Tier;
import dev.burnrate.wire.Wire;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code reserve}, {@code settle} and {@code release}: the spend gate for scripts. Each prints the
 * same JSON as its MCP tool; {@code reserve} exits 0 when granted and 1 when denied; bad input
 * exits 2.
 */
final class SpendCommands {
  private SpendCommands() {}

  /**
   * Checks a command was given exactly one of its two forms of dollars: the amount itself, or a
   * model with its token counts to price; the message names the flags the user types. Checked
   * before anything is opened.
   */
  private static void requireDollarsOrModel(
      BigDecimal usd, String usdFlag, String model, Long in, Long out, String outFlag) {
    if ((usd == null) == (model == null)) {
      throw new UsageException(
          "give " + usdFlag + " USD or --model M --input-tokens N " + outFlag + " N");
    }
    if (model != null && (in == null || out == null || in < 0 || out < 0)) {
      throw new UsageException(
          "--model needs --input-tokens N and " + outFlag + " N (whole numbers >= 0)");
    }
  }

  static BigDecimal price(
      App app, String model, long in, long out, long cacheRead, long cacheWrite) {
    Estimate e =
        app.pricer
            .catalog()
            .estimate(
                new EstimateRequest(
                    model,
                    LocalDate.ofInstant(app.now, ZoneOffset.UTC),
                    in,
                    out,
                    cacheRead,
                    cacheWrite,
                    Tier.STANDARD));
    if (!e.priced() || e.cost() == null) {
      throw new UsageException(
          "--model '"
              + model
              + "' has no price in the catalog (closest: "
              + e.closestNames()
              + "); pass dollars instead");
    }
    return e.cost().totalUsd();
  }

  @Command(
      name = "reserve",
      mixinStandardHelpOptions = true,
      description =
          "Reserve spend before a call: prints the decision; exit 0 granted, 1 denied, 2 bad input.")
  static final class ReserveCmd implements Callable<Integer> {
    @Mixin CommonOptions common;

    @Option(names = "--agent", required = true, paramLabel = "AGENT")
    String agent;

    @Option(
        names = "--req-id",
        required = true,
        paramLabel = "ID",
        description = "Unique id; a resend returns the same reservation.")
    String reqId;

    @Option(names = "--estimate", paramLabel = "USD")
    BigDecimal estimate;

    @Option(names = "--model", paramLabel = "MODEL")
    String model;

    @Option(names = "--input-tokens", paramLabel = "N")
    Long inputTokens;

    @Option(names = "--max-output-tokens", paramLabel = "N")
    Long maxOutputTokens;

    @Option(names = "--run", paramLabel = "RUN_ID")
    String run;

    @Option(names = "--ttl", paramLabel = "SECONDS")
    Long ttl;

    @Override
    public Integer call() throws Exception {
      requireDollarsOrModel(
          estimate, "--estimate", model, inputTokens, maxOutputTokens, "--max-output-tokens");
      try (App app = App.open(common)) {
        BigDecimal usd =
            estimate != null ? estimate : price(app, model, inputTokens, maxOutputTokens, 0, 0);
        var a =
            app.spendGate()
                .reserve(
                    new SpendGate.Request(
                        agent,
                        Optional.ofNullable(run),
                        usd,
                        Optional.ofNullable(ttl).map(Duration::ofSeconds),
                        reqId),
                    app.now);
        Output.print(System.out, common.format, Wire.toMap(a));
        return a.granted() ? Main.OK : Main.NEGATIVE;
      }
    }
  }

  @Command(
      name = "settle",
      mixinStandardHelpOptions = true,
      description = "Settle a reservation with the actual cost (records the usage event).")
  static final class SettleCmd implements Callable<Integer> {
    @Mixin CommonOptions common;

    @Parameters(index = "0", paramLabel = "RESERVATION_ID")
    String id;

    @Option(names = "--actual", paramLabel = "USD")
    BigDecimal actual;

    @Option(names = "--model", paramLabel = "MODEL")
    String model;

    @Option(names = "--input-tokens", paramLabel = "N")
    Long inputTokens;

    @Option(names = "--output-tokens", paramLabel = "N")
    Long outputTokens;

    @Override
    public Integer call() throws Exception {
      requireDollarsOrModel(
          actual, "--actual", model, inputTokens, outputTokens, "--output-tokens");
      try (App app = App.open(common)) {
        BigDecimal usd =
            actual != null ? actual : price(app, model, inputTokens, outputTokens, 0, 0);
        Optional<SpendGate.Usage> usage =
            model == null
                ? Optional.empty()
                : Optional.of(new SpendGate.Usage(model, inputTokens, outputTokens, 0, 0));
        Output.print(
            System.out, common.format, Wire.toMap(app.spendGate().settle(id, usd, usage, app.now)));
        return Main.OK;
      }
    }
  }

  @Command(
      name = "release",
      mixinStandardHelpOptions = true,
      description = "Release a reservation that spent nothing.")
  static final class ReleaseCmd implements Callable<Integer> {
    @Mixin CommonOptions common;

    @Parameters(index = "0", paramLabel = "RESERVATION_ID")
    String id;

    @Override
    public Integer call() throws Exception {
      try (App app = App.open(common)) {
        Output.print(System.out, common.format, Wire.toMap(app.spendGate().release(id, app.now)));
        return Main.OK;
      }
    }
  }
}

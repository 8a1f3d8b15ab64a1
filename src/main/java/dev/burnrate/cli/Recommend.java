package dev.burnrate.cli;

import dev.burnrate.control.Drafts;
import dev.burnrate.downgrade.Advice;
import dev.burnrate.downgrade.Advisor;
import dev.burnrate.downgrade.DowngradeQuery;
import dev.burnrate.wire.Wire;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
    name = "recommend",
    mixinStandardHelpOptions = true,
    description =
        "Model downgrade recommendations from the rules in budget.yaml, with savings;"
            + " writes a draft per agent under <data>/cost/recommendations/.")
final class Recommend implements Callable<Integer> {
  @Mixin CommonOptions common;

  @Option(names = "--agent", paramLabel = "AGENT", description = "Only this agent.")
  String agent;

  @Option(
      names = "--window-days",
      defaultValue = "" + DowngradeQuery.DEFAULT_WINDOW_DAYS,
      paramLabel = "DAYS",
      description =
          "Complete UTC days to analyse, or a span such as 2w (default ${DEFAULT-VALUE}).")
  String windowDays;

  @Override
  public Integer call() throws Exception {
    try (App app = App.open(common)) {
      Advice advice =
          Advisor.advise(
              app.engine,
              app.config.budget().downgrade(),
              app.pricer.catalog(),
              new DowngradeQuery(
                  app.now,
                  QueryCommands.units("--window-days", windowDays, ChronoUnit.DAYS),
                  agent));
      Drafts.write(app.data, advice);
      Output.print(System.out, common.format, Wire.toMap(advice));
    }
    return Main.OK;
  }
}

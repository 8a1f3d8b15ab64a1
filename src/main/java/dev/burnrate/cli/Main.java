package dev.burnrate.cli;

import dev.burnrate.config.ConfigException;
import dev.burnrate.config.Problem;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code burnrate} command line: reports and digests for people and cron, the stdio MCP server
 * for agents, ingestion, config validation and the benchmark.
 *
 * <p>Exit status: 0 success; 1 a negative business outcome a script gates on (a veto, rejected
 * events); 2 bad flags, values or config; 3 a failure outside our control (disk, network).
 */
@Command(
    name = "burnrate",
    mixinStandardHelpOptions = true,
    versionProvider = Main.Version.class,
    description = "Cost governance for fleets of AI agents.")
public final class Main implements Callable<Integer> {
  static final int OK = 0;
  static final int NEGATIVE = 1;
  static final int USAGE = 2;
  static final int FAILURE = 3;

  /** Every subcommand, in the order help lists them. */
  static final List<Class<?>> COMMANDS =
      List.of(
          QueryCommands.Report.class,
          QueryCommands.Top.class,
          QueryCommands.AnomaliesCmd.class,
          QueryCommands.DigestCmd.class,
          QueryCommands.Weights.class,
          ValidateConfig.class,
          Init.class,
          Ingest.class,
          StoreCommands.Migrate.class,
          StoreCommands.Export.class,
          Bench.class,
          Demo.class,
          BudgetCommands.BudgetCmd.class,
          BudgetCommands.PreflightCmd.class,
          BudgetCommands.DailyCmd.class,
          OverrideCmd.class,
          SpendCommands.ReserveCmd.class,
          SpendCommands.SettleCmd.class,
          SpendCommands.ReleaseCmd.class,
          Recommend.class,
          Serve.class,
          TokenCmd.class,
          ManifestCmd.class,
          CloudCommands.SyncCosts.class,
          CloudCommands.CloudStatus.class,
          CloudCommands.RefreshPrices.class);

  @Override
  public Integer call() {
    new CommandLine(this).usage(System.out);
    return OK;
  }

  public static void main(String[] args) {
    if (args.length > 0 && args[0].equals("serve")) {
      dev.burnrate.mcp.Warmup.startInBackground();
    }
    System.exit(run(args, System.out, System.err));
  }

  static int run(String[] args, PrintStream out, PrintStream err) {
    CommandLine cli = new CommandLine(new Main());
    // Building picocli's model of every subcommand costs a few hundred milliseconds of class
    // loading; when the first argument names a command, only that one is needed (serve must
    // answer initialize quickly).
    Class<?> named =
        args.length == 0
            ? null
            : COMMANDS.stream()
                .filter(c -> c.getAnnotation(Command.class).name().equals(args[0]))
                .findFirst()
                .orElse(null);
    for (Class<?> c : named == null ? COMMANDS : List.of(named)) {
      cli.addSubcommand(c);
    }
    cli.setOut(new java.io.PrintWriter(out, true));
    cli.setErr(new java.io.PrintWriter(err, true));
    cli.setCaseInsensitiveEnumValuesAllowed(true);
    cli.setParameterExceptionHandler(
        (ex, a) -> {
          err.println(
              "burnrate: "
                  + ex.getMessage()
                  + "; see '"
                  + ex.getCommandLine().getCommandSpec().qualifiedName()
                  + " --help'");
          return USAGE;
        });
    cli.setExecutionExceptionHandler((ex, command, parsed) -> handle(ex, err));
    return cli.execute(args);
  }

  static int handle(Exception ex, PrintStream err) {
    if (ex instanceof ConfigException ce) {
      err.println(
          "burnrate: the config has " + ce.problems().size() + " problem(s); nothing was started:");
      for (Problem p : ce.problems()) {
        err.println("  " + p);
      }
      return USAGE;
    }
    if (ex instanceof UsageException
        || ex instanceof IllegalArgumentException
        || ex instanceof dev.burnrate.mcp.PrincipalException) {
      err.println("burnrate: " + ex.getMessage());
      return USAGE;
    }
    if (ex instanceof IOException || ex instanceof UncheckedIOException) {
      err.println("burnrate: " + ex.getMessage() + " (" + ex.getClass().getSimpleName() + ")");
      return FAILURE;
    }
    err.println("burnrate: unexpected failure: " + ex);
    ex.printStackTrace(err);
    return FAILURE;
  }

  /** The build's version, from a resource Maven fills in. */
  static String version() {
    try (java.io.InputStream in =
        Main.class.getResourceAsStream("/dev/burnrate/version.properties")) {
      java.util.Properties p = new java.util.Properties();
      if (in != null) {
        p.load(in);
      }
      return p.getProperty("version", "dev");
    } catch (IOException e) {
      return "dev";
    }
  }

  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {"burnrate " + version()};
    }
  }
}

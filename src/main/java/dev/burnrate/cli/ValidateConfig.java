package dev.burnrate.cli;

import dev.burnrate.config.ConfigLoader;
import dev.burnrate.config.Problem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
    name = "validate-config",
    mixinStandardHelpOptions = true,
    description = "Check every config file; print each problem as file:line:col path: message.")
final class ValidateConfig implements Callable<Integer> {
  @Option(
      names = "--config",
      paramLabel = "DIR",
      description =
          "Config directory (default: where the other commands look; see 'burnrate init').")
  Path config;

  @Override
  public Integer call() {
    if (config == null) {
      config = ConfigLookup.find();
    }
    if (!Files.isDirectory(config)) {
      System.err.println("burnrate: --config " + config + " is not a directory");
      return Main.USAGE;
    }
    List<Problem> problems = ConfigLoader.validate(config);
    if (problems.isEmpty()) {
      System.out.println("config OK: " + label(config));
      return Main.OK;
    }
    for (Problem p : problems) {
      System.out.println(config.resolve(p.file()) + p.toString().substring(p.file().length()));
    }
    System.err.println(problems.size() + " problem(s) in " + label(config));
    return Main.USAGE;
  }

  /** A directory's name for people: the bundled defaults live inside the jar. */
  private static String label(Path dir) {
    return dir.getFileSystem() == java.nio.file.FileSystems.getDefault()
        ? dir.toString()
        : "the built-in defaults";
  }
}

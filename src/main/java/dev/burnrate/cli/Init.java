package dev.burnrate.cli;

import dev.burnrate.config.ConfigLoader;
import dev.burnrate.store.AtomicFiles;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
    name = "init",
    mixinStandardHelpOptions = true,
    description = {
      "Write a starter config directory: the commented example files (budget, cost weights, limits,"
          + " pricing, RBAC) to edit.",
      "DIR defaults to $XDG_CONFIG_HOME/burnrate (else ~/.config/burnrate), where burnrate looks when"
          + " --config is not given and there is no ./config."
    })
final class Init implements Callable<Integer> {
  @Parameters(paramLabel = "DIR", arity = "0..1", description = "Where to write the files.")
  Path dir;

  @Option(names = "--force", description = "Overwrite config files that are already there.")
  boolean force;

  @Override
  public Integer call() throws Exception {
    Path target =
        dir != null
            ? dir
            : ConfigLookup.userDir(System.getenv(), Path.of(System.getProperty("user.home")));
    if (Files.exists(target) && !Files.isDirectory(target)) {
      throw new UsageException(target + " exists and is not a directory; choose another DIR");
    }
    List<String> present = new ArrayList<>();
    for (String f : StarterConfig.FILES) {
      for (String name : spellings(f)) {
        if (Files.exists(target.resolve(name))) {
          present.add(name);
        }
      }
    }
    if (!present.isEmpty() && !force) {
      throw new UsageException(
          target
              + " already has "
              + String.join(", ", present)
              + "; pass --force to overwrite, or name another DIR");
    }
    Files.createDirectories(target);
    for (String f : StarterConfig.FILES) {
      for (String name : spellings(f)) {
        if (!name.equals(f)) {
          Files.deleteIfExists(
              target.resolve(name)); // budget.yml beside budget.yaml would not load
        }
      }
      AtomicFiles.write(
          target.resolve(f), new String(StarterConfig.bytes(f), StandardCharsets.UTF_8));
    }
    ConfigLoader.load(target);
    System.out.println("wrote " + StarterConfig.FILES.size() + " config files to " + target + ":");
    for (String f : StarterConfig.FILES) {
      System.out.println("  " + f);
    }
    Path found =
        ConfigLookup.candidates(
                System.getenv(),
                Path.of("").toAbsolutePath(),
                Path.of(System.getProperty("user.home")))
            .stream()
            .filter(Files::isDirectory)
            .findFirst()
            .orElse(null);
    if (found != null && Files.isSameFile(found, target)) {
      System.out.println(
          "burnrate uses them when --config is not given; check them with: burnrate validate-config");
    } else {
      System.out.println(
          "pass --config "
              + target
              + " to burnrate's commands; check them with:"
              + " burnrate validate-config --config "
              + target);
    }
    return Main.OK;
  }

  /** A config file's two accepted names, .yml and .yaml. */
  private static List<String> spellings(String file) {
    String base = file.substring(0, file.lastIndexOf('.'));
    return List.of(base + ".yml", base + ".yaml");
  }
}

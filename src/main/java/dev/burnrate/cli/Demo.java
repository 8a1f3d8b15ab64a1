package dev.burnrate.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

@Command(name = "demo", mixinStandardHelpOptions = true, description = "Generate a demo month and show burnrate on it.")
final class Demo implements Callable<Integer> {
  @Override
  public Integer call() {
    System.err.println("burnrate: demo data generation is not available in this build");
    return Main.FAILURE;
  }
}

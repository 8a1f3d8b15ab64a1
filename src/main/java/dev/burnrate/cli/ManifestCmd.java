package dev.burnrate.cli;

import dev.burnrate.mcp.Manifest;
import dev.burnrate.mcp.tools.CostToolSet;
import dev.burnrate.mcp.tools.ToolContext;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import picocli.CommandLine.Command;

@Command(
    name = "manifest",
    mixinStandardHelpOptions = true,
    description =
        "Print mcp-manifest.json: the server and every tool, from the code that registers them.")
final class ManifestCmd implements Callable<Integer> {
  static final String DESCRIPTION =
      "Cost governance for fleets of AI agents: attribution, anomalies, digests, budgets and a"
          + " preflight deploy gate, as MCP tools.";

  static Map<String, Object> manifest() {
    ToolContext schemasOnly =
        new ToolContext(
            CompletableFuture.failedFuture(new IllegalStateException("no log: manifest only")),
            Clock.systemUTC());
    return Manifest.build("burnrate", Main.version(), DESCRIPTION, CostToolSet.all(schemasOnly));
  }

  @Override
  public Integer call() {
    System.out.println(Output.json(manifest()));
    return Main.OK;
  }
}

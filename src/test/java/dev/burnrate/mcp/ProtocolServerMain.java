package dev.burnrate.mcp;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.burnrate.config.Limits;
import dev.burnrate.config.ToolLimits;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Serves the toy tools plus {@code wait} (sleeps up to 20 s, one at a time) over stdio, for the
 * protocol features that need a call to run a while: progress, cancellation, log messages.
 * Arguments as {@link TestServerMain}; audit lines also carry {@code duration_ms}.
 */
public final class ProtocolServerMain {
  private ProtocolServerMain() {}

  /** A sleeper with room to run past the progress threshold and be cancelled. */
  static final class Wait extends ToyTools.Slow {
    @Override
    public String name() {
      return "wait";
    }
  }

  static List<CostTool> tools() {
    List<CostTool> all = new ArrayList<>(ToyTools.all());
    all.add(new Wait());
    return all;
  }

  static Limits limits() {
    Map<String, ToolLimits> perTool = new HashMap<>(ToyTools.limits().tools());
    perTool.put("wait", new ToolLimits(20_000, 1_000, 10_000, 0, 1));
    return new Limits(ToolLimits.DEFAULTS, perTool);
  }

  /**
   * Over stdio; with a third argument {@code --http}, over HTTP on a free loopback port instead
   * (every request as the principal, no tokens), printing {@code listening on URL} on stdout and
   * serving until killed.
   */
  public static void main(String[] args) throws Exception {
    ServerSpec spec = spec(args[0], Path.of(args[1]));
    if (args.length > 2 && args[2].equals("--http")) {
      ToolServers tools = new ToolServers(spec);
      dev.burnrate.mcp.http.HttpServer server =
          dev.burnrate.mcp.http.HttpServer.start(
              tools,
              new dev.burnrate.mcp.http.HttpOptions(
                  "127.0.0.1",
                  0,
                  dev.burnrate.mcp.http.BearerTokens.from(ToyTools.rbac(), System::getenv),
                  java.util.Optional.empty(),
                  java.util.Optional.of(spec.principal()),
                  List.of(),
                  List.of(),
                  dev.burnrate.mcp.http.HttpOptions.DEFAULT_MAX_BODY_BYTES,
                  dev.burnrate.mcp.http.HttpOptions.DEFAULT_MAX_STREAMS,
                  dev.burnrate.mcp.http.HttpOptions.MIN_THREADS,
                  java.time.Duration.ofMinutes(5),
                  java.util.Optional.empty()),
              () -> true,
              new dev.burnrate.mcp.http.Metrics());
      String base = server.mcpUri().toString();
      System.out.println("listening on " + base.substring(0, base.length() - "/mcp".length()));
      System.out.flush();
      server.join();
      return;
    }
    StdioServer.run(spec, System.in, System.out);
  }

  private static ServerSpec spec(String principalName, Path auditFile) {
    String name = "-".equals(principalName) ? null : principalName;
    Principal principal = Principals.resolve(ToyTools.rbac(), name, System.getenv(Principals.ENV));
    return ServerSpec.builder("burnrate-test", "0.0.1")
        .tools(tools())
        .rbac(ToyTools.rbac(), principal)
        .limits(limits())
        .audit(
            e -> {
              ObjectNode n = Json.MAPPER.createObjectNode();
              n.put("tool", e.tool());
              n.put("action", e.action());
              n.put("status", e.status().wire());
              n.put("duration_ms", e.durationMs());
              writeLine(auditFile, Json.write(n));
            })
        .build();
  }

  private static synchronized void writeLine(Path file, String line) {
    try {
      Files.writeString(
          file,
          line + "\n",
          StandardCharsets.UTF_8,
          StandardOpenOption.CREATE,
          StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}

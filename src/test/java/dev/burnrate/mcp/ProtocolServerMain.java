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

  public static void main(String[] args) throws Exception {
    String name = "-".equals(args[0]) ? null : args[0];
    Path auditFile = Path.of(args[1]);
    Principal principal = Principals.resolve(ToyTools.rbac(), name, System.getenv(Principals.ENV));
    ServerSpec spec =
        ServerSpec.builder("burnrate-test", "0.0.1")
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
    StdioServer.run(spec, System.in, System.out);
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

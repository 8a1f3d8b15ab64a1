package dev.burnrate.mcp;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Serves the toy tools over stdio, as {@code burnrate serve} will serve the cost tools. Arguments:
 * the principal name (or "-" for none) and the file audit events are appended to, one JSON line
 * each.
 */
public final class TestServerMain {
  private TestServerMain() {}

  public static void main(String[] args) throws Exception {
    String name = "-".equals(args[0]) ? null : args[0];
    Path auditFile = Path.of(args[1]);
    Principal principal = Principals.resolve(ToyTools.rbac(), name, System.getenv(Principals.ENV));
    ServerSpec spec =
        ServerSpec.builder("burnrate-test", "0.0.1")
            .tools(ToyTools.all())
            .rbac(ToyTools.rbac(), principal)
            .limits(ToyTools.limits())
            .audit(
                e -> {
                  ObjectNode n = Json.MAPPER.createObjectNode();
                  n.put("ts_micros", e.tsMicros());
                  n.put("req_id", e.reqId());
                  n.put("agent_id", e.agentId());
                  n.put("tool", e.tool());
                  n.put("action", e.action());
                  n.put("status", e.status().wire());
                  n.put("in_size", e.inSize());
                  n.put("out_size", e.outSize());
                  n.put("input_hash", e.inputHash());
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

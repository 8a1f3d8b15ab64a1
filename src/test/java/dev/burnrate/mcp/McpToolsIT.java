package dev.burnrate.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** {@link McpToolContract} over stdio: the shaded jar's {@code serve --principal dev}. */
class McpToolsIT extends McpToolContract {
  static ServerProcess server;

  @BeforeAll
  static void start() throws Exception {
    template = JarFixture.create(root.resolve("template"), 20_000);
    server = template.copyTo(root.resolve("listing")).serve("dev");
    server.initialize();
    tools = JarFixture.listTools(server, 2);
    transport =
        new Transport() {
          @Override
          public JsonNode call(String tool, String args) throws Exception {
            return JarFixture.call(server, nextId++, tool, args);
          }

          @Override
          public Session open(JarFixture own) throws Exception {
            ServerProcess caseServer = own.serve("dev");
            caseServer.initialize();
            return new Session() {
              @Override
              public JsonNode call(int id, String tool, String args) throws Exception {
                return JarFixture.call(caseServer, id, tool, args);
              }

              @Override
              public void close() {
                caseServer.close();
              }
            };
          }
        };
  }

  @AfterAll
  static void stop() {
    server.close();
  }
}

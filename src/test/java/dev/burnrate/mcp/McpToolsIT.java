package dev.burnrate.mcp;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** {@link McpToolContract} over stdio: the shaded jar's {@code serve --principal dev}. */
class McpToolsIT extends McpToolContract {
  static ServerProcess server;

  @BeforeAll
  static void start() throws Exception {
    fixture = JarFixture.create(root, 20_000);
    server = fixture.serve("dev");
    server.initialize();
    tools = JarFixture.listTools(server, 2);
    transport = (tool, args) -> JarFixture.call(server, nextId++, tool, args);
  }

  @AfterAll
  static void stop() {
    server.close();
  }
}

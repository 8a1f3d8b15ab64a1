package dev.burnrate.mcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.ServerParameters;
import io.modelcontextprotocol.client.transport.StdioClientTransport;
import io.modelcontextprotocol.json.jackson2.JacksonMcpJsonMapper;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The SDK's own client, over stdio, against the test server: proves wire interop. */
class SdkClientInteropTest {
  @TempDir Path dir;

  @Test
  void theSdkClientInitializesListsAndCallsTools() {
    List<String> cmd = ServerProcess.command("cto", dir.resolve("audit.jsonl"));
    ServerParameters params =
        ServerParameters.builder(cmd.get(0)).args(cmd.subList(1, cmd.size())).build();
    StdioClientTransport transport =
        new StdioClientTransport(params, new JacksonMcpJsonMapper(Json.MAPPER));
    McpSyncClient client = McpClient.sync(transport).requestTimeout(Duration.ofSeconds(15)).build();
    try {
      McpSchema.InitializeResult init = client.initialize();
      assertEquals("2025-11-25", init.protocolVersion());
      assertEquals("burnrate-test", init.serverInfo().name());

      List<String> names = client.listTools().tools().stream().map(McpSchema.Tool::name).toList();
      assertEquals(List.of("echo", "slow", "boom"), names);

      CallToolResult ok =
          client.callTool(
              McpSchema.CallToolRequest.builder("echo")
                  .arguments(Map.of("text", "from java"))
                  .build());
      assertFalse(ok.isError());
      Map<?, ?> content = (Map<?, ?>) ok.structuredContent();
      assertEquals("from java", content.get("text"));
      assertEquals(List.of("from java"), content.get("items"));
      assertTrue(content.get("now") instanceof String, "every answer carries the server's now");

      CallToolResult denied =
          client.callTool(
              McpSchema.CallToolRequest.builder("freeze_all").arguments(Map.of()).build());
      assertTrue(denied.isError());
      String text = ((McpSchema.TextContent) denied.content().get(0)).text();
      assertTrue(text.contains("roles: agent_cto"), text);
    } finally {
      client.closeGracefully();
    }
  }
}

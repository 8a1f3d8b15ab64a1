package dev.burnrate.mcp;

import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.json.jackson2.JacksonMcpJsonMapper;
import io.modelcontextprotocol.json.schema.JsonSchemaValidator;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpServerFeatures.SyncToolSpecification;
import io.modelcontextprotocol.server.McpSyncServer;
import io.modelcontextprotocol.server.transport.StdioServerTransportProvider;
import io.modelcontextprotocol.spec.McpSchema;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads the protocol stack's classes on a second core while the main thread parses the command line
 * and loads the config, so {@code initialize} is answered sooner. It runs a throwaway server over
 * in-memory streams through one initialize, list and call, which touches the same JSON,
 * schema-validation and reactive code the real session will use. It shares nothing with the real
 * server and writes nothing anywhere.
 */
public final class Warmup {
  private static final Logger LOG = LoggerFactory.getLogger(Warmup.class);

  private static final String[] SCRIPT = {
    "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"protocolVersion\":"
        + "\"2025-11-25\",\"capabilities\":{},\"clientInfo\":{\"name\":\"warmup\",\"version\":\"0\"}}}",
    "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}",
    "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/list\"}",
    "{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"tools/call\",\"params\":{\"name\":\"warmup\","
        + "\"arguments\":{\"n\":1}}}",
  };
  private static final int RESPONSES = 3;

  private Warmup() {}

  /** Starts the warm-up on a daemon thread and returns at once. */
  public static void startInBackground() {
    Thread t = new Thread(Warmup::runQuietly, "burnrate-warmup");
    t.setDaemon(true);
    t.setPriority(Thread.NORM_PRIORITY - 1);
    t.start();
  }

  private static void runQuietly() {
    try {
      run();
    } catch (Throwable e) { // a warm-up must never disturb the real server
      LOG.debug("warm-up ended early: {}", e.toString());
    }
  }

  /** Runs the throwaway session; true when all its requests were answered. */
  static boolean run() throws InterruptedException {
    McpJsonMapper jsonMapper = new JacksonMcpJsonMapper(Json.MAPPER);
    JsonSchemaValidator validator = new LazySchemaValidator();
    Map<String, Object> schema =
        Map.of(
            "type",
            "object",
            "properties",
            Map.of("n", Map.of("type", "integer", "minimum", 0)),
            "required",
            List.of("n"),
            "additionalProperties",
            false);
    McpSchema.Tool tool =
        McpSchema.Tool.builder("warmup", schema)
            .title("warm-up")
            .description("warm-up")
            .outputSchema(schema)
            .annotations(new McpSchema.ToolAnnotations("warm-up", true, false, true, false, null))
            .build();
    SyncToolSpecification spec =
        SyncToolSpecification.builder()
            .tool(tool)
            .callHandler(
                (exchange, request) -> {
                  validator.validate(schema, request.arguments());
                  return McpSchema.CallToolResult.builder()
                      .structuredContent(Map.of("n", 1))
                      .addTextContent("{\"n\":1}")
                      .build();
                })
            .build();
    CountDownLatch answered = new CountDownLatch(RESPONSES);
    OutputStream sink =
        new OutputStream() {
          @Override
          public void write(int b) {
            if (b == '\n') {
              answered.countDown();
            }
          }

          @Override
          public void write(byte[] b, int off, int len) {
            for (int i = off; i < off + len; i++) {
              write(b[i]);
            }
          }
        };
    LineQueue in = new LineQueue();
    McpSyncServer server =
        McpServer.sync(
                new StdioServerTransportProvider(jsonMapper, in, sink, StdioServer.MAX_LINE_BYTES))
            .serverInfo("warmup", "0")
            .capabilities(McpSchema.ServerCapabilities.builder().tools(false).build())
            .jsonMapper(jsonMapper)
            .jsonSchemaValidator(validator)
            .validateToolInputs(false)
            .tools(List.of(spec))
            .build();
    try {
      for (String line : SCRIPT) {
        McpSchema.deserializeJsonRpcMessage(jsonMapper, line);
        in.offer((line + "\n").getBytes(StandardCharsets.UTF_8));
      }
      return answered.await(5, TimeUnit.SECONDS);
    } catch (java.io.IOException e) {
      LOG.debug("warm-up message did not parse: {}", e.toString());
      return false;
    } finally {
      in.close();
      server.closeGracefully();
    }
  }
}

package dev.burnrate.mcp;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.json.jackson2.JacksonMcpJsonMapper;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpSyncServer;
import io.modelcontextprotocol.server.transport.StdioServerTransportProvider;
import io.modelcontextprotocol.spec.McpSchema;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves a {@link ServerSpec} over newline-delimited JSON-RPC on a pair of streams (stdin/stdout
 * for {@code burnrate serve}). Nothing but protocol is written to {@code out}; logs go to stderr.
 *
 * <p>The SDK's stdio transport ends the session on the first line it cannot parse and drops
 * responses still in flight when stdin closes. So a guard reads {@code in} first: a line that is not
 * JSON gets a {@code -32700} parse error, one that is JSON but not a JSON-RPC message gets {@code
 * -32600}, and the session goes on; at end of input it waits until every request it passed on has
 * been answered (bounded by the longest tool timeout) before the SDK sees end-of-stream, then
 * closes the server and returns.
 */
public final class StdioServer {
  private static final Logger LOG = LoggerFactory.getLogger(StdioServer.class);

  /** Longest accepted line, as the SDK's own default. */
  static final int MAX_LINE_BYTES = 16 * 1024 * 1024;

  private static final long DRAIN_SLACK_MS = 5_000;

  private StdioServer() {}

  /** Serves until {@code in} ends and every response is written. */
  public static void run(ServerSpec spec, InputStream in, OutputStream out)
      throws InterruptedException {
    McpJsonMapper jsonMapper = new JacksonMcpJsonMapper(Json.MAPPER);
    LazySchemaValidator validator = new LazySchemaValidator();
    PendingRequests pending = new PendingRequests();
    ObservedOutput sdkOut = new ObservedOutput(out, pending);
    LineQueue sdkIn = new LineQueue();
    try (ToolGateway gateway = new ToolGateway(spec, validator)) {
      McpSyncServer server =
          McpServer.sync(new StdioServerTransportProvider(jsonMapper, sdkIn, sdkOut, MAX_LINE_BYTES))
              .serverInfo(spec.name(), spec.version())
              .instructions(spec.instructions())
              .capabilities(McpSchema.ServerCapabilities.builder().tools(false).build())
              .jsonMapper(jsonMapper)
              .jsonSchemaValidator(validator)
              // The gateway validates inputs itself, after RBAC, so that a denied call is reported
              // as denied and every rejected call is audited.
              .validateToolInputs(false)
              .requestTimeout(spec.requestTimeout())
              .tools(gateway.specifications())
              .addToolFilter((context, tool) -> gateway.visible(tool.name()))
              .build();
      try {
        guard(in, sdkIn, sdkOut, jsonMapper, pending, validator);
        long drainMs = gateway.longestTimeoutMs() + DRAIN_SLACK_MS;
        if (!pending.awaitEmpty(drainMs)) {
          LOG.warn(
              "input ended with {} requests unanswered after {} ms; closing anyway",
              pending.size(),
              drainMs);
        }
      } finally {
        sdkIn.close();
        server.closeGracefully();
      }
    }
  }

  private static void guard(
      InputStream in,
      LineQueue sdkIn,
      ObservedOutput out,
      McpJsonMapper jsonMapper,
      PendingRequests pending,
      LazySchemaValidator validator) {
    BufferedInputStream input = new BufferedInputStream(in);
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    try {
      while (true) {
        line.reset();
        boolean tooLong = false;
        int b;
        while ((b = input.read()) != -1 && b != '\n') {
          if (line.size() < MAX_LINE_BYTES) {
            line.write(b);
          } else {
            tooLong = true;
          }
        }
        if (b == -1 && line.size() == 0) {
          return;
        }
        if (tooLong) {
          out.writeError(
              null,
              McpSchema.ErrorCodes.INVALID_REQUEST,
              "Invalid Request: message longer than " + MAX_LINE_BYTES + " bytes");
        } else {
          String method = pass(line.toString(StandardCharsets.UTF_8), sdkIn, out, jsonMapper, pending);
          if ("notifications/initialized".equals(method)) {
            // The handshake is answered; build the schema validator before the first request is
            // read, so its class loading is paid by neither initialize nor a tool's timeout.
            validator.preload();
          }
        }
        if (b == -1) {
          return;
        }
      }
    } catch (IOException e) {
      LOG.error("reading or writing the protocol streams failed; ending the session", e);
    }
  }

  /** Passes one line on (or answers it with an error); returns its method, if it has one. */
  private static String pass(
      String text,
      LineQueue sdkIn,
      ObservedOutput out,
      McpJsonMapper jsonMapper,
      PendingRequests pending)
      throws IOException {
    String line = text.endsWith("\r") ? text.substring(0, text.length() - 1) : text;
    if (line.isBlank()) {
      return null;
    }
    JsonNode node;
    try {
      node = Json.MAPPER.readTree(line);
    } catch (JsonProcessingException e) {
      out.writeError(
          null,
          McpSchema.ErrorCodes.PARSE_ERROR,
          "Parse error: the line is not valid JSON (" + shorten(e.getOriginalMessage()) + ")");
      return null;
    }
    JsonNode id = node.isObject() ? node.get("id") : null;
    JsonNode replyId = id != null && (id.isTextual() || id.isIntegralNumber()) ? id : null;
    try {
      McpSchema.deserializeJsonRpcMessage(jsonMapper, line);
    } catch (IOException | RuntimeException e) {
      out.writeError(
          replyId,
          McpSchema.ErrorCodes.INVALID_REQUEST,
          "Invalid Request: not a JSON-RPC 2.0 request, notification or response");
      return null;
    }
    if (node.has("method") && id != null && !id.isNull()) {
      pending.add(id.toString());
    }
    sdkIn.offer((line + "\n").getBytes(StandardCharsets.UTF_8));
    JsonNode method = node.get("method");
    return method != null && method.isTextual() ? method.asText() : null;
  }

  private static String shorten(String s) {
    if (s == null) {
      return "unreadable";
    }
    String oneLine = s.replaceAll("\\s+", " ");
    return oneLine.length() > 160 ? oneLine.substring(0, 160) + "..." : oneLine;
  }
}

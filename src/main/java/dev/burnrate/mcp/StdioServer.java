package dev.burnrate.mcp;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.burnrate.usage.Status;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.json.TypeRef;
import io.modelcontextprotocol.json.jackson2.JacksonMcpJsonMapper;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpSyncServer;
import io.modelcontextprotocol.server.transport.StdioServerTransportProvider;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpServerSession;
import io.modelcontextprotocol.spec.McpServerTransport;
import io.modelcontextprotocol.spec.McpServerTransportProvider;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

/**
 * Serves a {@link ServerSpec} over newline-delimited JSON-RPC on a pair of streams (stdin/stdout
 * for {@code burnrate serve}). Nothing but protocol is written to {@code out}; logs go to stderr.
 *
 * <p>The SDK's stdio transport ends the session on the first line it cannot parse, drops responses
 * still in flight when stdin closes, answers malformed params with Jackson's messages (Java class
 * names included) as internal errors, and never answers a request sent before the handshake. So a
 * guard reads {@code in} first and answers, itself, every line the SDK would mishandle; the session
 * goes on:
 *
 * <ul>
 *   <li>not JSON: {@code -32700};
 *   <li>not one JSON-RPC 2.0 object ({@code jsonrpc} other than {@code "2.0"}, an id that is not a
 *       string or an integer, a method that is not a string): {@code -32600};
 *   <li>a request other than {@code initialize} before {@code notifications/initialized}: {@code
 *       -32600} saying to send initialize first ({@code ping} is answered);
 *   <li>params that are not an object, {@code initialize} without params, a {@code tools/call}
 *       without a string {@code name} or with {@code arguments} that are not an object, or naming
 *       an unknown tool: {@code -32602} with a plain message saying what to send. Each such {@code
 *       tools/call} is rate-limited and audited through the gateway.
 * </ul>
 *
 * <p>Only requests the SDK will answer are passed on and tracked, so at end of input the guard
 * waits (bounded by the longest tool timeout) only for those before the SDK sees end-of-stream,
 * then closes the server and returns. (One guard over one stream of lines, whose cases read best
 * together, which is why the file runs past 450 lines.)
 */
public final class StdioServer {
  private static final Logger LOG = LoggerFactory.getLogger(StdioServer.class);

  /** Longest accepted line, as the SDK's own default. */
  static final int MAX_LINE_BYTES = 16 * 1024 * 1024;

  private static final long DRAIN_SLACK_MS = 5_000;

  /**
   * What every transport offers: tools, log messages, the resources (with subscriptions) and the
   * prompts.
   */
  static final McpSchema.ServerCapabilities CAPABILITIES =
      McpSchema.ServerCapabilities.builder()
          .tools(false)
          .logging()
          .resources(true, false)
          .prompts(false)
          .build();

  /** The one session a stdio server has, as {@link InFlight} keys name it. */
  private static final String SESSION = "stdio";

  private StdioServer() {}

  /** Serves until {@code in} ends and every response is written. */
  public static void run(ServerSpec spec, InputStream in, OutputStream out)
      throws InterruptedException {
    McpJsonMapper jsonMapper = new JacksonMcpJsonMapper(Json.MAPPER);
    LazySchemaValidator validator = new LazySchemaValidator();
    PendingRequests pending = new PendingRequests();
    ObservedOutput sdkOut = new ObservedOutput(out, pending);
    LineQueue sdkIn = new LineQueue();
    try (ToolGateway gateway = new ToolGateway(spec, validator);
        Resources.Watch watch = new Resources.Watch(spec.dataVersion(), spec.clock())) {
      McpSyncServer server =
          McpServer.sync(
                  new SerialSends(
                      new StdioServerTransportProvider(jsonMapper, sdkIn, sdkOut, MAX_LINE_BYTES)))
              .serverInfo(spec.name(), spec.version())
              .instructions(spec.instructions())
              .capabilities(CAPABILITIES)
              .jsonMapper(jsonMapper)
              .jsonSchemaValidator(validator)
              // The gateway validates inputs itself, after RBAC, so that a denied call is reported
              // as denied and every rejected call is audited.
              .validateToolInputs(false)
              .requestTimeout(spec.requestTimeout())
              .tools(gateway.specifications())
              .addToolFilter((context, tool) -> gateway.visible(tool.name()))
              // One principal per process: offer only what it may read.
              .resources(
                  Resources.specifications(gateway, context -> spec.principal(), gateway::visible))
              .prompts(
                  Prompts.specifications(
                      gateway, context -> spec.principal(), gateway::visible, gateway::visible))
              .build();
      watch.add(server);
      try {
        new Guard(sdkIn, sdkOut, jsonMapper, pending, validator, gateway).run(in);
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

  /**
   * The SDK's stdio transport, with its sends made one at a time. It queues each outgoing message
   * with {@code tryEmitNext} on a unicast sink from whichever thread finished the request; two
   * finishing at once make one emission fail ("Failed to enqueue message") and that response is
   * lost, which a flood of fast answers (denials) triggers within a few hundred calls. Holding a
   * lock while the send is subscribed keeps emissions serial.
   */
  private static final class SerialSends implements McpServerTransportProvider {
    private final McpServerTransportProvider delegate;

    SerialSends(McpServerTransportProvider delegate) {
      this.delegate = delegate;
    }

    @Override
    public void setSessionFactory(McpServerSession.Factory factory) {
      delegate.setSessionFactory(transport -> factory.create(new Serial(transport)));
    }

    @Override
    public Mono<Void> notifyClients(String method, Object params) {
      return delegate.notifyClients(method, params);
    }

    @Override
    public Mono<Void> notifyClient(String sessionId, String method, Object params) {
      return delegate.notifyClient(sessionId, method, params);
    }

    @Override
    public void close() {
      delegate.close();
    }

    @Override
    public Mono<Void> closeGracefully() {
      return delegate.closeGracefully();
    }

    @Override
    public List<String> protocolVersions() {
      return delegate.protocolVersions();
    }
  }

  private static final class Serial implements McpServerTransport {
    private final McpServerTransport delegate;

    Serial(McpServerTransport delegate) {
      this.delegate = delegate;
    }

    @Override
    public Mono<Void> sendMessage(McpSchema.JSONRPCMessage message) {
      // Subscribing runs the emission on this thread once the transport is ready (always, after
      // the handshake), so it happens inside the lock; nothing blocks.
      return Mono.defer(
          () -> {
            synchronized (this) {
              return Mono.fromFuture(delegate.sendMessage(message).toFuture());
            }
          });
    }

    @Override
    public <T> T unmarshalFrom(Object data, TypeRef<T> typeRef) {
      return delegate.unmarshalFrom(data, typeRef);
    }

    @Override
    public void close() {
      delegate.close();
    }

    @Override
    public Mono<Void> closeGracefully() {
      return delegate.closeGracefully();
    }

    @Override
    public List<String> protocolVersions() {
      return delegate.protocolVersions();
    }
  }

  /** Reads the client's lines, answers what the SDK would mishandle and passes on the rest. */
  private static final class Guard {
    private final LineQueue sdkIn;
    private final ObservedOutput out;
    private final McpJsonMapper jsonMapper;
    private final PendingRequests pending;
    private final LazySchemaValidator validator;
    private final ToolGateway gateway;
    private boolean initializeSent;
    private boolean initialized;

    Guard(
        LineQueue sdkIn,
        ObservedOutput out,
        McpJsonMapper jsonMapper,
        PendingRequests pending,
        LazySchemaValidator validator,
        ToolGateway gateway) {
      this.sdkIn = sdkIn;
      this.out = out;
      this.jsonMapper = jsonMapper;
      this.pending = pending;
      this.validator = validator;
      this.gateway = gateway;
    }

    void run(InputStream in) {
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
            pass(line.toString(StandardCharsets.UTF_8));
          }
          if (b == -1) {
            return;
          }
        }
      } catch (IOException e) {
        LOG.error("reading or writing the protocol streams failed; ending the session", e);
      }
    }

    /** Passes one line on, or answers it with an error. */
    private void pass(String text) throws IOException {
      String line = text.endsWith("\r") ? text.substring(0, text.length() - 1) : text;
      if (line.isBlank()) {
        return;
      }
      JsonNode node;
      try {
        node = Json.MAPPER.readTree(line);
      } catch (JsonProcessingException e) {
        out.writeError(
            null,
            McpSchema.ErrorCodes.PARSE_ERROR,
            "Parse error: the line is not valid JSON (" + shorten(e.getOriginalMessage()) + ")");
        return;
      }
      if (node == null || !node.isObject()) {
        invalid(null, "send one JSON-RPC 2.0 object per line");
        return;
      }
      JsonNode id = node.get("id");
      JsonNode method = node.get("method");
      boolean validId =
          id != null && (id.isTextual() || id.isIntegralNumber() && id.canConvertToLong());
      JsonNode replyId = validId ? id : null;
      JsonNode version = node.get("jsonrpc");
      if (version == null || !version.isTextual() || !"2.0".equals(version.asText())) {
        invalid(replyId, "\"jsonrpc\" must be \"2.0\"");
        return;
      }
      if (method != null && !method.isTextual()) {
        invalid(replyId, "\"method\" must be a string, such as \"tools/call\"");
        return;
      }
      if (method != null && id != null && !validId) {
        invalid(null, "a request's \"id\" must be a string or an integer");
        return;
      }
      try {
        McpSchema.deserializeJsonRpcMessage(jsonMapper, line);
      } catch (IOException | RuntimeException e) {
        invalid(replyId, "not a JSON-RPC 2.0 request, notification or response");
        return;
      }
      if (method == null) {
        sdkIn.offer((line + "\n").getBytes(StandardCharsets.UTF_8));
        return;
      }
      String name = method.asText();
      boolean request = id != null;
      JsonNode params = node.get("params");
      Problem problem = paramsProblem(name, params);
      if (request && !initialized && !"initialize".equals(name)) {
        notInitialized(replyId, name, params);
      } else if (problem != null) {
        auditIfCall(name, params, problem.status(), problem.message());
        if (request) {
          out.writeError(replyId, McpSchema.ErrorCodes.INVALID_PARAMS, problem.message());
        } else {
          LOG.warn("dropped a '{}' notification: {}", shorten(name), problem.message());
        }
      } else if (!request && "notifications/initialized".equals(name) && !initializeSent) {
        LOG.warn("dropped notifications/initialized sent before initialize");
      } else if (!request && "notifications/cancelled".equals(name)) {
        // The SDK has no handler for it; the gateway stops the call and it is never answered.
        gateway.inFlight().cancel(node, SESSION);
      } else {
        String forward = line;
        gateway.inFlight().levelSet(node, SESSION);
        if (request) {
          pending.add(id.toString());
          if ("tools/call".equals(name)) {
            String answered = id.toString();
            JsonNode exact = InFlight.read(line.getBytes(StandardCharsets.UTF_8));
            gateway.inFlight().open((ObjectNode) exact, SESSION, () -> pending.answered(answered));
            forward = new String(InFlight.write(exact), StandardCharsets.UTF_8);
          }
        }
        sdkIn.offer((forward + "\n").getBytes(StandardCharsets.UTF_8));
        if ("initialize".equals(name)) {
          initializeSent = true;
        } else if ("notifications/initialized".equals(name)) {
          initialized = true;
          // The handshake is answered; build the schema validator before the first request is
          // read, so its class loading is paid by neither initialize nor a tool's timeout.
          validator.preload();
        }
      }
    }

    /** Why params are refused, and how a refused {@code tools/call} is audited. */
    private record Problem(Status status, String message) {
      static Problem failed(String message) {
        return new Problem(Status.FAILED, "Invalid params: " + message);
      }
    }

    /**
     * What is wrong with a message's params; null when the SDK can take them. For {@code
     * tools/call} an unknown tool name counts as wrong too (audited as denied).
     */
    private Problem paramsProblem(String method, JsonNode params) {
      boolean absent = params == null || params.isNull();
      if (!absent && !params.isObject()) {
        return Problem.failed(
            "params of '"
                + shorten(method)
                + "' must be a JSON object"
                + ("tools/call".equals(method) ? ", such as " + CALL_SHAPE : ""));
      }
      if ("initialize".equals(method) && absent) {
        return Problem.failed(
            "initialize needs params {\"protocolVersion\": \"2025-11-25\", \"capabilities\":"
                + " {}, \"clientInfo\": {\"name\": \"...\", \"version\": \"...\"}}");
      }
      if (!"tools/call".equals(method)) {
        return null;
      }
      if (absent) {
        return Problem.failed("tools/call needs params " + CALL_SHAPE);
      }
      JsonNode tool = params.get("name");
      if (tool == null || !tool.isTextual() || tool.asText().isEmpty()) {
        return Problem.failed(
            "tools/call needs a \"name\" string naming the tool, as in "
                + CALL_SHAPE
                + "; call tools/list for the tools you may use");
      }
      JsonNode args = params.get("arguments");
      if (args != null && !args.isNull() && !args.isObject()) {
        return Problem.failed(
            "\"arguments\" of tools/call must be a JSON object of the tool's arguments (or left"
                + " out), as in "
                + CALL_SHAPE);
      }
      if (!gateway.knows(tool.asText())) {
        return new Problem(
            Status.DENIED,
            "Invalid params: unknown tool '"
                + gateway.auditTool(tool.asText())
                + "'; call tools/list for the tools you may use");
      }
      return null;
    }

    /** Rate-limits and audits a {@code tools/call} that is not passed on to the SDK. */
    private void auditIfCall(String method, JsonNode params, Status status, String message) {
      if (!"tools/call".equals(method)) {
        return;
      }
      JsonNode tool = params != null && params.isObject() ? params.get("name") : null;
      gateway.refused(
          tool != null && tool.isTextual() ? tool.asText() : null,
          status,
          params == null ? "" : Json.write(params),
          message);
    }

    /** A request before the handshake, which the SDK would hold unanswered until it completes. */
    private void notInitialized(JsonNode replyId, String method, JsonNode params)
        throws IOException {
      if ("ping".equals(method)) {
        out.writeResult(replyId, Json.MAPPER.createObjectNode());
        return;
      }
      String message =
          "Invalid Request: the session is not initialized; send initialize first, then"
              + " notifications/initialized, then '"
              + shorten(method)
              + "'";
      auditIfCall(method, params, Status.FAILED, message);
      out.writeError(replyId, McpSchema.ErrorCodes.INVALID_REQUEST, message);
    }

    private void invalid(JsonNode replyId, String what) throws IOException {
      out.writeError(replyId, McpSchema.ErrorCodes.INVALID_REQUEST, "Invalid Request: " + what);
    }
  }

  private static final String CALL_SHAPE =
      "{\"name\": \"get_cost_report\", \"arguments\": {\"top_n\": 5}}";

  private static String shorten(String s) {
    if (s == null) {
      return "unreadable";
    }
    String oneLine = s.replaceAll("\\s+", " ");
    return oneLine.length() > 160 ? oneLine.substring(0, 160) + "..." : oneLine;
  }
}

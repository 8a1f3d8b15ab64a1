package dev.burnrate.mcp;

import io.modelcontextprotocol.common.McpTransportContext;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.json.jackson2.JacksonMcpJsonMapper;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpServerFeatures.AsyncToolSpecification;
import io.modelcontextprotocol.server.McpSyncServer;
import io.modelcontextprotocol.spec.McpServerTransportProvider;
import io.modelcontextprotocol.spec.McpStreamableServerTransportProvider;
import java.util.ArrayList;
import java.util.List;

/**
 * One {@link ToolGateway} behind any number of SDK servers (one per network transport), where every
 * request runs as the principal its transport context carries under {@link #PRINCIPAL} rather than
 * the server-wide {@link ServerSpec#principal()}: RBAC, limits (rate limits are per principal and
 * tool, shared by all of that principal's sessions) and audit are the stdio ones. A request whose
 * context has no principal runs as {@link #NOBODY}, who may call nothing.
 */
public final class ToolServers implements AutoCloseable {
  /** The transport-context key under which the HTTP layer puts the request's {@link Principal}. */
  public static final String PRINCIPAL = "burnrate.principal";

  public static final Principal NOBODY =
      new Principal("unauthenticated", new java.util.TreeSet<>(), java.util.Set.of());

  private final ServerSpec spec;
  private final LazySchemaValidator validator = new LazySchemaValidator();
  private final McpJsonMapper jsonMapper = new JacksonMcpJsonMapper(Json.MAPPER);
  private final ToolGateway gateway;
  private final List<McpSyncServer> servers = new ArrayList<>();
  private final Resources.Watch watch;

  public ToolServers(ServerSpec spec) {
    this.spec = spec;
    this.gateway = new ToolGateway(spec, validator);
    this.watch = new Resources.Watch(spec.dataVersion(), spec.clock());
  }

  /**
   * The calls in flight, for the HTTP edge: it {@link InFlight#open opens} each {@code tools/call}
   * and {@link InFlight#cancel cancels} on {@code notifications/cancelled}, keyed by session.
   */
  public InFlight inFlight() {
    return gateway.inFlight();
  }

  /** The JSON mapper the transports must use, the same as the servers'. */
  public McpJsonMapper jsonMapper() {
    return jsonMapper;
  }

  /** Builds the server for a Streamable HTTP transport. */
  public synchronized McpSyncServer streamable(McpStreamableServerTransportProvider transport) {
    return configure(McpServer.sync(transport));
  }

  /** Builds the server for the legacy HTTP+SSE transport. */
  public synchronized McpSyncServer sse(McpServerTransportProvider transport) {
    return configure(McpServer.sync(transport));
  }

  /** The principal a request runs as. */
  static Principal principalOf(McpTransportContext context) {
    Object p = context == null ? null : context.get(PRINCIPAL);
    return p instanceof Principal principal ? principal : NOBODY;
  }

  private McpSyncServer configure(McpServer.SyncSpecification<?> builder) {
    McpSyncServer server =
        builder
            .serverInfo(spec.name(), spec.version())
            .instructions(spec.instructions())
            .capabilities(StdioServer.CAPABILITIES)
            .jsonMapper(jsonMapper)
            .jsonSchemaValidator(validator)
            // As over stdio: the gateway validates inputs after RBAC, so denials are audited as
            // such.
            .validateToolInputs(false)
            .requestTimeout(spec.requestTimeout())
            // The servlet transports block the request's thread until the answer is written, so
            // handing resource reads and prompts to the SDK's boundedElastic pool only added a
            // thread hop (and a wake-up each way) to every request.
            .immediateExecution(true)
            .addToolFilter((context, tool) -> gateway.visible(principalOf(context), tool.name()))
            // Listed to everyone (the SDK filters tools only); each read or get checks RBAC.
            .resources(Resources.specifications(gateway, ToolServers::principalOf, tool -> true))
            .prompts(
                Prompts.specifications(
                    gateway, ToolServers::principalOf, gateway::visible, tool -> true))
            .build();
    // Added to the SDK's async server, whose handlers may answer from another thread: a call runs
    // on the request's thread, and its timeout or cancellation answers it on another one.
    for (AsyncToolSpecification t : gateway.specificationsHere(ToolServers::principalOf)) {
      server.getAsyncServer().addTool(t).block();
    }
    servers.add(server);
    watch.add(server);
    return server;
  }

  /** The longest any call can take before the gateway answers it. */
  public long longestTimeoutMs() {
    return gateway.longestTimeoutMs();
  }

  /** Closes every server gracefully, then the gateway. */
  @Override
  public synchronized void close() {
    for (McpSyncServer s : servers) {
      try {
        s.closeGracefully();
      } catch (RuntimeException e) {
        org.slf4j.LoggerFactory.getLogger(ToolServers.class)
            .warn("closing an MCP server failed: {}", e.toString());
      }
    }
    servers.clear();
    watch.close();
    gateway.close();
  }
}

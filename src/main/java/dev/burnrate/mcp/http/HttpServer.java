package dev.burnrate.mcp.http;

import dev.burnrate.mcp.ToolServers;
import io.modelcontextprotocol.common.McpTransportContext;
import io.modelcontextprotocol.server.McpTransportContextExtractor;
import io.modelcontextprotocol.server.transport.HttpServletSseServerTransportProvider;
import io.modelcontextprotocol.server.transport.HttpServletStreamableServerTransportProvider;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;
import java.util.EnumSet;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.eclipse.jetty.ee11.servlet.FilterHolder;
import org.eclipse.jetty.ee11.servlet.ServletContextHandler;
import org.eclipse.jetty.ee11.servlet.ServletHolder;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * The MCP server over HTTP: Streamable HTTP at {@code /mcp}, the legacy HTTP+SSE transport at
 * {@code /sse} (its messages at {@code /message}), the {@code /healthz} and {@code /readyz} probes
 * and {@code /metrics} (admins only), on an embedded Jetty. Both transports are the SDK's servlets
 * in front of one {@link ToolServers}; the {@link EdgeFilter} authenticates each request and the
 * context extractor hands its principal to the tools.
 */
public final class HttpServer implements AutoCloseable {
  /** Where the Streamable HTTP endpoint is. */
  public static final String MCP_PATH = "/mcp";

  static final String MCP = MCP_PATH;
  static final String SSE = "/sse";
  static final String MESSAGE = "/message";

  private final Server jetty;
  private final ServerConnector connector;
  private final ToolServers tools;
  private final String scheme;

  private final AccessLog accessLog;

  private HttpServer(
      Server jetty,
      ServerConnector connector,
      ToolServers tools,
      AccessLog accessLog,
      String scheme) {
    this.jetty = jetty;
    this.accessLog = accessLog;
    this.connector = connector;
    this.tools = tools;
    this.scheme = scheme;
  }

  /** Binds and starts serving; the caller owns {@code tools} and closes it after this. */
  @SuppressWarnings("deprecation") // the legacy SSE transport is served on purpose, for old clients
  public static HttpServer start(
      ToolServers tools, HttpOptions options, BooleanSupplier ready, Metrics metrics)
      throws Exception {
    McpTransportContextExtractor<HttpServletRequest> extractor =
        request -> {
          Object p = request.getAttribute(ToolServers.PRINCIPAL);
          return p == null
              ? McpTransportContext.EMPTY
              : McpTransportContext.create(Map.of(ToolServers.PRINCIPAL, p));
        };
    HttpServletStreamableServerTransportProvider streamable =
        HttpServletStreamableServerTransportProvider.builder()
            .jsonMapper(tools.jsonMapper())
            .mcpEndpoint(MCP)
            .contextExtractor(extractor)
            .maxRequestSize(options.maxBodyBytes())
            .sessionSweepInterval(options.sessionIdle())
            .build();
    HttpServletSseServerTransportProvider sse =
        HttpServletSseServerTransportProvider.builder()
            .jsonMapper(tools.jsonMapper())
            .baseUrl("")
            .sseEndpoint(SSE)
            .messageEndpoint(MESSAGE)
            .contextExtractor(extractor)
            .maxRequestSize(options.maxBodyBytes())
            .build();
    tools.streamable(streamable);
    tools.sse(sse);

    QueuedThreadPool threads = new QueuedThreadPool(options.threads(), 4);
    threads.setName("burnrate-http");
    threads.setDaemon(true);
    Server jetty = new Server(threads);
    HttpConfiguration http = new HttpConfiguration();
    http.setSendServerVersion(false);
    http.setSendXPoweredBy(false);
    // The SDK writes each SSE event as three strings and then flushes: gathered up to the whole
    // output buffer, an answer leaves in one write with the headers, not in two (the event's data
    // was over the default 8 KiB and went out on its own), and the client wakes once for it.
    http.setOutputAggregationSize(http.getOutputBufferSize());
    ServerConnector connector;
    if (options.tls().isPresent()) {
      SslContextFactory.Server ssl = new SslContextFactory.Server();
      ssl.setKeyStoreType("PKCS12");
      ssl.setKeyStorePath(options.tls().get().keyStore().toAbsolutePath().toString());
      ssl.setKeyStorePassword(options.tls().get().password());
      SecureRequestCustomizer secure = new SecureRequestCustomizer();
      // Clients may connect by IP or by a name the certificate lists; the Host check covers names.
      secure.setSniHostCheck(false);
      http.addCustomizer(secure);
      connector =
          new ServerConnector(
              jetty, new SslConnectionFactory(ssl, "http/1.1"), new HttpConnectionFactory(http));
    } else {
      connector = new ServerConnector(jetty, new HttpConnectionFactory(http));
    }
    connector.setHost(options.host());
    connector.setPort(options.port());
    jetty.addConnector(connector);

    AccessLog accessLog = new AccessLog(System.err);
    ServletContextHandler context = new ServletContextHandler("/");
    context.addFilter(
        new FilterHolder(new EdgeFilter(options, metrics, tools.inFlight(), accessLog)),
        "/*",
        EnumSet.of(DispatcherType.REQUEST));
    ServletHolder streamableHolder = new ServletHolder("mcp", streamable);
    streamableHolder.setAsyncSupported(true);
    context.addServlet(streamableHolder, MCP);
    ServletHolder sseHolder = new ServletHolder("sse", sse);
    sseHolder.setAsyncSupported(true);
    context.addServlet(sseHolder, SSE);
    context.addServlet(sseHolder, MESSAGE);
    ServletHolder probes = new ServletHolder("probes", new Probes(ready));
    context.addServlet(probes, "/healthz");
    context.addServlet(probes, "/readyz");
    context.addServlet(new ServletHolder("metrics", new Metrics.Servlet(metrics)), "/metrics");
    options
        .oauth()
        .ifPresent(
            oauth -> {
              ServletHolder metadata =
                  new ServletHolder("oauth-metadata", new ResourceMetadata(oauth));
              context.addServlet(metadata, EdgeFilter.METADATA);
              context.addServlet(metadata, EdgeFilter.METADATA + MCP);
            });
    ErrorHandler errors = new ErrorHandler();
    errors.setShowStacks(false);
    errors.setShowMessageInTitle(false);
    context.setErrorHandler(errors);
    jetty.setHandler(context);
    jetty.setStopTimeout(5_000);
    jetty.start();
    return new HttpServer(
        jetty, connector, tools, accessLog, options.tls().isPresent() ? "https" : "http");
  }

  /** The port bound (the one picked when 0 was asked for). */
  public int port() {
    return connector.getLocalPort();
  }

  /** The Streamable HTTP endpoint, e.g. {@code http://127.0.0.1:8080/mcp}. */
  public URI mcpUri() {
    String host = connector.getHost();
    String h = host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
    return URI.create(scheme + "://" + h + ":" + port() + MCP);
  }

  /** Blocks until the server stops. */
  public void join() throws InterruptedException {
    jetty.join();
  }

  /** Ends every MCP session, then stops accepting and stops the server. */
  @Override
  public void close() {
    tools.close();
    try {
      jetty.stop();
    } catch (Exception e) {
      org.slf4j.LoggerFactory.getLogger(HttpServer.class)
          .warn("stopping Jetty failed: {}", e.toString());
    }
    accessLog.close(); // after the last request's line
  }
}

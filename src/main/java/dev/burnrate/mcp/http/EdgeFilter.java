package dev.burnrate.mcp.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.burnrate.mcp.InFlight;
import dev.burnrate.mcp.Principal;
import dev.burnrate.mcp.ToolServers;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Everything a request passes before the SDK's servlets, in this order: the Host header (DNS
 * rebinding), the Origin header, no credentials in the query string, the body limit, then the
 * bearer token, which names the principal the request runs as. Health probes skip the token. Every
 * request ends with one access-log line on stderr: principal, HTTP method and path (never the query
 * string), JSON-RPC method and tool, status and duration; never arguments, bodies or tokens. A
 * session belongs to the principal that opened it, and each tools/call is registered so a client
 * can cancel its own. (The checks are one ordered sequence, read best in one place, hence its
 * length; the writers handed to the servlets are in {@link ResponseWriters}.)
 */
final class EdgeFilter extends HttpFilter {
  private static final Logger AUTH = LoggerFactory.getLogger("burnrate.auth");
  static final ObjectMapper MAPPER = dev.burnrate.wire.Wire.MAPPER;
  static final String METADATA = "/.well-known/oauth-protected-resource";
  private static final Set<String> OPEN_PATHS =
      Set.of("/healthz", "/readyz", METADATA, METADATA + "/mcp");

  /** Query parameters that carry credentials in other APIs; here they are refused outright. */
  private static final Set<String> CREDENTIAL_PARAMS =
      Set.of(
          "access_token", "token", "api_key", "apikey", "key", "bearer", "auth", "authorization");

  /** Endpoints, as metrics label them; anything else is "other". */
  private static final Set<String> ENDPOINTS =
      Set.of("/mcp", "/sse", "/message", "/healthz", "/readyz", "/metrics");

  static final String ADMIN = "tools.cost.admin";

  private final HttpOptions options;
  private final Set<String> allowedHosts;
  private final Metrics metrics;
  private final SessionOwners sessions;
  private final java.util.concurrent.atomic.AtomicLong openStreams =
      new java.util.concurrent.atomic.AtomicLong();

  private final InFlight inFlight;

  private final AccessLog accessLog;

  EdgeFilter(HttpOptions options, Metrics metrics, InFlight inFlight, AccessLog accessLog) {
    this.inFlight = inFlight;
    this.accessLog = accessLog;
    this.options = options;
    this.metrics = metrics;
    this.sessions = new SessionOwners(options.sessionIdle().multipliedBy(3));
    metrics.gauge(
        "burnrate.http.open.streams",
        "Open SSE streams (GET /sse, GET /mcp, POST /mcp answers)",
        openStreams::get);
    java.util.HashSet<String> hosts = new java.util.HashSet<>();
    for (String h : options.allowedHosts()) {
      hosts.add(h.toLowerCase(Locale.ROOT));
    }
    if (!options.host().equals("0.0.0.0") && !options.host().equals("::")) {
      hosts.add(hostOnly(options.host()));
    }
    this.allowedHosts = Set.copyOf(hosts);
  }

  @Override
  protected void doFilter(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws IOException, ServletException {
    long start = System.nanoTime();
    String path = request.getRequestURI();
    Access access =
        new Access(
            request.getMethod() + " " + path,
            ENDPOINTS.contains(path) ? path : "other",
            metrics,
            accessLog);
    try {
      handle(request, response, chain, access);
    } finally {
      if (request.isAsyncStarted()) {
        if (!access.streamSlot) {
          openStreams.incrementAndGet();
        }
        request
            .getAsyncContext()
            .addListener(
                new AsyncListener() {
                  @Override
                  public void onComplete(AsyncEvent event) {
                    if (access.log(response.getStatus(), start)) {
                      openStreams.decrementAndGet();
                    }
                  }

                  @Override
                  public void onTimeout(AsyncEvent event) {}

                  @Override
                  public void onError(AsyncEvent event) {
                    if (access.log(response.getStatus(), start)) {
                      openStreams.decrementAndGet();
                    }
                  }

                  @Override
                  public void onStartAsync(AsyncEvent event) {}
                });
      } else {
        if (access.streamSlot) {
          openStreams.decrementAndGet(); // it answered without opening a stream
        }
        access.log(response.getStatus(), start);
      }
    }
  }

  private void handle(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain, Access access)
      throws IOException, ServletException {
    String host = request.getHeader("Host");
    if (host == null || !hostAllowed(host)) {
      refuse(
          response,
          403,
          "forbidden_host",
          "the Host header does not name this server; connect to it by an allowed name"
              + " (see --allowed-host)");
      return;
    }
    String origin = request.getHeader("Origin");
    if (origin != null && !originAllowed(origin)) {
      refuse(
          response,
          403,
          "forbidden_origin",
          "requests from this Origin are not allowed; an operator can allow it with --allowed-origin");
      return;
    }
    if (hasCredentialParam(request.getQueryString())) {
      refuse(
          response,
          400,
          "invalid_request",
          "credentials are not accepted in the query string; send 'Authorization: Bearer TOKEN'");
      return;
    }
    if (request.getContentLengthLong() > options.maxBodyBytes()) {
      // Read a moderately oversized body to its end first, so the client is done sending and
      // reads the 413 rather than a reset; a huge one is cut off instead.
      discard(request.getInputStream(), 4L * options.maxBodyBytes());
      refuse(
          response,
          413,
          "body_too_large",
          "the request body is over " + options.maxBodyBytes() + " bytes");
      return;
    }
    HttpServletRequest forward = request;
    byte[] posted = null;
    if ("POST".equals(request.getMethod())) {
      byte[] body = readBounded(request.getInputStream(), options.maxBodyBytes());
      if (body == null) {
        discard(request.getInputStream(), 3L * options.maxBodyBytes());
        refuse(
            response,
            413,
            "body_too_large",
            "the request body is over " + options.maxBodyBytes() + " bytes");
        return;
      }
      access.describe(body);
      posted = body;
      forward = new Buffered(request, body);
    }
    if (OPEN_PATHS.contains(request.getRequestURI())) {
      chain.doFilter(forward, response);
      return;
    }
    Optional<Principal> who = authenticate(request, response);
    if (who.isEmpty()) {
      return;
    }
    access.principal = who.get().name();
    boolean opensStream =
        "GET".equals(request.getMethod())
            && ("/sse".equals(request.getRequestURI()) || "/mcp".equals(request.getRequestURI()));
    String session = request.getHeader("Mcp-Session-Id");
    if (session == null && HttpServer.MESSAGE.equals(request.getRequestURI())) {
      session = request.getParameter("sessionId"); // the legacy SSE transport's session
    }
    if (session != null && !sessions.mayUse(session, who.get().name())) {
      // As for an unknown session: whether the id exists is not this principal's business.
      refuse(response, 404, "session_not_found", "no such session; initialize a new one");
      return;
    }
    // Take the slot before the stream opens: counting it only once the servlet returned let a
    // second stream in while the first was still being set up.
    if (opensStream && openStreams.incrementAndGet() > options.maxStreams()) {
      openStreams.decrementAndGet();
      response.setHeader("Retry-After", "30");
      refuse(
          response,
          503,
          "too_many_streams",
          "the server has "
              + options.maxStreams()
              + " event streams open (--max-streams); retry later");
      return;
    }
    access.streamSlot = opensStream;
    if ("/metrics".equals(request.getRequestURI()) && !who.get().has(ADMIN)) {
      refuse(
          response,
          403,
          "insufficient_scope",
          "/metrics needs a principal with "
              + ADMIN
              + "; grant it to one of this principal's roles");
      return;
    }
    String owner = who.get().name();
    boolean opensSse = "GET".equals(request.getMethod()) && "/sse".equals(request.getRequestURI());
    if (posted != null) {
      forward = new Buffered(request, calls(posted, request, owner));
    }
    forward.setAttribute(ToolServers.PRINCIPAL, who.get());
    chain.doFilter(
        forward,
        new jakarta.servlet.http.HttpServletResponseWrapper(response) {
          @Override
          public void setHeader(String name, String value) {
            if ("Mcp-Session-Id".equalsIgnoreCase(name) && value != null) {
              sessions.own(value, owner);
            }
            super.setHeader(name, value);
          }

          @Override
          public void addHeader(String name, String value) {
            if ("Mcp-Session-Id".equalsIgnoreCase(name) && value != null) {
              sessions.own(value, owner);
            }
            super.addHeader(name, value);
          }

          private java.io.PrintWriter writer;

          /**
           * A writer that hands each string to the output stream as one UTF-8 byte array (the
           * container's own writer encodes character by character, which was the largest cost of a
           * call over HTTP); nothing is buffered here, so flushes and completion are the
           * container's as before. An SSE stream's writer also learns the session it names.
           */
          @Override
          public java.io.PrintWriter getWriter() throws IOException {
            if (writer == null) {
              java.io.PrintWriter w =
                  "UTF-8".equalsIgnoreCase(getCharacterEncoding())
                      ? new java.io.PrintWriter(
                          new ResponseWriters.Utf8Through(super.getOutputStream()))
                      : super.getWriter();
              writer =
                  opensSse
                      ? new ResponseWriters.SseSessionSniffer(w, id -> sessions.own(id, owner))
                      : w;
            }
            return writer;
          }
        });
  }

  /**
   * Opens each {@code tools/call} in the body for cancellation (tagging it with its key) and
   * applies each {@code notifications/cancelled}; the body to pass on. Keys name the principal and
   * the session, so a client cancels only its own calls.
   */
  private byte[] calls(byte[] body, HttpServletRequest request, String owner) {
    String path = request.getRequestURI();
    String session =
        HttpServer.MCP.equals(path)
            ? request.getHeader("Mcp-Session-Id")
            : HttpServer.MESSAGE.equals(path) ? request.getParameter("sessionId") : null;
    if (session == null) {
      return body;
    }
    String key = owner + '\u0000' + path + '\u0000' + session;
    JsonNode node;
    try {
      node = InFlight.read(body);
    } catch (IOException e) {
      return body; // the SDK answers it as unparsable
    }
    if (node == null) {
      return body;
    }
    boolean tagged = false;
    for (JsonNode message : node.isArray() ? node : List.of(node)) {
      if (message instanceof ObjectNode m) {
        inFlight.levelSet(m, key);
        if (inFlight.cancel(m, key)) {
          continue;
        }
        if ("tools/call".equals(m.path("method").asText())) {
          inFlight.open(m, key);
          tagged = true;
        }
      }
    }
    if (!tagged) {
      return body;
    }
    try {
      return InFlight.write(node);
    } catch (IOException e) {
      return body;
    }
  }

  private Optional<Principal> authenticate(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    if (options.anonymous().isPresent()) {
      return options.anonymous();
    }
    String header = request.getHeader("Authorization");
    if (header == null || header.isBlank()) {
      response.setHeader("WWW-Authenticate", challenge(request, ""));
      refuse(
          response,
          401,
          "invalid_request",
          "authentication required; send 'Authorization: Bearer TOKEN' with a token rbac.yml"
              + " maps to a principal");
      return Optional.empty();
    }
    int space = header.indexOf(' ');
    String scheme = space < 0 ? header : header.substring(0, space);
    String token = space < 0 ? "" : header.substring(space + 1).strip();
    Optional<Principal> who = Optional.empty();
    if (scheme.equalsIgnoreCase("Bearer") && !token.isEmpty()) {
      if (options.oauth().isPresent() && OAuthTokens.looksLikeJwt(token)) {
        OAuthTokens.Result r = options.oauth().get().authenticate(token);
        if (r.principal().isEmpty()) {
          // Why, for the operator; the client only learns that the token is not valid.
          AUTH.info("rejected an access token: {}", r.reason());
        }
        who = r.principal();
      } else {
        who = options.tokens().authenticate(token);
      }
    }
    if (who.isEmpty()) {
      response.setHeader(
          "WWW-Authenticate",
          challenge(
              request, ", error=\"invalid_token\", error_description=\"the token is not valid\""));
      refuse(
          response,
          401,
          "invalid_token",
          options.oauth().isPresent()
              ? "the bearer token is not valid; use an unexpired access token from the authorization"
                  + " server for this resource, or a token whose SHA-256 rbac.yml lists"
              : "the bearer token is not valid; use a token whose SHA-256 rbac.yml lists");
    }
    return who;
  }

  /** The Bearer challenge; with OAuth it points at the RFC 9728 metadata (MCP authorization). */
  private String challenge(HttpServletRequest request, String error) {
    String c = "Bearer realm=\"burnrate\"";
    if (options.oauth().isPresent()) {
      // The Host header was checked against the allowed names above, so it is safe to echo.
      c +=
          ", resource_metadata=\""
              + request.getScheme()
              + "://"
              + request.getHeader("Host")
              + METADATA
              + "\"";
    }
    return c + error;
  }

  private boolean hostAllowed(String hostHeader) {
    String h = hostOnly(hostHeader);
    return HttpOptions.isLoopback(h) || allowedHosts.contains(h);
  }

  private boolean originAllowed(String origin) {
    if (options.allowedOrigins().contains(origin)) {
      return true;
    }
    if (!HttpOptions.isLoopback(options.host())) {
      return false;
    }
    try {
      URI u = URI.create(origin);
      return ("http".equals(u.getScheme()) || "https".equals(u.getScheme()))
          && u.getHost() != null
          && HttpOptions.isLoopback(u.getHost());
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  /** The host part of a Host header or address, lowercase, brackets kept for IPv6. */
  static String hostOnly(String hostPort) {
    String h = hostPort.strip().toLowerCase(Locale.ROOT);
    if (h.startsWith("[")) {
      int end = h.indexOf(']');
      return end < 0 ? h : h.substring(0, end + 1);
    }
    int colon = h.indexOf(':');
    if (colon >= 0 && h.indexOf(':', colon + 1) >= 0) {
      return "[" + h + "]";
    }
    return colon < 0 ? h : h.substring(0, colon);
  }

  private static boolean hasCredentialParam(String query) {
    if (query == null) {
      return false;
    }
    for (String pair : query.split("&")) {
      int eq = pair.indexOf('=');
      String name =
          java.net.URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
      if (CREDENTIAL_PARAMS.contains(name.toLowerCase(Locale.ROOT))) {
        return true;
      }
    }
    return false;
  }

  /** The whole body, or null when it is longer than {@code max}. */
  /** Reads and drops up to {@code limit} bytes of what is left of a request body. */
  private static void discard(java.io.InputStream in, long limit) {
    byte[] buf = new byte[64 * 1024];
    long left = limit;
    try {
      for (int n; left > 0 && (n = in.read(buf, 0, (int) Math.min(buf.length, left))) > 0; ) {
        left -= n;
      }
    } catch (IOException e) {
      // the client went away; the refusal below is all that is left to do
    }
  }

  private static byte[] readBounded(InputStream in, int max) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] buf = new byte[8192];
    int n;
    while ((n = in.read(buf)) != -1) {
      if (out.size() + n > max) {
        return null;
      }
      out.write(buf, 0, n);
    }
    return out.toByteArray();
  }

  static void refuse(HttpServletResponse response, int status, String error, String message)
      throws IOException {
    response.setStatus(status);
    response.setContentType("application/json");
    response.setCharacterEncoding("UTF-8");
    var body = MAPPER.createObjectNode().put("error", error).put("error_description", message);
    response.getWriter().write(MAPPER.writeValueAsString(body));
  }

  /** What the access log says about one request; filled in as the request is understood. */
  private static final class Access {
    private final String request;
    private final String endpoint;
    private final Metrics metrics;
    private final AccessLog log;
    private final AtomicBoolean logged = new AtomicBoolean();
    volatile String principal = "-";

    /** This request took one of the --max-streams slots before it ran (see handle). */
    boolean streamSlot;

    private String rpc = "-";
    private String tool = "-";

    Access(String request, String endpoint, Metrics metrics, AccessLog log) {
      this.log = log;
      this.request = request;
      this.endpoint = endpoint;
      this.metrics = metrics;
    }

    void describe(byte[] body) {
      try {
        JsonNode node = MAPPER.readTree(body);
        if (node != null && node.isArray()) {
          rpc = "batch";
        } else if (node != null && node.isObject()) {
          JsonNode method = node.get("method");
          rpc =
              method != null && method.isTextual()
                  ? safe(method.asText())
                  : node.has("result") || node.has("error") ? "response" : "-";
          JsonNode name = node.at("/params/name");
          if ("tools/call".equals(rpc) && name.isTextual()) {
            tool = safe(name.asText());
          }
        }
      } catch (IOException e) {
        rpc = "unparsable";
      }
    }

    /** Logs the request once; false when it was already logged. */
    boolean log(int status, long startNanos) {
      if (!logged.compareAndSet(false, true)) {
        return false;
      }
      long nanos = System.nanoTime() - startNanos;
      metrics.request(endpoint, status, nanos);
      var line =
          MAPPER
              .createObjectNode()
              .put("event", "access")
              .put("principal", principal)
              .put("request", request)
              .put("rpc", rpc)
              .put("tool", tool)
              .put("status", status)
              .put("duration_ms", TimeUnit.NANOSECONDS.toMillis(nanos));
      log.write(line.toString());
      return true;
    }

    /** Names from a client are logged only when short and plain (no log injection). */
    private static String safe(String s) {
      if (s.isEmpty() || s.length() > 80) {
        return "?";
      }
      for (int i = 0; i < s.length(); i++) {
        char c = s.charAt(i);
        boolean plain =
            (c >= 'A' && c <= 'Z')
                || (c >= 'a' && c <= 'z')
                || (c >= '0' && c <= '9')
                || c == '_'
                || c == '.'
                || c == '/'
                || c == '-';
        if (!plain) {
          return "?";
        }
      }
      return s;
    }
  }

  /** The request with its body already read, replayed to the servlets below. */
  private static final class Buffered extends HttpServletRequestWrapper {
    private final byte[] body;

    Buffered(HttpServletRequest request, byte[] body) {
      super(request);
      this.body = body;
    }

    @Override
    public int getContentLength() {
      return body.length;
    }

    @Override
    public long getContentLengthLong() {
      return body.length;
    }

    @Override
    public ServletInputStream getInputStream() {
      ByteArrayInputStream in = new ByteArrayInputStream(body);
      return new ServletInputStream() {
        @Override
        public int read() {
          return in.read();
        }

        @Override
        public int read(byte[] b, int off, int len) {
          return in.read(b, off, len);
        }

        @Override
        public boolean isFinished() {
          return in.available() == 0;
        }

        @Override
        public boolean isReady() {
          return true;
        }

        @Override
        public void setReadListener(ReadListener listener) {
          throw new IllegalStateException("the body was already read");
        }
      };
    }

    @Override
    public BufferedReader getReader() {
      String enc = getCharacterEncoding();
      return new BufferedReader(
          new InputStreamReader(
              new ByteArrayInputStream(body),
              enc == null ? StandardCharsets.UTF_8 : java.nio.charset.Charset.forName(enc)));
    }
  }
}

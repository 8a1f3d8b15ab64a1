package dev.burnrate.cli;

import dev.burnrate.config.Config;
import dev.burnrate.mcp.Principal;
import dev.burnrate.mcp.ServerSpec;
import dev.burnrate.mcp.ToolServers;
import dev.burnrate.mcp.http.BearerTokens;
import dev.burnrate.mcp.http.HttpOptions;
import dev.burnrate.mcp.http.HttpServer;
import dev.burnrate.mcp.http.Metrics;
import dev.burnrate.mcp.http.OAuthTokens;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;
import java.util.stream.Collectors;
import picocli.CommandLine.Option;

/**
 * {@code burnrate serve --http}: checks the listener is safe to open (loopback unless {@code
 * --allow-remote}; authentication unless {@code --insecure-no-auth}, which is loopback only),
 * starts the HTTP server, prints where it listens, and serves until SIGTERM or SIGINT, when it
 * stops accepting, ends the sessions and returns so the caller can flush the audit log.
 */
final class ServeHttp {
  private static final CountDownLatch EXITED = new CountDownLatch(1);

  private ServeHttp() {}

  /** The HTTP flags of {@code serve}; none of them load the HTTP stack. */
  static final class Options {
    @Option(
        names = "--http",
        paramLabel = "[HOST:]PORT",
        description =
            "Serve MCP over HTTP instead of stdio: Streamable HTTP at /mcp, legacy SSE at"
                + " /sse. HOST defaults to 127.0.0.1; PORT 0 picks a free port.")
    String address;

    @Option(
        names = "--allow-remote",
        description =
            "Allow --http to bind an address other clients can reach (default: loopback only).")
    boolean allowRemote;

    @Option(
        names = "--insecure-no-auth",
        description =
            "Serve loopback HTTP clients without tokens, all as --principal (or its defaults).")
    boolean insecureNoAuth;

    @Option(
        names = "--allowed-origin",
        paramLabel = "ORIGIN",
        description =
            "A browser Origin to accept besides loopback ones, e.g. https://console.example.com; repeatable.")
    List<String> allowedOrigins = new ArrayList<>();

    @Option(
        names = "--allowed-host",
        paramLabel = "HOST",
        description =
            "A Host header name to accept besides loopback names and the bound host; repeatable.")
    List<String> allowedHosts = new ArrayList<>();

    @Option(
        names = "--max-body-bytes",
        paramLabel = "N",
        description =
            "Largest request body accepted over HTTP (default: 1048576); larger ones get 413.")
    int maxBodyBytes = HttpOptions.DEFAULT_MAX_BODY_BYTES;

    @Option(
        names = "--max-streams",
        paramLabel = "N",
        description =
            "Most event streams (SSE sessions, GET /mcp) open at once (default: 2000); more get 503.")
    int maxStreams = HttpOptions.DEFAULT_MAX_STREAMS;

    @Option(
        names = "--http-threads",
        paramLabel = "N",
        description =
            "Most requests served at once, 16 to 10000; the rest wait their turn (default: 8 per"
                + " core, at least 32). Raise it when calls wait on PostgreSQL more than they"
                + " compute.")
    Integer threads;

    @Option(
        names = "--session-idle-seconds",
        paramLabel = "S",
        description = "Close a Streamable HTTP session unused for S to 2S seconds (default: 900).")
    int sessionIdleSeconds = HttpOptions.DEFAULT_SESSION_IDLE_SECONDS;

    @Option(
        names = "--tls-keystore",
        paramLabel = "FILE",
        description = "Serve HTTPS with the certificate and key in this PKCS#12 file.")
    Path tlsKeystore;

    @Option(
        names = "--tls-password-env",
        paramLabel = "NAME",
        description =
            "The environment variable holding the key store's password (default: BURNRATE_TLS_PASSWORD).")
    String tlsPasswordEnv = "BURNRATE_TLS_PASSWORD";

    @Option(
        names = "--oauth-issuer",
        paramLabel = "URL",
        description =
            "Also accept JWT access tokens from this OAuth authorization server (its issuer).")
    String oauthIssuer;

    @Option(
        names = "--oauth-jwks",
        paramLabel = "FILE|URL",
        description =
            "The authorization server's public keys: its jwks_uri (https; fetched, cached 15"
                + " minutes, refetched for an unknown key id) or that document saved as a file.")
    String oauthJwks;

    @Option(
        names = "--oauth-audience",
        paramLabel = "URL",
        description =
            "This server's resource URL, which tokens must name as audience, e.g. https://burnrate.example.com/mcp.")
    String oauthAudience;

    @Option(
        names = "--oauth-principal-claim",
        paramLabel = "CLAIM",
        description = "The token claim that names the rbac.yml principal (default: sub).")
    String oauthPrincipalClaim = "sub";

    boolean enabled() {
      return address != null;
    }
  }

  /**
   * Over authenticated HTTP each request's token names its principal; there is no server-wide one.
   */
  static Principal noStdioPrincipal(String principalFlag) {
    if (principalFlag != null) {
      throw new UsageException(
          "--principal applies to stdio and to --insecure-no-auth; over HTTP"
              + " each request's bearer token names its principal. Drop --principal");
    }
    return ToolServers.NOBODY;
  }

  static void run(
      ServerSpec served,
      Config config,
      Options o,
      BooleanSupplier ready,
      LongSupplier indexEvents,
      Serve.HttpGauges gauges)
      throws Exception {
    String[] hostPort = hostPort(o.address);
    String host = hostPort[0];
    int port = port(hostPort[1]);
    boolean loopback = HttpOptions.isLoopback(host);
    if (!loopback && !o.allowRemote) {
      throw new UsageException(
          "--http "
              + o.address
              + " binds an address other machines can reach;"
              + " pass --allow-remote as well to mean it, or bind 127.0.0.1");
    }
    if (o.maxBodyBytes <= 0) {
      throw new UsageException("--max-body-bytes " + o.maxBodyBytes + " must be positive");
    }
    if (o.maxStreams <= 0) {
      throw new UsageException("--max-streams " + o.maxStreams + " must be positive");
    }
    if (o.threads != null
        && (o.threads < HttpOptions.MIN_THREADS || o.threads > HttpOptions.MAX_THREADS)) {
      throw new UsageException(
          "--http-threads "
              + o.threads
              + " must be from "
              + HttpOptions.MIN_THREADS
              + " to "
              + HttpOptions.MAX_THREADS
              + " (Jetty's acceptors and selectors take some; each is a thread with its own stack)");
    }
    if (o.sessionIdleSeconds <= 0) {
      throw new UsageException(
          "--session-idle-seconds " + o.sessionIdleSeconds + " must be positive");
    }
    BearerTokens tokens = BearerTokens.from(config.rbac(), System::getenv);
    Optional<OAuthTokens> oauth = Optional.empty();
    if (o.oauthIssuer != null || o.oauthJwks != null || o.oauthAudience != null) {
      if (o.oauthIssuer == null || o.oauthJwks == null || o.oauthAudience == null) {
        throw new UsageException(
            "OAuth needs --oauth-issuer, --oauth-jwks and --oauth-audience together");
      }
      oauth =
          Optional.of(
              OAuthTokens.load(
                  o.oauthIssuer,
                  o.oauthAudience,
                  o.oauthJwks,
                  o.oauthPrincipalClaim,
                  config.rbac()));
    }
    Optional<Principal> anonymous = Optional.empty();
    if (o.insecureNoAuth) {
      if (!loopback) {
        throw new UsageException(
            "--insecure-no-auth is for loopback only; with --http "
                + o.address
                + " give principals tokens in rbac.yml (burnrate token prints one)");
      }
      anonymous = Optional.of(served.principal());
      System.err.println(
          "burnrate: WARNING: --insecure-no-auth: every HTTP client on this machine acts"
              + " as principal '"
              + served.principal().name()
              + "' without a token");
    } else if (tokens.isEmpty() && oauth.isEmpty()) {
      throw new UsageException(
          "serving HTTP needs authentication, and no principal in rbac.yml has a"
              + " token; add token_sha256 (burnrate token prints a token and its hash) or token_env to a"
              + " principal, configure OAuth (--oauth-issuer, --oauth-jwks, --oauth-audience), or pass"
              + " --insecure-no-auth to serve loopback clients as one principal");
    }
    Optional<HttpOptions.Tls> tls = Optional.empty();
    if (o.tlsKeystore != null) {
      if (!java.nio.file.Files.isReadable(o.tlsKeystore)) {
        throw new UsageException(
            "--tls-keystore "
                + o.tlsKeystore
                + " cannot be read; point it at a"
                + " PKCS#12 file with the server's certificate chain and private key");
      }
      String password = System.getenv(o.tlsPasswordEnv);
      if (password == null) {
        throw new UsageException(
            "the key store password is read from $"
                + o.tlsPasswordEnv
                + ", which is not set; export it (or name another variable with --tls-password-env)");
      }
      tls = Optional.of(new HttpOptions.Tls(o.tlsKeystore, password));
    }
    if (!loopback && tls.isEmpty()) {
      System.err.println(
          "burnrate: WARNING: serving plain HTTP (no TLS) on "
              + host
              + ": bearer tokens"
              + " cross the network in clear text; pass --tls-keystore or put a TLS-terminating proxy in front");
    }
    // Jetty's start-up chatter is not news; its warnings are. Read by slf4j-simple as loggers
    // appear.
    System.setProperty("org.slf4j.simpleLogger.log.org.eclipse.jetty", "warn");
    HttpOptions options =
        new HttpOptions(
            host,
            port,
            tokens,
            oauth,
            anonymous,
            o.allowedOrigins,
            o.allowedHosts,
            o.maxBodyBytes,
            o.maxStreams,
            o.threads != null ? o.threads : HttpOptions.defaultThreads(),
            java.time.Duration.ofSeconds(o.sessionIdleSeconds),
            tls);
    Metrics metrics = new Metrics();
    metrics.gauge("burnrate.index.events", "Events in the in-memory index", indexEvents);
    metrics.gauge(
        "burnrate.index.refresh.age.ms",
        "Milliseconds since the index last looked for new events in the log (-1 while it opens)",
        gauges.refreshAgeMs());
    metrics.gauge(
        "burnrate.alerts.raised",
        "Budget alerts this server raised (each threshold once a month across servers)",
        gauges.alertsRaised());
    metrics.gauge(
        "burnrate.webhook.deliveries.failed",
        "Webhook deliveries this server gave up on after its retries",
        gauges.deliveriesFailed());
    metrics.gauge(
        "burnrate.webhook.deliveries.delivered",
        "Webhook deliveries this server completed",
        gauges.deliveriesDelivered());
    Set<String> toolNames = served.tools().stream().map(t -> t.name()).collect(Collectors.toSet());
    ServerSpec spec =
        served.withAudit(
            metrics.metered(served.audit(), toolNames, config.rbac().principals().keySet()));
    try (ToolServers tools = new ToolServers(spec)) {
      HttpServer server = HttpServer.start(tools, options, ready, metrics);
      Runtime.getRuntime()
          .addShutdownHook(
              new Thread(
                  () -> {
                    server.close();
                    try {
                      // main flushes the audit log and alert deliveries, then says so; exit 0 after
                      // a clean stop.
                      boolean clean = EXITED.await(25, TimeUnit.SECONDS);
                      System.err.println(
                          "burnrate: stopped" + (clean ? "" : " before the audit log was flushed"));
                      Runtime.getRuntime().halt(clean ? 0 : 1);
                    } catch (InterruptedException e) {
                      Thread.currentThread().interrupt();
                    }
                  },
                  "burnrate-shutdown"));
      String base = server.mcpUri().toString();
      System.err.println(
          "burnrate: listening on "
              + base
              + " (Streamable HTTP; legacy SSE at "
              + base.substring(0, base.length() - HttpServer.MCP_PATH.length())
              + "/sse)");
      System.err.flush();
      server.join();
    }
  }

  /** Tells a pending SIGTERM that the audit log and deliveries are flushed. */
  static void exited() {
    EXITED.countDown();
  }

  private static String[] hostPort(String address) {
    String a = address.strip();
    if (a.startsWith("[")) {
      int end = a.indexOf("]:");
      if (end < 0) {
        throw new UsageException("--http " + address + ": write an IPv6 address as [ADDR]:PORT");
      }
      return new String[] {a.substring(1, end), a.substring(end + 2)};
    }
    int colon = a.lastIndexOf(':');
    if (colon < 0) {
      return new String[] {"127.0.0.1", a};
    }
    if (a.indexOf(':') != colon) {
      throw new UsageException("--http " + address + ": write an IPv6 address as [ADDR]:PORT");
    }
    String host = a.substring(0, colon);
    return new String[] {host.isEmpty() ? "127.0.0.1" : host, a.substring(colon + 1)};
  }

  private static int port(String text) {
    try {
      int p = Integer.parseInt(text);
      if (p >= 0 && p <= 65535) {
        return p;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new UsageException(
        "--http: port '"
            + text
            + "' is not a number in 0..65535; write"
            + " [HOST:]PORT, e.g. 127.0.0.1:8080 (0 picks a free port)");
  }
}

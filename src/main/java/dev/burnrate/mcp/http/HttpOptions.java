package dev.burnrate.mcp.http;

import dev.burnrate.mcp.Principal;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * How {@link HttpServer} listens and whom it lets in.
 *
 * @param host the address to bind ({@code 127.0.0.1} unless the operator allowed remote clients)
 * @param port the port; 0 picks a free one
 * @param tokens the bearer tokens that authenticate requests
 * @param oauth when present, JWT access tokens from this OAuth authorization server also do
 * @param anonymous when present, every request runs as this principal without a token ({@code
 *     --insecure-no-auth}, loopback only)
 * @param allowedOrigins browser origins allowed besides loopback ones, e.g. {@code
 *     https://console.example.com}
 * @param allowedHosts Host header values allowed besides the loopback names and the bound host
 * @param maxBodyBytes the largest request body accepted; larger ones get 413
 * @param maxStreams the most event streams open at once (SSE sessions, GET /mcp); more get 503
 * @param threads the most threads serving requests at once; requests beyond them wait their turn in
 *     arrival order
 * @param tls when present, serve HTTPS with this PKCS#12 key store
 * @param sessionIdle how long a Streamable HTTP session without an open stream may sit unused
 *     before it is closed (checked at this interval, so it lives between one and two of them)
 */
public record HttpOptions(
    String host,
    int port,
    BearerTokens tokens,
    Optional<OAuthTokens> oauth,
    Optional<Principal> anonymous,
    List<String> allowedOrigins,
    List<String> allowedHosts,
    int maxBodyBytes,
    int maxStreams,
    int threads,
    java.time.Duration sessionIdle,
    Optional<Tls> tls) {

  /** A PKCS#12 key store holding the server's certificate chain and private key. */
  public record Tls(java.nio.file.Path keyStore, String password) {
    public Tls {
      Objects.requireNonNull(keyStore, "keyStore");
      Objects.requireNonNull(password, "password");
    }

    @Override
    public String toString() {
      return "Tls[keyStore=" + keyStore + "]";
    }
  }

  public static final int DEFAULT_MAX_BODY_BYTES = 1024 * 1024;
  public static final int DEFAULT_MAX_STREAMS = 2000;
  public static final int DEFAULT_SESSION_IDLE_SECONDS = 900;

  /**
   * The fewest threads a server may have: Jetty's acceptors and selectors (up to four of each on a
   * large machine) come out of the same pool, and requests need the rest.
   */
  public static final int MIN_THREADS = 16;

  /** The most: each is a platform thread with its own stack. */
  public static final int MAX_THREADS = 10_000;

  /**
   * Eight per core, at least 32. Tool calls are mostly CPU work: with Jetty's usual 200 threads all
   * runnable on two cores, a thread the scheduler set aside while it held any lock (the index, the
   * call registry, stderr) held up every request behind it for hundreds of milliseconds, and at
   * 6,000 calls a second the slowest 1 % took 120 to 400 ms; with 32 they took 80 to 100 ms. Raise
   * it when calls wait on a remote store more than they compute.
   */
  public static int defaultThreads() {
    return Math.max(32, 8 * Runtime.getRuntime().availableProcessors());
  }

  public HttpOptions {
    Objects.requireNonNull(host, "host");
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port " + port + " is not in 0..65535");
    }
    Objects.requireNonNull(tokens, "tokens");
    Objects.requireNonNull(oauth, "oauth");
    Objects.requireNonNull(anonymous, "anonymous");
    allowedOrigins = List.copyOf(allowedOrigins);
    allowedHosts = List.copyOf(allowedHosts);
    if (maxBodyBytes <= 0) {
      throw new IllegalArgumentException("maxBodyBytes " + maxBodyBytes + " must be positive");
    }
    if (maxStreams <= 0) {
      throw new IllegalArgumentException("maxStreams " + maxStreams + " must be positive");
    }
    if (threads < MIN_THREADS || threads > MAX_THREADS) {
      throw new IllegalArgumentException(
          "threads " + threads + " is not in " + MIN_THREADS + ".." + MAX_THREADS);
    }
    Objects.requireNonNull(tls, "tls");
    if (sessionIdle.isNegative() || sessionIdle.isZero()) {
      throw new IllegalArgumentException("sessionIdle " + sessionIdle + " must be positive");
    }
  }

  /** Whether {@code host} names this machine only (so nothing else can connect). */
  public static boolean isLoopback(String host) {
    String h =
        host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    // Literal addresses and "localhost" only: a name is never resolved here (no DNS lookups).
    return h.equalsIgnoreCase("localhost")
        || h.matches("127\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}")
        || h.equals("::1")
        || h.equals("0:0:0:0:0:0:0:1");
  }
}

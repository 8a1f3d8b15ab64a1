package dev.burnrate.mcp;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code burnrate serve --http 127.0.0.1:0} from the shaded jar, on a {@link JarFixture} whose
 * rbac.yml gives each example principal a bearer token; waits for the line that says where it
 * listens.
 */
final class HttpServeProcess implements AutoCloseable {
  static final Pattern LISTENING = Pattern.compile("burnrate: listening on (https?://\\S+)/mcp");

  /** principal -> its token; dev's token comes from the environment (token_env). */
  static final Map<String, String> TOKENS = new LinkedHashMap<>();

  static {
    for (String p :
        List.of("cto-bot", "oncall-bot", "media-bot", "ingest-bot", "admin-bot", "dev")) {
      TOKENS.put(p, "test-token-" + p + "-0123456789abcdef");
    }
  }

  static final String DEV_TOKEN_ENV = "BURNRATE_TEST_DEV_TOKEN";

  /**
   * The shipped rbac.yml with tokens (so roles stay as shipped): hashes for the bots, an
   * environment variable for dev, and an admin-bot with the admin role.
   */
  static void writeRbacWithTokens(JarFixture f) throws IOException {
    StringBuilder yml = new StringBuilder();
    boolean inPrincipals = false;
    Pattern principal = Pattern.compile("^  ([A-Za-z0-9_-]+): (\\[.*\\])\\s*(#.*)?$");
    for (String line : Files.readAllLines(Path.of("config", "rbac.yml"))) {
      if (line.startsWith("principals:")) {
        inPrincipals = true;
        yml.append(line).append('\n');
        yml.append("  admin-bot:\n    roles: [admin]\n    token_sha256: [")
            .append(dev.burnrate.mcp.http.BearerTokens.sha256Hex(TOKENS.get("admin-bot")))
            .append("]\n");
        continue;
      }
      Matcher m = principal.matcher(line);
      if (inPrincipals && m.matches() && TOKENS.containsKey(m.group(1))) {
        String name = m.group(1);
        yml.append("  ").append(name).append(":\n    roles: ").append(m.group(2)).append('\n');
        if (name.equals("dev")) {
          yml.append("    token_env: ").append(DEV_TOKEN_ENV).append('\n');
        } else {
          yml.append("    token_sha256: [")
              .append(dev.burnrate.mcp.http.BearerTokens.sha256Hex(TOKENS.get(name)))
              .append("]\n");
        }
      } else {
        yml.append(line).append('\n');
      }
    }
    Files.writeString(f.config.resolve("rbac.yml"), yml.toString());
  }

  final Process process;
  final Path stderr;
  final URI base;

  private HttpServeProcess(Process process, Path stderr, URI base) {
    this.process = process;
    this.stderr = stderr;
    this.base = base;
  }

  /** Starts the server on the fixture (tokens written first) and waits until it listens. */
  static HttpServeProcess start(JarFixture f, String... extra) throws Exception {
    return start(f, Map.of(), extra);
  }

  /** As {@link #start(JarFixture, String...)}, with more environment variables for the server. */
  static HttpServeProcess start(JarFixture f, Map<String, String> env, String... extra)
      throws Exception {
    writeRbacWithTokens(f);
    Path err = Files.createTempFile(f.root, "http-stderr-", ".txt");
    Process p = startProcess(f, err, env, extra);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (System.nanoTime() < deadline) {
      Matcher m = LISTENING.matcher(Files.readString(err));
      if (m.find()) {
        return new HttpServeProcess(p, err, URI.create(m.group(1)));
      }
      if (!p.isAlive()) {
        throw new AssertionError(
            "the server exited " + p.exitValue() + ": " + Files.readString(err));
      }
      Thread.sleep(50);
    }
    p.destroyForcibly();
    throw new AssertionError("no 'listening on' line within 30 s: " + Files.readString(err));
  }

  static Process startProcess(JarFixture f, Path err, String... extra) throws IOException {
    return startProcess(f, err, Map.of(), extra);
  }

  static Process startProcess(JarFixture f, Path err, Map<String, String> env, String... extra)
      throws IOException {
    List<String> args =
        new ArrayList<>(
            List.of(
                "serve",
                "--config",
                f.config.toString(),
                "--data",
                f.data.toString(),
                "--now",
                JarFixture.NOW.toString(),
                "--http",
                "127.0.0.1:0"));
    args.addAll(List.of(extra));
    ProcessBuilder pb = new ProcessBuilder(ServerProcess.jarCommand(args));
    pb.environment().put(DEV_TOKEN_ENV, TOKENS.get("dev"));
    pb.environment().putAll(env);
    pb.redirectError(err.toFile()).redirectOutput(ProcessBuilder.Redirect.DISCARD);
    Process p = pb.start();
    p.getOutputStream().close();
    return p;
  }

  URI uri(String path) {
    return base.resolve(path);
  }

  String stderrText() throws IOException {
    return Files.readString(stderr);
  }

  /**
   * Stderr once it contains {@code needle}, waiting up to 5 s: access-log lines are written by a
   * thread of their own, a moment after their answer.
   */
  String stderrOnce(String needle) throws IOException, InterruptedException {
    long deadline = System.nanoTime() + 5_000_000_000L;
    String text = stderrText();
    while (!text.contains(needle) && System.nanoTime() < deadline) {
      Thread.sleep(20);
      text = stderrText();
    }
    return text;
  }

  static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  /** A raw POST to /mcp with the usual MCP headers plus {@code headers} (name, value, ...). */
  HttpResponse<String> post(String path, String body, String... headers) throws Exception {
    return HTTP.send(request(path, body, headers), HttpResponse.BodyHandlers.ofString());
  }

  /** Opens a Streamable HTTP session as {@code principal}; its id. */
  String initialize(String principal) throws Exception {
    HttpResponse<String> init = post("/mcp", INITIALIZE, "Authorization", bearer(principal));
    return init.headers()
        .firstValue("Mcp-Session-Id")
        .orElseThrow(
            () -> new AssertionError("no session: " + init.statusCode() + " " + init.body()));
  }

  /** As {@link #post}, without waiting for the answer. */
  java.util.concurrent.CompletableFuture<HttpResponse<String>> postAsync(
      String path, String body, String... headers) {
    return HTTP.sendAsync(request(path, body, headers), HttpResponse.BodyHandlers.ofString());
  }

  private HttpRequest request(String path, String body, String... headers) {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(uri(path))
            .timeout(Duration.ofSeconds(20))
            .header("Content-Type", "application/json")
            .header("Accept", "application/json, text/event-stream")
            .POST(HttpRequest.BodyPublishers.ofString(body));
    for (int i = 0; i < headers.length; i += 2) {
      b.header(headers[i], headers[i + 1]);
    }
    return b.build();
  }

  static String bearer(String principal) {
    return "Bearer " + TOKENS.get(principal);
  }

  static final String INITIALIZE =
      "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":"
          + "{\"protocolVersion\":\"2025-11-25\",\"capabilities\":{},\"clientInfo\":{\"name\":\"t\",\"version\":\"1\"}}}";

  @Override
  public void close() throws Exception {
    process.destroy();
    if (!process.waitFor(15, TimeUnit.SECONDS)) {
      process.destroyForcibly();
    }
  }
}

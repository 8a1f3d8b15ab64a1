package dev.burnrate.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A server in its own JVM, driven line by line over its stdin and stdout: {@link TestServerMain}
 * with toy tools, or the shaded {@code burnrate.jar} itself ({@link #jar}).
 */
final class ServerProcess implements AutoCloseable {
  static String javaBin() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  static List<String> command(String principal, Path audit) {
    return List.of(
        javaBin(),
        "-cp",
        System.getProperty("java.class.path"),
        TestServerMain.class.getName(),
        principal,
        audit.toString());
  }

  /** The shaded jar under test, as built by {@code mvn package} (set by failsafe). */
  static Path jarPath() {
    Path jar = Path.of(System.getProperty("burnrate.jar", "target/burnrate.jar"));
    if (!Files.isRegularFile(jar)) {
      throw new AssertionError(jar + " is missing; run the integration tests with mvn verify");
    }
    return jar;
  }

  /** {@code java -jar burnrate.jar ARGS...}; stderr goes to {@code stderr}. */
  static List<String> jarCommand(List<String> args) {
    List<String> cmd =
        new ArrayList<>(List.of(javaBin(), "-Xmx256m", "-jar", jarPath().toString()));
    cmd.addAll(args);
    return cmd;
  }

  /**
   * {@code burnrate serve ARGS...} from the shaded jar; {@code audit} is the day file the server
   * audits its calls into (under its audit directory), {@code stderr} where its log goes.
   */
  static ServerProcess jar(Path audit, Path stderr, List<String> args) throws IOException {
    return jar(audit, stderr, args, java.util.Map.of());
  }

  /** As {@link #jar(Path, Path, List)}, with {@code env} added to the server's environment. */
  static ServerProcess jar(
      Path audit, Path stderr, List<String> args, java.util.Map<String, String> env)
      throws IOException {
    List<String> all = new ArrayList<>(List.of("serve"));
    all.addAll(args);
    return new ServerProcess(jarCommand(all), audit, stderr, env);
  }

  /** Reads decimals as written (0.0660 stays 0.0660): goldens show exact money. */
  static final com.fasterxml.jackson.databind.ObjectMapper EXACT =
      com.fasterxml.jackson.databind.json.JsonMapper.builder()
          .enable(com.fasterxml.jackson.databind.DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
          .disable(
              com.fasterxml.jackson.databind.cfg.JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
          .enable(com.fasterxml.jackson.databind.SerializationFeature.INDENT_OUTPUT)
          .build();

  /** Equal trees, numbers compared by value (1 and 1.0 are the same amount). */
  static boolean sameJson(JsonNode a, JsonNode b) {
    return a.equals(
        (x, y) -> {
          if (x.isNumber() && y.isNumber()) {
            return x.decimalValue().compareTo(y.decimalValue());
          }
          return x.equals(y) ? 0 : 1;
        },
        b);
  }

  final Process process;
  final Path audit;
  final Path stderr;
  private final OutputStream stdin;
  private final LinkedBlockingQueue<JsonNode> responses = new LinkedBlockingQueue<>();
  private final List<String> stdoutLines = new ArrayList<>();

  /** {@link ProtocolServerMain}: the toy tools plus a {@code wait} that runs up to 20 s. */
  static ServerProcess protocol(Path dir, String principal) throws IOException {
    return new ServerProcess(
        List.of(
            javaBin(),
            "-cp",
            System.getProperty("java.class.path"),
            ProtocolServerMain.class.getName(),
            principal,
            dir.resolve("audit.jsonl").toString()),
        dir.resolve("audit.jsonl"),
        dir.resolve("stderr.txt"));
  }

  ServerProcess(Path dir, String principal) throws IOException {
    this(
        command(principal, dir.resolve("audit.jsonl")),
        dir.resolve("audit.jsonl"),
        dir.resolve("stderr.txt"));
  }

  private ServerProcess(List<String> command, Path audit, Path stderr) throws IOException {
    this(command, audit, stderr, java.util.Map.of());
  }

  private ServerProcess(
      List<String> command, Path audit, Path stderr, java.util.Map<String, String> env)
      throws IOException {
    this.audit = audit;
    this.stderr = stderr;
    ProcessBuilder pb = new ProcessBuilder(command).redirectError(stderr.toFile());
    pb.environment().putAll(env);
    process = pb.start();
    stdin = process.getOutputStream();
    Thread reader =
        new Thread(
            () -> {
              try (BufferedReader r =
                  new BufferedReader(
                      new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                  synchronized (stdoutLines) {
                    stdoutLines.add(line);
                  }
                  responses.add(EXACT.readTree(line));
                }
              } catch (IOException e) {
                responses.add(Json.MAPPER.createObjectNode().put("reader_failed", e.toString()));
              }
            },
            "server-stdout");
    reader.setDaemon(true);
    reader.start();
  }

  void send(String line) throws IOException {
    stdin.write((line + "\n").getBytes(StandardCharsets.UTF_8));
    stdin.flush();
  }

  void request(int id, String method, String params) throws IOException {
    send(
        "{\"jsonrpc\":\"2.0\",\"id\":"
            + id
            + ",\"method\":\""
            + method
            + "\""
            + (params == null ? "" : ",\"params\":" + params)
            + "}");
  }

  void initialize() throws Exception {
    request(
        1,
        "initialize",
        "{\"protocolVersion\":\"2025-11-25\",\"capabilities\":{},"
            + "\"clientInfo\":{\"name\":\"test\",\"version\":\"1\"}}");
    next();
    send("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}");
  }

  /**
   * Every line up to and including the response with {@code id}: the notifications sent before it
   * and the response last.
   */
  List<JsonNode> until(int id) throws InterruptedException {
    List<JsonNode> out = new ArrayList<>();
    while (true) {
      JsonNode n = next();
      out.add(n);
      if (!n.has("method") && n.path("id").asInt(-1) == id) {
        return out;
      }
    }
  }

  /** The next line the server wrote, as JSON. */
  JsonNode next() throws InterruptedException {
    JsonNode n = responses.poll(15, TimeUnit.SECONDS);
    if (n == null) {
      throw new AssertionError("no response within 15 s; stderr: " + stderrText());
    }
    return n;
  }

  void closeInput() throws IOException {
    stdin.close();
  }

  boolean exited(long seconds) throws InterruptedException {
    return process.waitFor(seconds, TimeUnit.SECONDS);
  }

  List<String> stdoutLines() {
    synchronized (stdoutLines) {
      return List.copyOf(stdoutLines);
    }
  }

  String stderrText() {
    try {
      return Files.exists(stderr) ? Files.readString(stderr) : "";
    } catch (IOException e) {
      return e.toString();
    }
  }

  List<JsonNode> auditEvents() throws IOException {
    List<JsonNode> out = new ArrayList<>();
    if (Files.exists(audit)) {
      for (String line : Files.readAllLines(audit)) {
        out.add(Json.MAPPER.readTree(line));
      }
    }
    return out;
  }

  @Override
  public void close() {
    process.destroyForcibly();
  }
}

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

/** {@link TestServerMain} in its own JVM, driven line by line over its stdin and stdout. */
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

  final Process process;
  final Path audit;
  final Path stderr;
  private final OutputStream stdin;
  private final LinkedBlockingQueue<JsonNode> responses = new LinkedBlockingQueue<>();
  private final List<String> stdoutLines = new ArrayList<>();

  ServerProcess(Path dir, String principal) throws IOException {
    audit = dir.resolve("audit.jsonl");
    stderr = dir.resolve("stderr.txt");
    process =
        new ProcessBuilder(command(principal, audit))
            .redirectError(stderr.toFile())
            .start();
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
                  responses.add(Json.MAPPER.readTree(line));
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

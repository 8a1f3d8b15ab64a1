package dev.burnrate.mcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.burnrate.demo.DemoData;
import io.modelcontextprotocol.json.schema.JsonSchemaValidator;
import io.modelcontextprotocol.json.schema.jackson2.DefaultJsonSchemaValidator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A data directory, a copy of the shipped {@code config/} and helpers to drive {@code burnrate
 * serve} from the shaded jar, for the integration tests.
 */
final class JarFixture {
  static final Instant NOW = Instant.parse("2026-02-23T12:00:00Z");

  /** The day file the server audits its own calls into at {@link #NOW}. */
  static final String AUDIT_DAY = "tool_audit_2026-02-23.jsonl";

  final Path root;
  final Path config;
  final Path data;
  final Path audit;
  private int servers;

  private JarFixture(Path root) {
    this.root = root;
    this.config = root.resolve("config");
    this.data = root.resolve("data");
    this.audit = data.resolve("audit");
  }

  /** Three days of deterministic demo usage ending at {@link #NOW}, and the shipped config. */
  static JarFixture create(Path root, long events) throws IOException {
    JarFixture f = new JarFixture(root);
    Files.createDirectories(f.audit);
    if (events > 0) {
      DemoData.generate(f.audit, NOW, 3, events, 7);
    }
    copyDir(Path.of("config"), f.config);
    return f;
  }

  /**
   * The month the {@code demo} command generates (30 days, 300,000 events, its seed) ending at
   * {@link #NOW}, and the shipped config.
   */
  static JarFixture demoMonth(Path root) throws IOException {
    JarFixture f = new JarFixture(root);
    Files.createDirectories(f.audit);
    DemoData.generate(f.audit, NOW, 30, 300_000, 42);
    copyDir(Path.of("config"), f.config);
    return f;
  }

  /**
   * A fixture at {@code root} with copies of this one's config and data, for a test that must not
   * see what another wrote (each golden case starts from the same data).
   */
  JarFixture copyTo(Path root) throws IOException {
    JarFixture f = new JarFixture(root);
    copyTree(config, f.config);
    copyTree(data, f.data);
    return f;
  }

  private static void copyTree(Path from, Path to) throws IOException {
    try (Stream<Path> paths = Files.walk(from)) {
      for (Path p : paths.toList()) {
        Path target = to.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(target);
        } else {
          Files.copy(p, target);
        }
      }
    }
  }

  static void copyDir(Path from, Path to) throws IOException {
    Files.createDirectories(to);
    try (Stream<Path> files = Files.list(from)) {
      for (Path p : files.toList()) {
        if (Files.isRegularFile(p)) {
          Files.copy(p, to.resolve(p.getFileName()));
        }
      }
    }
  }

  /**
   * A month at 96 % of its fleet ceiling: a $1,000 ceiling with notify, veto and freeze at 80, 95
   * and 100 %, and release-2's $960 on February 20th.
   */
  void tightMonth() throws IOException {
    Files.writeString(
        config.resolve("budget.yaml"),
        String.join(
            "\n",
            "monthly_ceiling_usd:",
            "  total: 1000",
            "alerts:",
            "  - {at_percent: 80, action: notify}",
            "  - {at_percent: 95, action: veto-new-deploys}",
            "  - {at_percent: 100, action: freeze-and-escalate}",
            ""));
    Files.writeString(
        audit.resolve("tool_audit_2026-02-20.jsonl"),
        "{\"ts\":\"2026-02-20T10:00:00Z\",\"tool\":\"llm_chat\",\"agent_id\":\"release-2\","
            + "\"status\":\"pass\",\"cost_usd\":960}\n");
  }

  /** Starts {@code serve --principal P --now NOW} on this fixture's config and data. */
  ServerProcess serve(String principal, String... extra) throws IOException {
    return serve(java.util.Map.of(), principal, extra);
  }

  /** As {@link #serve(String, String...)}, with {@code env} added to the server's environment. */
  ServerProcess serve(java.util.Map<String, String> env, String principal, String... extra)
      throws IOException {
    List<String> args =
        new ArrayList<>(
            List.of(
                "--config", config.toString(), "--data", data.toString(), "--now", NOW.toString()));
    if (principal != null) {
      args.addAll(List.of("--principal", principal));
    }
    args.addAll(List.of(extra));
    return ServerProcess.jar(
        audit.resolve(AUDIT_DAY), root.resolve("stderr-" + (++servers) + ".txt"), args, env);
  }

  /** Runs {@code burnrate ARGS} from the jar to completion: {exit code, stdout, stderr}. */
  static String[] runJar(Path workDir, Map<String, String> env, String... args) throws Exception {
    ProcessBuilder pb = new ProcessBuilder(ServerProcess.jarCommand(List.of(args)));
    pb.environment().putAll(env);
    Path out = workDir.resolve("run-out.txt");
    Path err = workDir.resolve("run-err.txt");
    Process p = pb.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
    p.getOutputStream().close();
    assertTrue(p.waitFor(60, java.util.concurrent.TimeUnit.SECONDS), "burnrate finished");
    return new String[] {
      String.valueOf(p.exitValue()), Files.readString(out), Files.readString(err)
    };
  }

  /** {@code tools/call} and its result node; fails on a protocol error. */
  static JsonNode call(ServerProcess server, int id, String tool, String argumentsJson)
      throws Exception {
    server.request(
        id, "tools/call", "{\"name\":\"" + tool + "\",\"arguments\":" + argumentsJson + "}");
    JsonNode r = server.next();
    assertEquals(id, r.get("id").asInt(), r.toString());
    assertFalse(
        r.has("error"), "a tools/call must answer with a result, not a protocol error: " + r);
    JsonNode result = r.get("result");
    assertNoStackTrace(result.toString());
    return result;
  }

  static void assertNoStackTrace(String text) {
    assertFalse(
        text.contains("Exception") || text.contains("\\tat ") || text.contains("at dev.burnrate."),
        "a stack trace reached the client: " + text);
  }

  /** The tools a {@code tools/list} shows, by name, in order. */
  static Map<String, JsonNode> listTools(ServerProcess server, int id) throws Exception {
    server.request(id, "tools/list", null);
    JsonNode r = server.next();
    Map<String, JsonNode> tools = new java.util.LinkedHashMap<>();
    for (JsonNode t : r.at("/result/tools")) {
      tools.put(t.get("name").asText(), t);
    }
    return tools;
  }

  private static final JsonSchemaValidator VALIDATOR = new DefaultJsonSchemaValidator(Json.MAPPER);

  /** The result's structured content validates against the listed output schema. */
  @SuppressWarnings("unchecked")
  static void assertConforms(JsonNode tool, JsonNode structured) {
    Map<String, Object> schema = Json.MAPPER.convertValue(tool.get("outputSchema"), HashMap.class);
    Object content = Json.MAPPER.convertValue(structured, Object.class);
    JsonSchemaValidator.ValidationResponse v = VALIDATOR.validate(schema, content);
    assertTrue(v.valid(), tool.get("name").asText() + ": " + v.errorMessage());
  }

  /**
   * The audit events, once one matches {@code wanted} (waiting up to 10 s: servers write their
   * audit records off the request path, a moment after the answer).
   */
  List<JsonNode> auditEventsOnce(java.util.function.Predicate<JsonNode> wanted)
      throws IOException, InterruptedException {
    long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(10);
    List<JsonNode> events = auditEvents();
    while (events.stream().noneMatch(wanted) && System.nanoTime() < deadline) {
      Thread.sleep(20);
      events = auditEvents();
    }
    return events;
  }

  /** Audit events the servers wrote for their own calls. */
  List<JsonNode> auditEvents() throws IOException {
    List<JsonNode> out = new ArrayList<>();
    Path day = audit.resolve(AUDIT_DAY);
    if (Files.exists(day)) {
      for (String line : Files.readAllLines(day)) {
        JsonNode n = Json.MAPPER.readTree(line);
        if (n.path("ts").asText().startsWith("2026-02-23T12:00:00")) {
          out.add(n);
        }
      }
    }
    return out;
  }
}

package dev.burnrate.mcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientSseClientTransport;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.json.jackson2.JacksonMcpJsonMapper;
import io.modelcontextprotocol.spec.McpClientTransport;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The shaded jar as an HTTP server ({@code serve --http 127.0.0.1:0}), driven by the Java SDK's
 * HTTP clients and by raw requests: authentication, RBAC, DNS-rebinding defences, limits, and that
 * a bad request leaves the server serving others. One server for the class, to keep it quick.
 */
class HttpServeIT {
  @TempDir static Path root;
  static JarFixture fixture;
  static HttpServeProcess server;

  @BeforeAll
  static void start() throws Exception {
    fixture = JarFixture.create(root, 5_000);
    server = HttpServeProcess.start(fixture);
  }

  @AfterAll
  static void stop() throws Exception {
    if (server != null) {
      server.close();
    }
  }

  static McpSyncClient client(String transport, String principal) {
    HttpRequest.Builder auth =
        HttpRequest.newBuilder().header("Authorization", HttpServeProcess.bearer(principal));
    JacksonMcpJsonMapper mapper = new JacksonMcpJsonMapper(Json.MAPPER);
    McpClientTransport t =
        transport.equals("sse")
            ? HttpClientSseClientTransport.builder(server.base.toString())
                .sseEndpoint("/sse")
                .requestBuilder(auth)
                .jsonMapper(mapper)
                .build()
            : HttpClientStreamableHttpTransport.builder(server.base.toString())
                .endpoint("/mcp")
                .requestBuilder(auth)
                .jsonMapper(mapper)
                .build();
    return McpClient.sync(t).requestTimeout(Duration.ofSeconds(20)).build();
  }

  static String text(CallToolResult r) {
    return ((McpSchema.TextContent) r.content().get(0)).text();
  }

  @ParameterizedTest
  @ValueSource(strings = {"streamable", "sse"})
  void theJavaSdkClientListsAndCallsToolsAsItsTokensPrincipal(String transport) throws Exception {
    McpSyncClient client = client(transport, "oncall-bot");
    try {
      McpSchema.InitializeResult init = client.initialize();
      assertEquals("burnrate", init.serverInfo().name());
      List<String> names = client.listTools().tools().stream().map(McpSchema.Tool::name).toList();
      assertEquals("get_cost_report", names.get(0), names.toString());
      assertFalse(names.contains("record_usage"), "oncall-bot may not write: " + names);
      assertFalse(names.contains("preflight_deploy"), "oncall-bot may not gate: " + names);

      CallToolResult top =
          client.callTool(
              McpSchema.CallToolRequest.builder("get_top_spenders")
                  .arguments(Map.of("top_n", 2))
                  .build());
      assertFalse(top.isError(), text(top));
      @SuppressWarnings("unchecked")
      List<Object> tools =
          (List<Object>) ((Map<String, Object>) top.structuredContent()).get("top_tools");
      assertEquals(2, tools.size(), top.structuredContent().toString());

      CallToolResult denied =
          client.callTool(
              McpSchema.CallToolRequest.builder("record_usage")
                  .arguments(Map.of("events", List.of()))
                  .build());
      assertTrue(denied.isError());
      assertTrue(
          text(denied)
              .contains(
                  "principal 'oncall-bot' (roles: agent_oncall) lacks entitlement"
                      + " 'tools.cost.write'"),
          text(denied));
    } finally {
      client.closeGracefully();
    }
    java.util.function.Predicate<JsonNode> deniedRecord =
        e ->
            e.get("agent_id").asText().equals("oncall-bot")
                && e.get("tool").asText().equals("record_usage")
                && e.get("status").asText().equals("denied")
                && e.get("workspace_id").asText().equals("http");
    List<JsonNode> audit = fixture.auditEventsOnce(deniedRecord);
    assertTrue(audit.stream().anyMatch(deniedRecord), audit.toString());
  }

  @Test
  void eachExamplePrincipalSeesOnlyItsToolsAndTheEnvTokenWorks() {
    Map<String, List<String>> mustSee =
        Map.of(
            "cto-bot", List.of("preflight_deploy", "get_cost_report"),
            "ingest-bot", List.of("record_usage"),
            "dev", List.of("preflight_deploy", "record_usage"),
            "media-bot", List.of());
    mustSee.forEach(
        (principal, expected) -> {
          McpSyncClient c = client("streamable", principal);
          try {
            c.initialize();
            List<String> names = c.listTools().tools().stream().map(McpSchema.Tool::name).toList();
            assertTrue(names.containsAll(expected), principal + ": " + names);
            if (principal.equals("media-bot")) {
              assertEquals(List.of(), names);
              CallToolResult r =
                  c.callTool(
                      McpSchema.CallToolRequest.builder("get_cost_report")
                          .arguments(Map.of())
                          .build());
              assertTrue(r.isError());
              assertTrue(text(r).contains("lacks entitlement 'tools.cost.read'"), text(r));
            }
            if (principal.equals("ingest-bot")) {
              assertFalse(names.contains("get_cost_report"), names.toString());
            }
          } finally {
            c.closeGracefully();
          }
        });
  }

  @Test
  void noTokenGets401WithABearerChallenge() throws Exception {
    HttpResponse<String> r = server.post("/mcp", HttpServeProcess.INITIALIZE);
    assertEquals(401, r.statusCode(), r.body());
    assertEquals(
        "Bearer realm=\"burnrate\"", r.headers().firstValue("WWW-Authenticate").orElse(""));
    assertTrue(r.body().contains("Authorization: Bearer"), r.body());
  }

  @Test
  void aWrongTokenGets401InvalidTokenAndIsNeitherEchoedNorLogged() throws Exception {
    String wrong = "not-a-token-anyone-has-0123456789";
    HttpResponse<String> r =
        server.post("/mcp", HttpServeProcess.INITIALIZE, "Authorization", "Bearer " + wrong);
    assertEquals(401, r.statusCode(), r.body());
    assertTrue(
        r.headers().firstValue("WWW-Authenticate").orElse("").contains("error=\"invalid_token\""));
    assertFalse(r.body().contains(wrong), r.body());
    HttpResponse<String> basic =
        server.post("/mcp", HttpServeProcess.INITIALIZE, "Authorization", "Basic Zm9vOmJhcg==");
    assertEquals(401, basic.statusCode(), basic.body());
    assertFalse(server.stderrText().contains(wrong), "a presented token reached the log");
  }

  @Test
  void aTokenInTheQueryStringIsRefusedAndNeverLogged() throws Exception {
    String token = HttpServeProcess.TOKENS.get("cto-bot");
    HttpResponse<String> r = server.post("/mcp?access_token=" + token, HttpServeProcess.INITIALIZE);
    assertEquals(400, r.statusCode(), r.body());
    assertTrue(r.body().contains("not accepted in the query string"), r.body());
    HttpResponse<String> withHeader =
        server.post(
            "/mcp?token=" + token,
            HttpServeProcess.INITIALIZE,
            "Authorization",
            HttpServeProcess.bearer("cto-bot"));
    assertEquals(400, withHeader.statusCode(), withHeader.body());
    String log = server.stderrOnce("\"status\":400");
    assertFalse(log.contains(token), "a token reached the log");
    assertTrue(log.contains("\"status\":400"), "the refusal is in the access log");
  }

  /** Host and Origin headers a DNS-rebinding page would send; HttpClient cannot set Host. */
  static int rawStatus(String method, String path, String... headers) throws Exception {
    try (Socket s = new Socket("127.0.0.1", server.base.getPort())) {
      s.setSoTimeout(10_000);
      StringBuilder req = new StringBuilder(method + " " + path + " HTTP/1.1\r\n");
      for (String h : headers) {
        req.append(h).append("\r\n");
      }
      req.append("Connection: close\r\nContent-Length: 0\r\n\r\n");
      OutputStream out = s.getOutputStream();
      out.write(req.toString().getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = s.getInputStream();
      String status = new String(in.readNBytes(12), StandardCharsets.US_ASCII);
      return Integer.parseInt(status.substring(9, 12));
    }
  }

  @Test
  void aForeignHostOrOriginGets403() throws Exception {
    String auth = "Authorization: " + HttpServeProcess.bearer("cto-bot");
    assertEquals(
        403, rawStatus("POST", "/mcp", "Host: attacker.example:" + server.base.getPort(), auth));
    assertEquals(403, rawStatus("GET", "/healthz", "Host: attacker.example"));
    assertEquals(
        403,
        rawStatus(
            "POST",
            "/mcp",
            "Host: 127.0.0.1:" + server.base.getPort(),
            "Origin: http://attacker.example",
            auth));
    assertEquals(403, rawStatus("POST", "/mcp", "Host: localhost", "Origin: null", auth));
    assertEquals(
        200,
        rawStatus(
            "GET",
            "/healthz",
            "Host: localhost:" + server.base.getPort(),
            "Origin: http://localhost:3000"));
  }

  @Test
  void anOversizedBodyGets413() throws Exception {
    String big =
        "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\",\"params\":{\"pad\":\""
            + "x".repeat(1_100_000)
            + "\"}}";
    HttpResponse<String> r =
        server.post("/mcp", big, "Authorization", HttpServeProcess.bearer("cto-bot"));
    assertEquals(413, r.statusCode());
    HttpRequest chunked =
        HttpRequest.newBuilder(server.uri("/mcp"))
            .header("Authorization", HttpServeProcess.bearer("cto-bot"))
            .header("Content-Type", "application/json")
            .header("Accept", "application/json, text/event-stream")
            .POST(
                HttpRequest.BodyPublishers.ofInputStream(
                    () -> new java.io.ByteArrayInputStream(big.getBytes(StandardCharsets.UTF_8))))
            .build();
    assertEquals(
        413,
        HttpServeProcess.HTTP.send(chunked, HttpResponse.BodyHandlers.ofString()).statusCode());
  }

  @Test
  void anSseSessionAnswersOnlyThePrincipalThatOpenedIt() throws Exception {
    HttpRequest open =
        HttpRequest.newBuilder(server.uri("/sse"))
            .header("Authorization", HttpServeProcess.bearer("oncall-bot"))
            .header("Accept", "text/event-stream")
            .GET()
            .build();
    HttpResponse<java.util.stream.Stream<String>> stream =
        HttpServeProcess.HTTP.send(open, HttpResponse.BodyHandlers.ofLines());
    try {
      assertEquals(200, stream.statusCode());
      String endpoint =
          stream
              .body()
              .filter(l -> l.startsWith("data:") && l.contains("sessionId="))
              .findFirst()
              .orElseThrow()
              .substring(5)
              .strip();
      String body = HttpServeProcess.INITIALIZE;
      HttpResponse<String> other =
          server.post(endpoint, body, "Authorization", HttpServeProcess.bearer("cto-bot"));
      assertEquals(404, other.statusCode(), "another principal cannot use it: " + other.body());
      HttpResponse<String> owner =
          server.post(endpoint, body, "Authorization", HttpServeProcess.bearer("oncall-bot"));
      assertTrue(
          owner.statusCode() == 200 || owner.statusCode() == 202,
          owner.statusCode() + " " + owner.body());
    } finally {
      stream.body().close();
    }
  }

  @Test
  void malformedJsonAndUnknownSessionsAreAnsweredAndTheServerKeepsServing() throws Exception {
    String auth = HttpServeProcess.bearer("cto-bot");
    HttpResponse<String> bad = server.post("/mcp", "{not json", "Authorization", auth);
    assertEquals(400, bad.statusCode(), bad.body());
    JarFixture.assertNoStackTrace(bad.body());
    HttpResponse<String> unknown =
        server.post(
            "/mcp",
            "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/list\"}",
            "Authorization",
            auth,
            "Mcp-Session-Id",
            "no-such-session");
    assertEquals(404, unknown.statusCode(), unknown.body());
    HttpResponse<String> sse =
        server.post(
            "/message?sessionId=no-such-session",
            "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/list\"}",
            "Authorization",
            auth);
    assertEquals(404, sse.statusCode(), sse.body());

    McpSyncClient c = client("streamable", "cto-bot");
    try {
      c.initialize();
      CallToolResult r =
          c.callTool(
              McpSchema.CallToolRequest.builder("get_cost_weights").arguments(Map.of()).build());
      assertFalse(r.isError(), text(r));
    } finally {
      c.closeGracefully();
    }
  }

  @Test
  void probesAnswerWithoutATokenAndSayNothingElse() throws Exception {
    for (String probe : List.of("/healthz", "/readyz")) {
      HttpResponse<String> r =
          HttpServeProcess.HTTP.send(
              HttpRequest.newBuilder(server.uri(probe)).build(),
              HttpResponse.BodyHandlers.ofString());
      assertTrue(
          r.statusCode() == 200 || (probe.equals("/readyz") && r.statusCode() == 503),
          probe + " " + r.statusCode());
      assertTrue(r.body().matches("\\{\"status\":\"(ok|starting)\"}"), r.body());
      assertTrue(r.headers().firstValue("Server").isEmpty(), "no Server header");
    }
  }

  @Test
  void theAccessLogNamesPrincipalToolAndStatusButNoArguments() throws Exception {
    McpSyncClient c = client("streamable", "cto-bot");
    try {
      c.initialize();
      c.callTool(
          McpSchema.CallToolRequest.builder("estimate_cost")
              .arguments(
                  Map.of("model", "secret-model-name-xyz", "input_tokens", 10, "output_tokens", 5))
              .build());
    } finally {
      c.closeGracefully();
    }
    String line =
        "\"principal\":\"cto-bot\",\"request\":\"POST /mcp\",\"rpc\":\"tools/call\","
            + "\"tool\":\"estimate_cost\",\"status\":200";
    String log = server.stderrOnce(line);
    assertTrue(log.contains(line), log);
    assertFalse(log.contains("secret-model-name-xyz"), "arguments reached the log");
  }

  @Test
  void metricsAreForAdminsAndCountCallsByToolPrincipalAndOutcome() throws Exception {
    McpSyncClient c = client("streamable", "media-bot");
    try {
      c.initialize();
      c.callTool(McpSchema.CallToolRequest.builder("get_cost_weights").arguments(Map.of()).build());
    } finally {
      c.closeGracefully();
    }
    HttpRequest.Builder get = HttpRequest.newBuilder(server.uri("/metrics"));
    assertEquals(
        401,
        HttpServeProcess.HTTP.send(get.build(), HttpResponse.BodyHandlers.ofString()).statusCode());
    HttpResponse<String> notAdmin =
        HttpServeProcess.HTTP.send(
            get.copy().header("Authorization", HttpServeProcess.bearer("cto-bot")).build(),
            HttpResponse.BodyHandlers.ofString());
    assertEquals(403, notAdmin.statusCode(), notAdmin.body());
    HttpResponse<String> r =
        HttpServeProcess.HTTP.send(
            get.copy().header("Authorization", HttpServeProcess.bearer("admin-bot")).build(),
            HttpResponse.BodyHandlers.ofString());
    assertEquals(200, r.statusCode(), r.body());
    assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("text/plain"));
    String body = r.body();
    assertTrue(
        body.contains(
            "burnrate_tool_calls_total{outcome=\"denied\",principal=\"media-bot\","
                + "tool=\"get_cost_weights\"} 1.0"),
        body);
    assertTrue(body.contains("burnrate_tool_duration_seconds_bucket{"), body);
    assertTrue(body.contains("burnrate_http_requests_seconds_count{endpoint=\"/mcp\""), body);
    assertTrue(body.contains("burnrate_index_events "), body);
    assertTrue(body.contains("burnrate_http_open_streams "), body);
    java.util.regex.Matcher age =
        java.util.regex.Pattern.compile("(?m)^burnrate_index_refresh_age_ms (\\S+)").matcher(body);
    assertTrue(age.find(), body);
    assertTrue(
        Double.parseDouble(age.group(1)) < 60_000,
        "the index looked at the log within a minute (it does every half second): " + age.group(1));
    assertTrue(body.contains("burnrate_alerts_raised 0.0"), body);
    assertTrue(body.contains("burnrate_webhook_deliveries_failed 0.0"), body);
    assertTrue(body.contains("burnrate_webhook_deliveries_delivered 0.0"), body);
  }

  @Test
  void aClientThatHangsUpMidCallLeavesTheServerServingAndTheCallAudited() throws Exception {
    String auth = HttpServeProcess.bearer("ingest-bot");
    HttpResponse<String> init =
        server.post("/mcp", HttpServeProcess.INITIALIZE, "Authorization", auth);
    String session = init.headers().firstValue("Mcp-Session-Id").orElseThrow();
    server.post(
        "/mcp",
        "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}",
        "Authorization",
        auth,
        "Mcp-Session-Id",
        session);
    String body =
        "{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"tools/call\",\"params\":"
            + "{\"name\":\"get_cost_weights\",\"arguments\":{}}}";
    try (Socket s = new Socket("127.0.0.1", server.base.getPort())) {
      String req =
          "POST /mcp HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: "
              + auth
              + "\r\nMcp-Session-Id: "
              + session
              + "\r\nContent-Type: application/json\r\n"
              + "Accept: application/json, text/event-stream\r\nContent-Length: "
              + body.length()
              + "\r\n\r\n"
              + body;
      s.getOutputStream().write(req.getBytes(StandardCharsets.US_ASCII));
      s.getOutputStream().flush();
    } // hung up without reading the answer

    java.util.function.Predicate<JsonNode> abandoned =
        e ->
            e.get("agent_id").asText().equals("ingest-bot")
                && e.get("tool").asText().equals("get_cost_weights");
    assertTrue(
        fixture.auditEventsOnce(abandoned).stream().anyMatch(abandoned),
        "the abandoned call was still answered and audited (as denied: ingest-bot cannot read)");
    McpSyncClient c = client("sse", "cto-bot");
    try {
      c.initialize();
      assertFalse(
          c.callTool(
                  McpSchema.CallToolRequest.builder("get_cost_weights").arguments(Map.of()).build())
              .isError());
    } finally {
      c.closeGracefully();
    }
  }

  @Test
  void aSessionBelongsToThePrincipalThatOpenedIt() throws Exception {
    String session = server.initialize("cto-bot");
    String list = "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/list\"}";
    HttpResponse<String> stranger =
        server.post(
            "/mcp",
            list,
            "Authorization",
            HttpServeProcess.bearer("oncall-bot"),
            "Mcp-Session-Id",
            session);
    assertEquals(404, stranger.statusCode(), stranger.body());
    HttpResponse<String> owner =
        server.post(
            "/mcp",
            list,
            "Authorization",
            HttpServeProcess.bearer("cto-bot"),
            "Mcp-Session-Id",
            session);
    assertEquals(200, owner.statusCode(), owner.body());
  }
}

package dev.burnrate.mcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.burnrate.mcp.http.BearerTokens;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What {@code serve --http} refuses before it opens a socket, how it stops on SIGTERM, that the
 * stdio server never loads the HTTP stack, and {@code burnrate token}.
 */
class HttpServeStartIT {
  @TempDir Path root;

  private String[] serve(JarFixture f, Map<String, String> env, String... extra) throws Exception {
    List<String> args =
        new ArrayList<>(
            List.of("serve", "--config", f.config.toString(), "--data", f.data.toString()));
    args.addAll(List.of(extra));
    return JarFixture.runJar(root, env, args.toArray(String[]::new));
  }

  @Test
  void httpWithoutAnyTokenRefusesToStartUnlessToldInsecure() throws Exception {
    JarFixture f = JarFixture.create(root, 0);
    String[] r = serve(f, Map.of(), "--http", "127.0.0.1:0");
    assertEquals("2", r[0], r[2]);
    assertTrue(
        r[2].contains("serving HTTP needs authentication") && r[2].contains("--insecure-no-auth"),
        r[2]);
    assertFalse(r[2].contains("listening on"), r[2]);
  }

  @Test
  void aNonLoopbackAddressNeedsAllowRemoteAndNeverRunsWithoutAuth() throws Exception {
    JarFixture f = JarFixture.create(root, 0);
    HttpServeProcess.writeRbacWithTokens(f);
    Map<String, String> env = Map.of(HttpServeProcess.DEV_TOKEN_ENV, "x");
    String[] r = serve(f, env, "--http", "0.0.0.0:0");
    assertEquals("2", r[0], r[2]);
    assertTrue(r[2].contains("pass --allow-remote"), r[2]);
    r = serve(f, env, "--http", "0.0.0.0:0", "--allow-remote", "--insecure-no-auth");
    assertEquals("2", r[0], r[2]);
    assertTrue(r[2].contains("--insecure-no-auth is for loopback only"), r[2]);
    r = serve(f, env, "--http", "127.0.0.1:http");
    assertEquals("2", r[0], r[2]);
    assertTrue(r[2].contains("port 'http' is not a number"), r[2]);
  }

  @Test
  void tooFewThreadsAreRefusedAndCallsBeyondTheThreadsWaitTheirTurn() throws Exception {
    JarFixture f = JarFixture.create(root, 0);
    HttpServeProcess.writeRbacWithTokens(f);
    Map<String, String> env = Map.of(HttpServeProcess.DEV_TOKEN_ENV, "x");
    for (String threads : List.of("15", "10001")) {
      String[] r = serve(f, env, "--http", "127.0.0.1:0", "--http-threads", threads);
      assertEquals("2", r[0], r[2]);
      assertTrue(r[2].contains("--http-threads " + threads + " must be from 16 to 10000"), r[2]);
    }

    try (HttpServeProcess server = HttpServeProcess.start(f, "--http-threads", "16")) {
      String session = server.initialize("cto-bot");
      List<java.util.concurrent.CompletableFuture<HttpResponse<String>>> calls =
          new java.util.ArrayList<>();
      for (int i = 0; i < 96; i++) { // six times the threads, all at once
        calls.add(
            server.postAsync(
                "/mcp",
                "{\"jsonrpc\":\"2.0\",\"id\":"
                    + (10 + i)
                    + ",\"method\":\"tools/call\",\"params\":{\"name\":"
                    + "\"get_top_spenders\",\"arguments\":{}}}",
                "Authorization",
                HttpServeProcess.bearer("cto-bot"),
                "Mcp-Session-Id",
                session));
      }
      for (int i = 0; i < calls.size(); i++) {
        HttpResponse<String> answer = calls.get(i).get(60, TimeUnit.SECONDS);
        assertEquals(200, answer.statusCode(), answer.body());
        assertTrue(answer.body().contains("\"id\":" + (10 + i) + ",\"result\""), answer.body());
        assertFalse(answer.body().contains("\"isError\":true"), answer.body());
      }
    }
  }

  @Test
  void anUnsetTokenVariableStopsTheStartAndIsNamed() throws Exception {
    JarFixture f = JarFixture.create(root, 0);
    HttpServeProcess.writeRbacWithTokens(f);
    String[] r = serve(f, Map.of(), "--http", "127.0.0.1:0");
    assertEquals("2", r[0], r[2]);
    assertTrue(r[2].contains(HttpServeProcess.DEV_TOKEN_ENV + " (principal 'dev')"), r[2]);
  }

  @Test
  void insecureNoAuthServesLoopbackClientsAsTheNamedPrincipal() throws Exception {
    JarFixture f = JarFixture.create(root, 0);
    Path err = root.resolve("insecure.txt");
    Process p =
        HttpServeProcess.startProcess(f, err, "--insecure-no-auth", "--principal", "oncall-bot");
    try {
      String log = awaitListening(p, err);
      assertTrue(log.contains("WARNING: --insecure-no-auth"), log);
      java.util.regex.Matcher m = HttpServeProcess.LISTENING.matcher(log);
      assertTrue(m.find());
      java.net.URI mcp = java.net.URI.create(m.group(1) + "/mcp");
      HttpResponse<String> init =
          HttpServeProcess.HTTP.send(
              java.net.http.HttpRequest.newBuilder(mcp)
                  .header("Content-Type", "application/json")
                  .header("Accept", "application/json, text/event-stream")
                  .POST(
                      java.net.http.HttpRequest.BodyPublishers.ofString(
                          HttpServeProcess.INITIALIZE))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertEquals(200, init.statusCode(), init.body());
    } finally {
      p.destroyForcibly();
    }
  }

  @Test
  void sigtermStopsTheServerCleanlyAfterFlushingTheAudit() throws Exception {
    JarFixture f = JarFixture.create(root, 0);
    try (HttpServeProcess server = HttpServeProcess.start(f)) {
      String session = server.initialize("cto-bot");
      server.post(
          "/mcp",
          "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}",
          "Authorization",
          HttpServeProcess.bearer("cto-bot"),
          "Mcp-Session-Id",
          session);
      HttpResponse<String> call =
          server.post(
              "/mcp",
              "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/call\","
                  + "\"params\":{\"name\":\"get_cost_weights\",\"arguments\":{}}}",
              "Authorization",
              HttpServeProcess.bearer("cto-bot"),
              "Mcp-Session-Id",
              session);
      assertEquals(200, call.statusCode(), call.body());
      server.process.destroy(); // SIGTERM
      assertTrue(server.process.waitFor(30, TimeUnit.SECONDS), "stopped within 30 s");
      assertEquals(0, server.process.exitValue(), server.stderrText());
      assertTrue(server.stderrText().contains("burnrate: stopped"), server.stderrText());
      assertTrue(
          f.auditEvents().stream()
              .anyMatch(
                  e ->
                      e.get("tool").asText().equals("get_cost_weights")
                          && e.get("agent_id").asText().equals("cto-bot")),
          "the call was audited");
    }
  }

  @Test
  void theStdioServerNeverLoadsTheHttpStack() throws Exception {
    JarFixture f = JarFixture.create(root, 0);
    Path classes = root.resolve("classes.txt");
    List<String> cmd =
        new ArrayList<>(
            List.of(
                ServerProcess.javaBin(),
                "-Xlog:class+load=info:file=" + classes,
                "-jar",
                ServerProcess.jarPath().toString(),
                "serve",
                "--config",
                f.config.toString(),
                "--data",
                f.data.toString(),
                "--principal",
                "dev"));
    Process p =
        new ProcessBuilder(cmd)
            .redirectError(root.resolve("err.txt").toFile())
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .start();
    p.getOutputStream()
        .write(
            (HttpServeProcess.INITIALIZE + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
    p.getOutputStream().close();
    assertTrue(p.waitFor(60, TimeUnit.SECONDS), "stdio serve ended with its input");
    String loaded = Files.readString(classes);
    assertTrue(loaded.contains("dev.burnrate.mcp.StdioServer"), "the log lists loaded classes");
    assertFalse(loaded.contains("org.eclipse.jetty"), "stdio loaded Jetty");
    assertFalse(loaded.contains("io.micrometer"), "stdio loaded Micrometer");
    assertFalse(loaded.contains("dev.burnrate.mcp.http."), "stdio loaded the HTTP package");
  }

  @Test
  void tokenPrintsANewTokenAndItsHash() throws Exception {
    String[] r = JarFixture.runJar(root, Map.of(), "token");
    assertEquals("0", r[0], r[2]);
    String[] lines = r[1].strip().split("\n");
    assertEquals(2, lines.length, r[1]);
    String token = lines[0].substring("token: ".length());
    assertTrue(token.length() >= 40, token);
    assertEquals("token_sha256: " + BearerTokens.sha256Hex(token), lines[1]);
    String[] again = JarFixture.runJar(root, Map.of(), "token");
    assertFalse(again[1].contains(token), "every token is new");
  }

  // Broke (once in several runs): the stream cap counted a stream only after its servlet returned,
  // so a second stream opened right after the first one's endpoint event got in, and never ended.
  @Test
  void eventStreamsAreCappedAndIdleSessionsExpire() throws Exception {
    JarFixture f = JarFixture.create(root, 0);
    try (HttpServeProcess server =
        HttpServeProcess.start(f, "--max-streams", "1", "--session-idle-seconds", "1")) {
      java.net.http.HttpRequest sse =
          java.net.http.HttpRequest.newBuilder(server.uri("/sse"))
              .header("Authorization", HttpServeProcess.bearer("cto-bot"))
              .header("Accept", "text/event-stream")
              .timeout(java.time.Duration.ofSeconds(20)) // a stream let in past the cap never ends
              .build();
      HttpResponse<java.io.InputStream> first =
          HttpServeProcess.HTTP.send(sse, HttpResponse.BodyHandlers.ofInputStream());
      try (java.io.InputStream stream = first.body()) {
        assertEquals(200, first.statusCode());
        String opening = new String(stream.readNBytes(16), java.nio.charset.StandardCharsets.UTF_8);
        assertTrue(
            opening.startsWith("event:endpoint") || opening.startsWith("event: endpoint"), opening);
        HttpResponse<String> second =
            HttpServeProcess.HTTP.send(sse, HttpResponse.BodyHandlers.ofString());
        assertEquals(503, second.statusCode(), second.body());
        assertEquals("30", second.headers().firstValue("Retry-After").orElse(""));
      }

      String session = server.initialize("cto-bot");
      Thread.sleep(3_000);
      HttpResponse<String> late =
          server.post(
              "/mcp",
              "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/list\"}",
              "Authorization",
              HttpServeProcess.bearer("cto-bot"),
              "Mcp-Session-Id",
              session);
      assertEquals(404, late.statusCode(), "an idle session is closed: " + late.body());
    }
  }

  @Test
  void aPkcs12KeyStoreServesHttpsWithThePasswordFromTheEnvironment() throws Exception {
    JarFixture f = JarFixture.create(root, 0);
    Path ks = root.resolve("server.p12");
    String password = "test-keystore-password";
    Process keytool =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair",
                "-alias",
                "burnrate",
                "-keyalg",
                "EC",
                "-groupname",
                "secp256r1",
                "-dname",
                "CN=localhost",
                "-ext",
                "SAN=ip:127.0.0.1,dns:localhost",
                "-validity",
                "2",
                "-storetype",
                "PKCS12",
                "-keystore",
                ks.toString(),
                "-storepass",
                password)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .start();
    assertTrue(
        keytool.waitFor(60, TimeUnit.SECONDS) && keytool.exitValue() == 0,
        "keytool made a key store");

    HttpServeProcess.writeRbacWithTokens(f);
    String[] refused =
        serve(
            f,
            Map.of(HttpServeProcess.DEV_TOKEN_ENV, "x"),
            "--http",
            "127.0.0.1:0",
            "--tls-keystore",
            ks.toString(),
            "--tls-password-env",
            "NO_SUCH_VAR_FOR_TEST");
    assertEquals("2", refused[0], refused[2]);
    assertTrue(refused[2].contains("$NO_SUCH_VAR_FOR_TEST, which is not set"), refused[2]);

    try (HttpServeProcess server =
        HttpServeProcess.start(
            f, Map.of("BURNRATE_TLS_PASSWORD", password), "--tls-keystore", ks.toString())) {
      assertEquals("https", server.base.getScheme(), server.base.toString());
      java.security.KeyStore store = java.security.KeyStore.getInstance("PKCS12");
      try (var in = Files.newInputStream(ks)) {
        store.load(in, password.toCharArray());
      }
      java.security.KeyStore trust = java.security.KeyStore.getInstance("PKCS12");
      trust.load(null, null);
      trust.setCertificateEntry("server", store.getCertificate("burnrate"));
      javax.net.ssl.TrustManagerFactory tmf =
          javax.net.ssl.TrustManagerFactory.getInstance(
              javax.net.ssl.TrustManagerFactory.getDefaultAlgorithm());
      tmf.init(trust);
      javax.net.ssl.SSLContext ctx = javax.net.ssl.SSLContext.getInstance("TLS");
      ctx.init(null, tmf.getTrustManagers(), null);
      java.net.http.HttpClient client =
          java.net.http.HttpClient.newBuilder().sslContext(ctx).build();
      HttpResponse<String> init =
          client.send(
              java.net.http.HttpRequest.newBuilder(server.uri("/mcp"))
                  .header("Authorization", HttpServeProcess.bearer("cto-bot"))
                  .header("Content-Type", "application/json")
                  .header("Accept", "application/json, text/event-stream")
                  .POST(
                      java.net.http.HttpRequest.BodyPublishers.ofString(
                          HttpServeProcess.INITIALIZE))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertEquals(200, init.statusCode(), init.body());
      assertFalse(server.stderrText().contains(password), "the key store password reached the log");
    }
  }

  private static String awaitListening(Process p, Path err) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (System.nanoTime() < deadline) {
      String log = Files.exists(err) ? Files.readString(err) : "";
      if (HttpServeProcess.LISTENING.matcher(log).find()) {
        return log;
      }
      assertTrue(p.isAlive(), "the server exited: " + log);
      Thread.sleep(50);
    }
    throw new AssertionError("no 'listening on' line within 30 s");
  }
}

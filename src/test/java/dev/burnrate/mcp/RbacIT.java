package dev.burnrate.mcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Who may call what, as the shaded jar enforces it over stdio. */
class RbacIT {
  @TempDir Path root;

  @Test
  void aPrincipalWithoutEntitlementsSeesNothingAndADeniedCallIsAudited() throws Exception {
    JarFixture f = JarFixture.create(root, 2_000);
    try (ServerProcess server = f.serve("media-bot")) {
      server.initialize();
      assertEquals(Map.of(), JarFixture.listTools(server, 2));
      JsonNode r = JarFixture.call(server, 3, "get_cost_report", "{\"top_n\":3}");
      assertTrue(r.get("isError").asBoolean(), r.toString());
      String text = r.at("/content/0/text").asText();
      assertTrue(text.contains("tools.cost.read"), text);
      assertTrue(text.contains("agent_media"), text);
      server.closeInput();
      assertTrue(server.exited(20), "exits when stdin closes");
      assertEquals(0, server.process.exitValue(), server.stderrText());
    }
    List<JsonNode> audit = f.auditEvents();
    assertEquals(1, audit.size(), audit.toString());
    JsonNode denied = audit.get(0);
    assertEquals("media-bot", denied.get("agent_id").asText());
    assertEquals("get_cost_report", denied.get("tool").asText());
    assertEquals("denied", denied.get("status").asText());
    assertTrue(denied.get("input_hash").asText().matches("[0-9a-f]{64}"), denied.toString());
    assertFalse(denied.path("req_id").asText().isEmpty(), denied.toString());
    assertTrue(
        denied.has("duration_ms") && denied.has("in_size") && denied.has("out_size"),
        denied.toString());
    assertFalse(denied.toString().contains("top_n"), "arguments are never audited: " + denied);
  }

  // RBAC was checked before the rate limit: a principal without entitlements made 3,000 denied
  // calls in 23 s, and each one became an audit event.
  @Test
  void aPrincipalWithoutEntitlementsFloodingCallsIsRateLimitedAndNotAuditedPerCall()
      throws Exception {
    JarFixture f = JarFixture.create(root, 0);
    Files.writeString(
        f.config.resolve("limits.yml"),
        "defaults: {rate_limit_rpm: 600}\ntools:\n  get_cost_report: {rate_limit_rpm: 10}\n");
    int calls = 300;
    try (ServerProcess server = f.serve("media-bot")) {
      server.initialize();
      for (int id = 2; id < 2 + calls; id++) {
        server.request(id, "tools/call", "{\"name\":\"get_cost_report\",\"arguments\":{}}");
      }
      String last = "";
      for (int i = 0; i < calls; i++) {
        JsonNode r = server.next();
        assertTrue(r.at("/result/isError").asBoolean(), r.toString());
        last = r.at("/result/content/0/text").asText();
      }
      assertTrue(last.startsWith("rate limit of 10 calls per minute"), last);
      server.closeInput();
      assertTrue(server.exited(20), "exits when stdin closes");
      assertEquals(0, server.process.exitValue(), server.stderrText());
    }
    List<JsonNode> audit = f.auditEvents();
    assertTrue(audit.stream().allMatch(e -> e.get("status").asText().equals("denied")));
    // 10 denials, then the first rate-limited call and a count of the rest. The limit refills a
    // call every 6 s, so a machine slow enough to spread the flood past that lets a few more in
    // (each with a count of its own); every call is still accounted for, most by a count.
    long audited = audit.stream().filter(e -> e.get("action").asText().equals("call")).count();
    long counted = 0;
    for (JsonNode e : audit) {
      String action = e.get("action").asText();
      if (action.startsWith("rate_limited:")) {
        counted += Long.parseLong(action.substring("rate_limited:".length()));
      }
    }
    assertTrue(audited >= 10 && audited <= 15, audited + " calls audited one by one: " + audit);
    assertTrue(counted > 0, "the flood is counted: " + audit);
    assertEquals(calls, audited + counted, "every call audited or counted: " + audit);
    assertTrue(audit.size() <= 20, "a handful of audit events for 300 calls: " + audit);
  }

  @Test
  void aReadPrincipalSeesTheReadToolsOnlyAndIsRefusedTheWriteTool() throws Exception {
    JarFixture f = JarFixture.create(root, 0);
    try (ServerProcess server = f.serve("oncall-bot")) {
      server.initialize();
      Map<String, JsonNode> tools = JarFixture.listTools(server, 2);
      assertTrue(tools.containsKey("get_top_spenders"));
      assertFalse(tools.containsKey("record_usage"), tools.keySet().toString());
      JsonNode r =
          JarFixture.call(
              server,
              3,
              "record_usage",
              "{\"events\":[{\"ts\":\"2026-02-23T11:00:00Z\",\"tool\":\"x\"}]}");
      assertTrue(r.get("isError").asBoolean(), r.toString());
      assertTrue(r.at("/content/0/text").asText().contains("tools.cost.write"), r.toString());
    }
  }

  @Test
  void onlyAGatePrincipalMayCallPreflight() throws Exception {
    JarFixture f = JarFixture.create(root, 2_000);
    String args = "{\"target\":\"release-2:1.0\",\"estimated_cost_usd\":10}";
    try (ServerProcess oncall = f.serve("oncall-bot");
        ServerProcess cto = f.serve("cto-bot")) {
      oncall.initialize();
      cto.initialize();
      assertFalse(JarFixture.listTools(oncall, 2).containsKey("preflight_deploy"));
      JsonNode denied = JarFixture.call(oncall, 3, "preflight_deploy", args);
      assertTrue(denied.get("isError").asBoolean(), denied.toString());
      assertTrue(
          denied.at("/content/0/text").asText().contains("tools.cost.gate"), denied.toString());

      Map<String, JsonNode> tools = JarFixture.listTools(cto, 2);
      assertTrue(
          tools.containsKey("preflight_deploy") && tools.containsKey("check_budget"),
          tools.keySet().toString());
      JsonNode allowed = JarFixture.call(cto, 3, "preflight_deploy", args);
      assertFalse(allowed.get("isError").asBoolean(), allowed.toString());
      assertEquals("pass", allowed.at("/structuredContent/decision").asText(), allowed.toString());
      JarFixture.assertConforms(tools.get("preflight_deploy"), allowed.get("structuredContent"));
      assertTrue(Files.exists(f.data.resolve("state/preflight-release-2_1.0.json")));
    }
  }

  @Test
  void anUnknownPrincipalIsRefusedAtStart() throws Exception {
    JarFixture f = JarFixture.create(root, 0);
    String[] r = serveRefused(f, Map.of(), "--principal", "ghost");
    assertEquals("2", r[0], r[2]);
    assertTrue(r[2].contains("ghost"), r[2]);
    assertEquals("", r[1], "nothing on stdout");
  }

  // --principal "" (and BURNRATE_PRINCIPAL="") silently fell back to default_principal, so the
  // server ran with the default's entitlements instead of refusing to start.
  @Test
  void anEmptyPrincipalStopsTheServerInsteadOfServingAsTheDefault() throws Exception {
    JarFixture f = JarFixture.create(root, 0);
    String[] r = serveRefused(f, Map.of(), "--principal", "");
    assertEquals("2", r[0], r[2]);
    assertTrue(r[2].contains("--principal is empty; pass --principal NAME"), r[2]);
    assertTrue(r[2].contains("oncall-bot"), "names the known principals: " + r[2]);
    assertEquals("", r[1], "nothing on stdout");

    r = serveRefused(f, Map.of("BURNRATE_PRINCIPAL", ""));
    assertEquals("2", r[0], r[2]);
    assertTrue(r[2].contains("BURNRATE_PRINCIPAL is set but empty"), r[2]);
  }

  // A principal holding only tools.cost.admin, documented as "everything", saw no tools and was
  // denied every call.
  @Test
  void aPrincipalHoldingOnlyAdminSeesAndMayCallEveryTool() throws Exception {
    JarFixture f = JarFixture.create(root, 1_000);
    Path rbac = f.config.resolve("rbac.yml");
    Files.writeString(
        rbac,
        Files.readString(rbac)
            .replace("roles:\n", "roles:\n  only_admin: [tools.cost.admin]\n")
            .replace("principals:\n", "principals:\n  root-bot: [only_admin]\n"));
    Set<String> every = new TreeSet<>();
    Json.MAPPER
        .readTree(Path.of("mcp-manifest.json").toFile())
        .get("tools")
        .forEach(t -> every.add(t.get("name").asText()));
    try (ServerProcess admin = f.serve("root-bot")) {
      admin.initialize();
      assertEquals(every, new TreeSet<>(JarFixture.listTools(admin, 2).keySet()));
      JsonNode report = JarFixture.call(admin, 3, "get_cost_report", "{\"top_n\":1}");
      assertFalse(report.get("isError").asBoolean(), report.toString());
      JsonNode gate =
          JarFixture.call(
              admin,
              4,
              "preflight_deploy",
              "{\"target\":\"release-3:1.0\",\"estimated_cost_usd\":1}");
      assertFalse(gate.get("isError").asBoolean(), gate.toString());
    }
  }

  @Test
  void withoutAPrincipalOrADefaultTheServerSaysHowToNameOne() throws Exception {
    JarFixture f = JarFixture.create(root, 0);
    Path rbac = f.config.resolve("rbac.yml");
    Files.writeString(rbac, Files.readString(rbac).replace("default_principal: dev", ""));
    String[] r = serveRefused(f, Map.of());
    assertEquals("2", r[0], r[2]);
    assertTrue(r[2].contains("--principal") && r[2].contains("BURNRATE_PRINCIPAL"), r[2]);

    r = serveRefused(f, Map.of("BURNRATE_PRINCIPAL", "oncall-bot"));
    assertEquals(
        "0", r[0], "stdin is closed at once, so a named principal serves and exits: " + r[2]);
  }

  @Test
  void aBrokenConfigRefusesToStartListingEveryProblem() throws Exception {
    JarFixture f = JarFixture.create(root, 0);
    Files.writeString(
        f.config.resolve("limits.yml"), "defaults:\n  timeout_ms: soon\n  colour: red\n");
    Files.writeString(
        f.config.resolve("rbac.yml"),
        Files.readString(f.config.resolve("rbac.yml"))
            .replace("oncall-bot: [agent_oncall]", "oncall-bot: [agent_oncal]"));
    String[] r = serveRefused(f, Map.of(), "--principal", "dev");
    assertEquals("2", r[0], r[2]);
    assertTrue(r[2].contains("limits.yml:2:"), r[2]);
    assertTrue(r[2].contains("limits.yml:3:"), r[2]);
    assertTrue(r[2].contains("rbac.yml:") && r[2].contains("agent_oncal"), r[2]);
    assertEquals("", r[1], "nothing on stdout");
  }

  /**
   * Starts {@code serve} on the fixture with {@code extra} flags; for starts that must be refused.
   */
  private String[] serveRefused(JarFixture f, Map<String, String> env, String... extra)
      throws Exception {
    List<String> args =
        new ArrayList<>(
            List.of("serve", "--config", f.config.toString(), "--data", f.data.toString()));
    args.addAll(List.of(extra));
    return JarFixture.runJar(root, env, args.toArray(new String[0]));
  }
}

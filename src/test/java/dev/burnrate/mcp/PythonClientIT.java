package dev.burnrate.mcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An independent client against the real server: the official Python MCP SDK starts {@code java
 * -jar burnrate.jar serve} itself, initializes, lists and calls a tool.
 */
class PythonClientIT {
  @TempDir Path root;

  @BeforeAll
  static void venv() throws Exception {
    PythonClientTest.createVenv();
  }

  private JsonNode runClient(JarFixture f, String principal, String tool, String args)
      throws Exception {
    List<String> command =
        new ArrayList<>(
            List.of(
                PythonClientTest.python().toString(),
                "src/test/python/mcp_client_check.py",
                tool,
                args,
                "--"));
    List<String> serve =
        new ArrayList<>(
            List.of(
                "serve",
                "--config",
                f.config.toString(),
                "--data",
                f.data.toString(),
                "--now",
                JarFixture.NOW.toString(),
                "--principal",
                principal));
    command.addAll(ServerProcess.jarCommand(serve));
    Path err = root.resolve("python-stderr.txt");
    Process p = new ProcessBuilder(command).redirectError(err.toFile()).start();
    p.getOutputStream().close();
    assertTrue(p.waitFor(90, TimeUnit.SECONDS), "the Python client finished");
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertEquals(0, p.exitValue(), out + Files.readString(err));
    return Json.MAPPER.readTree(out);
  }

  /** The resources scenario of mcp_protocol_check.py against {@code serve} as {@code principal}. */
  private JsonNode runResources(JarFixture f, String principal, boolean subscribe)
      throws Exception {
    List<String> command =
        new ArrayList<>(
            List.of(
                PythonClientTest.python().toString(),
                "src/test/python/mcp_protocol_check.py",
                "resources",
                "stdio",
                "--"));
    command.addAll(
        ServerProcess.jarCommand(
            List.of(
                "serve",
                "--config",
                f.config.toString(),
                "--data",
                f.data.toString(),
                "--now",
                JarFixture.NOW.toString(),
                "--principal",
                principal)));
    Path err = root.resolve("python-resources-" + principal + ".txt");
    ProcessBuilder pb = new ProcessBuilder(command).redirectError(err.toFile());
    pb.environment().put("BURNRATE_CHECK_SUBSCRIBE", subscribe ? "1" : "0");
    Process p = pb.start();
    p.getOutputStream().close();
    assertTrue(p.waitFor(90, TimeUnit.SECONDS), "the Python client finished");
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertEquals(0, p.exitValue(), out + Files.readString(err));
    return Json.MAPPER.readTree(out);
  }

  @Test
  void thePythonSdkReadsTheDigestAndBudgetResourcesAndHearsWhenTheyChange() throws Exception {
    JarFixture f = JarFixture.create(root, 5_000);
    JsonNode seen = runResources(f, "dev", true);
    java.util.Set<String> uris = new java.util.TreeSet<>();
    seen.get("resources").forEach(u -> uris.add(u.asText()));
    assertEquals(
        java.util.Set.of("burnrate://digest/today", "burnrate://budget/month"), uris, "any order");
    JsonNode digest = seen.at("/reads/burnrate:~1~1digest~1today");
    assertEquals("[\"application/json\",\"text/markdown\"]", digest.get("mime").toString());
    assertTrue(
        Json.MAPPER.readTree(digest.at("/text/0").asText()).has("markdown"), digest.toString());
    assertTrue(digest.at("/text/1").asText().startsWith("## burnrate digest"), digest.toString());
    JsonNode budget = seen.at("/reads/burnrate:~1~1budget~1month");
    assertEquals(
        "2026-02", Json.MAPPER.readTree(budget.at("/text/0").asText()).get("month").asText());

    java.util.Set<String> prompts = new java.util.TreeSet<>();
    seen.get("prompts").forEach(n -> prompts.add(n.asText()));
    assertEquals(java.util.Set.of("what_did_we_spend", "may_i_deploy"), prompts);
    String deploy = seen.get("deploy_prompt").asText();
    assertTrue(deploy.contains("preflight_deploy") && deploy.contains("'video-bot'"), deploy);

    assertFalse(seen.get("record_error").asBoolean(), seen.toString());
    assertEquals(
        "[\"burnrate://budget/month\"]",
        seen.get("updated").toString(),
        "new usage announced to the subscriber");
  }

  @Test
  void aPrincipalWithoutReadSeesNoResourcesOrPromptsAndCannotReadThem() throws Exception {
    JarFixture f = JarFixture.create(root, 0);
    JsonNode seen = runResources(f, "media-bot", false);
    assertEquals(0, seen.get("resources").size(), seen.toString());
    assertEquals(0, seen.get("prompts").size(), seen.toString());
    assertTrue(seen.at("/reads/burnrate:~1~1digest~1today").has("error"), seen.toString());
    assertTrue(seen.at("/reads/burnrate:~1~1budget~1month").has("error"), seen.toString());
    assertTrue(seen.has("deploy_prompt_error"), seen.toString());
  }

  @Test
  void thePythonSdkListsAndCallsTheRealServer() throws Exception {
    JarFixture f = JarFixture.create(root, 5_000);
    JsonNode seen = runClient(f, "oncall-bot", "get_top_spenders", "{\"top_n\":2}");
    assertEquals("2025-11-25", seen.get("protocol_version").asText());
    assertEquals("burnrate", seen.get("server_name").asText());
    List<String> names = new ArrayList<>();
    seen.get("tools").forEach(n -> names.add(n.asText()));
    assertEquals("get_cost_report", names.get(0), names.toString());
    assertFalse(names.contains("record_usage"), "oncall-bot may not write: " + names);
    assertTrue(seen.at("/annotations/get_top_spenders/readOnlyHint").asBoolean(), seen.toString());
    assertFalse(seen.at("/call/is_error").asBoolean(), seen.toString());
    JsonNode structured = seen.at("/call/structured");
    assertEquals(2, structured.get("top_tools").size(), structured.toString());
    assertEquals(
        "comfy_generate_video", structured.at("/top_tools/0/tool").asText(), structured.toString());
    assertTrue(
        ServerProcess.sameJson(structured, Json.MAPPER.readTree(seen.at("/call/text/0").asText())));
  }

  @Test
  void aDeniedCallReachesThePythonClientAsAnErrorResult() throws Exception {
    JarFixture f = JarFixture.create(root, 0);
    JsonNode seen = runClient(f, "media-bot", "get_cost_report", "{}");
    assertEquals(0, seen.get("tools").size(), seen.toString());
    assertTrue(seen.at("/call/is_error").asBoolean(), seen.toString());
    assertTrue(seen.at("/call/text/0").asText().contains("tools.cost.read"), seen.toString());
  }
}

package dev.burnrate.mcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A fleet on one data directory: two HTTP servers, a stdio server and the daily cron, all at once.
 * The same usage sent through every server is appended once, every server then answers the same
 * month-to-date, and each alert threshold is raised once across all of them.
 */
class FleetConsistencyIT {
  @TempDir Path root;

  private static String events() {
    StringBuilder sb = new StringBuilder("{\"events\":[");
    for (int i = 0; i < 20; i++) {
      sb.append(i == 0 ? "" : ",")
          .append("{\"ts\":\"2026-02-23T11:")
          .append(String.format("%02d", i))
          .append(":00Z\",\"req_id\":\"fleet-")
          .append(i)
          .append("\",\"agent_id\":\"release-2\",\"tool\":\"llm_chat\",\"cost_usd\":1}");
    }
    return sb.append("]}").toString();
  }

  @Test
  void twoHttpServersAStdioServerAndTheCronAgree() throws Exception {
    JarFixture f = JarFixture.create(root, 0);
    f.tightMonth();
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try (McpToolsOverHttpIT.Client a = McpToolsOverHttpIT.Client.open(f);
        McpToolsOverHttpIT.Client b = McpToolsOverHttpIT.Client.open(f);
        ServerProcess stdio = f.serve("dev")) {
      stdio.initialize();
      String batch = events();
      List<Callable<String>> work = new ArrayList<>();
      work.add(() -> a.call(2, "record_usage", batch).toString());
      work.add(() -> b.call(2, "record_usage", batch).toString());
      work.add(() -> JarFixture.call(stdio, 2, "record_usage", batch).toString());
      Path cron = Files.createDirectories(root.resolve("cron"));
      work.add(
          () ->
              String.join(
                  "\n",
                  JarFixture.runJar(
                      cron,
                      Map.of(),
                      "daily",
                      "--date",
                      "2026-02-22",
                      "--config",
                      f.config.toString(),
                      "--data",
                      f.data.toString(),
                      "--now",
                      JarFixture.NOW.toString())));
      List<Future<String>> done = new ArrayList<>();
      for (Callable<String> w : work) {
        done.add(pool.submit(w));
      }
      int accepted = 0;
      for (int i = 0; i < 3; i++) {
        String r = done.get(i).get();
        JarFixture.assertNoStackTrace(r);
        accepted += Json.MAPPER.readTree(r).at("/structuredContent/accepted").asInt();
      }
      assertTrue(
          done.get(3).get().startsWith("0\n"), "the daily run succeeded: " + done.get(3).get());
      assertTrue(accepted >= 20, "every event was accepted by some server: " + accepted);

      // Each server sees the others' appends (tailing), so all answer the same month-to-date.
      JsonNode[] decisions = {
        a.call(3, "preflight_deploy", "{\"target\":\"release-2:3.0\",\"estimated_cost_usd\":1}"),
        b.call(3, "preflight_deploy", "{\"target\":\"release-2:3.0\",\"estimated_cost_usd\":1}"),
        JarFixture.call(
            stdio, 3, "preflight_deploy", "{\"target\":\"release-2:3.0\",\"estimated_cost_usd\":1}")
      };
      for (int attempt = 0; attempt < 50; attempt++) {
        boolean same = true;
        for (int i = 0; i < 3; i++) {
          JsonNode mtd =
              (i == 0
                      ? a.call(10 + attempt, "check_budget", "{}")
                      : i == 1
                          ? b.call(10 + attempt, "check_budget", "{}")
                          : JarFixture.call(stdio, 10 + attempt, "check_budget", "{}"))
                  .at("/structuredContent/total/mtd_usd");
          same &= new BigDecimal("980").compareTo(mtd.decimalValue()) == 0; // $960 + 20 x $1
        }
        if (same) {
          break;
        }
        assertTrue(attempt < 49, "the servers never agreed on $980 month-to-date");
        Thread.sleep(200);
      }
      for (JsonNode d : decisions) {
        assertEquals("veto", d.at("/structuredContent/decision").asText(), d.toString());
      }
    } finally {
      pool.shutdownNow();
    }

    long appended = 0;
    try (Stream<Path> files = Files.list(f.audit)) {
      for (Path p : files.toList()) {
        appended +=
            Files.readAllLines(p).stream().filter(l -> l.contains("\"req_id\":\"fleet-")).count();
      }
    }
    assertEquals(20, appended, "each event appended once across three servers");
    try (Stream<Path> alerts = Files.list(f.data.resolve("cost/alerts"))) {
      assertEquals(
          2,
          alerts.filter(p -> p.toString().endsWith(".json")).count(),
          "notify at 80 % and veto at 95 % raised once across servers and the cron");
    }
  }
}

package dev.burnrate.mcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import java.math.BigDecimal;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * serve syncs the AWS bill on its own when the budget counts it, and the next check_budget counts
 * what it fetched; the sync's requests go to a loopback stub of Cost Explorer.
 */
class ServeCloudSyncIT {
  @TempDir Path dir;

  @Test
  void serveSyncsTheBillInTheBackgroundAndCheckBudgetCountsIt() throws Exception {
    AtomicInteger requests = new AtomicInteger();
    HttpServer stub =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    stub.createContext(
        "/",
        ex -> {
          ex.getRequestBody().readAllBytes();
          requests.incrementAndGet();
          byte[] b =
              ("{\"ResultsByTime\":[{\"TimePeriod\":{\"Start\":\"2026-02-20\",\"End\":\"2026-02-21\"},"
                      + "\"Groups\":[{\"Keys\":[\"agent$ingest-1\",\"Amazon EC2\"],\"Metrics\":"
                      + "{\"UnblendedCost\":{\"Amount\":\"1234.5\",\"Unit\":\"USD\"}}}],"
                      + "\"Estimated\":false}]}")
                  .getBytes(StandardCharsets.UTF_8);
          ex.getResponseHeaders().add("Content-Type", "application/x-amz-json-1.1");
          ex.sendResponseHeaders(200, b.length);
          ex.getResponseBody().write(b);
          ex.close();
        });
    stub.start();
    try {
      JarFixture f = JarFixture.create(dir, 1_000);
      Path budget = f.config.resolve("budget.yaml");
      Files.writeString(
          budget,
          Files.readString(budget)
              .replace(
                  "cost_sources: [usage]",
                  "cost_sources: [usage, aws_cost_explorer]\n"
                      + "aws_cost_explorer: {region: us-east-1, agent_tag: agent, endpoint:"
                      + " 'http://127.0.0.1:"
                      + stub.getAddress().getPort()
                      + "'}"));
      Map<String, String> env =
          Map.of("AWS_ACCESS_KEY_ID", "AKIDSTUB", "AWS_SECRET_ACCESS_KEY", "stub-secret");
      try (ServerProcess server = f.serve(env, "oncall-bot")) {
        server.initialize();
        Path cache = f.data.resolve("cloud/cost-explorer.jsonl");
        for (int i = 0; i < 300 && !Files.exists(cache); i++) {
          Thread.sleep(100);
        }
        assertTrue(Files.exists(cache), "synced within 30 s: " + Files.readString(server.stderr));
        JsonNode r = JarFixture.call(server, 2, "check_budget", "{\"agent\":\"ingest-1\"}");
        JsonNode line = r.at("/structuredContent/agents/0");
        assertEquals("ingest-1", line.get("agent").asText(), r.toString());
        assertEquals(0, new BigDecimal("1234.50").compareTo(line.get("cloud_usd").decimalValue()));
        assertTrue(r.at("/structuredContent/cloud/summary").asText().contains("cached day"));
        String log = Files.readString(server.stderr);
        assertTrue(log.contains("cloud costs synced: 1 request(s)"), log);
        assertFalse(log.contains("stub-secret"), "credentials are never logged");
      }
      assertEquals(1, requests.get(), "one page, one request");
    } finally {
      stub.stop(0);
    }
  }
}

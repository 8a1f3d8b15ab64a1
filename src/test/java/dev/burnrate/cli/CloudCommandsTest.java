package dev.burnrate.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** sync-costs and cloud-status end to end through the command line, against a loopback stub. */
class CloudCommandsTest {
  @TempDir Path dir;
  HttpServer server;
  final Deque<String[]> replies = new ArrayDeque<>();

  @BeforeEach
  void start() throws Exception {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
        "/",
        ex -> {
          ex.getRequestBody().readAllBytes();
          String[] r =
              replies.isEmpty()
                  ? new String[] {"500", "{\"__type\":\"InternalFailure\"}"}
                  : replies.poll();
          byte[] b = r[1].getBytes(StandardCharsets.UTF_8);
          ex.getResponseHeaders().add("Content-Type", "application/x-amz-json-1.1");
          ex.sendResponseHeaders(Integer.parseInt(r[0]), b.length);
          ex.getResponseBody().write(b);
          ex.close();
        });
    server.start();
    Files.createDirectories(dir.resolve("config"));
    Files.writeString(
        dir.resolve("config/budget.yaml"),
        "cost_sources: [usage, aws_cost_explorer]\n"
            + "aws_cost_explorer: {region: us-east-1, agent_tag: agent, endpoint: 'http://127.0.0.1:"
            + server.getAddress().getPort()
            + "'}\n");
    System.setProperty("aws.accessKeyId", "AKIDSTUB");
    System.setProperty("aws.secretAccessKey", "stub-secret");
  }

  @AfterEach
  void stop() {
    server.stop(0);
    System.clearProperty("aws.accessKeyId");
    System.clearProperty("aws.secretAccessKey");
  }

  record Run(int status, String out, String err) {}

  Run run(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    PrintStream o = System.out;
    PrintStream e = System.err;
    try {
      System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
      System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
      int status =
          Main.run(
              args,
              new PrintStream(out, true, StandardCharsets.UTF_8),
              new PrintStream(err, true, StandardCharsets.UTF_8));
      return new Run(
          status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    } finally {
      System.setOut(o);
      System.setErr(e);
    }
  }

  String[] args(String command, String... more) {
    String[] base = {
      command,
      "--config",
      dir.resolve("config").toString(),
      "--data",
      dir.resolve("data").toString(),
      "--now",
      "2026-03-10T06:00:00Z"
    };
    String[] all = new String[base.length + more.length];
    System.arraycopy(base, 0, all, 0, base.length);
    System.arraycopy(more, 0, all, base.length, more.length);
    return all;
  }

  @Test
  void syncPrintsItsRequestsThenAFailureIsOneLineExitThreeAndTheCacheStillServes()
      throws Exception {
    replies.add(
        new String[] {
          "200",
          "{\"ResultsByTime\":[{\"TimePeriod\":{\"Start\":\"2026-03-01\",\"End\":\"2026-03-02\"},"
              + "\"Groups\":[{\"Keys\":[\"agent$media-1\",\"Amazon EC2\"],\"Metrics\":{\"UnblendedCost\":"
              + "{\"Amount\":\"47500\",\"Unit\":\"USD\"}}}],\"Estimated\":false}]}"
        });
    Run ok = run(args("sync-costs", "--from", "2026-03-01", "--to", "2026-03-01"));
    assertEquals(0, ok.status(), ok.err());
    assertTrue(ok.out().contains("\"requests\" : 1"), ok.out());
    assertTrue(ok.out().contains("\"request_cost_usd\" : 0.01"), ok.out());
    assertTrue(ok.out().contains("\"days_fetched\" : 1"), ok.out());

    replies.add(new String[] {"400", "{\"__type\":\"AccessDeniedException\",\"message\":\"no\"}"});
    byte[] before = Files.readAllBytes(dir.resolve("data/cloud/cost-explorer.jsonl"));
    Run denied = run(args("sync-costs", "--from", "2026-03-05", "--to", "2026-03-06"));
    assertEquals(3, denied.status());
    assertEquals(1, denied.err().strip().lines().count(), denied.err());
    assertTrue(
        denied
            .err()
            .startsWith(
                "burnrate: sync-costs failed, the cache is unchanged: Cost Explorer refused"
                    + " these credentials (AccessDeniedException)"),
        denied.err());
    assertTrue(
        denied
            .err()
            .contains(
                "cached: 1 cached day(s), 2026-03-01 to 2026-03-01, last fetched"
                    + " 2026-03-10T06:00:00Z (0 s ago)"),
        denied.err());
    assertTrue(!denied.err().contains("stub-secret") && !ok.out().contains("stub-secret"));
    assertEquals(
        new String(before, StandardCharsets.UTF_8),
        Files.readString(dir.resolve("data/cloud/cost-explorer.jsonl")));

    Run status = run(args("cloud-status"));
    assertEquals(0, status.status(), status.err());
    assertTrue(status.out().contains("\"cached_days\" : 1"), status.out());
    assertTrue(status.out().contains("\"age_seconds\" : 0"), status.out());
  }

  @Test
  void theDailyRunSyncsTheBillFirstAndCountsItAndAFailedSyncOnlyWarns() throws Exception {
    replies.add(
        new String[] {
          "200",
          "{\"ResultsByTime\":[{\"TimePeriod\":{\"Start\":\"2026-03-08\",\"End\":\"2026-03-09\"},"
              + "\"Groups\":[{\"Keys\":[\"agent$media-1\",\"Amazon EC2\"],\"Metrics\":{\"UnblendedCost\":"
              + "{\"Amount\":\"250.25\",\"Unit\":\"USD\"}}}],\"Estimated\":false}]}"
        });
    Run daily = run(args("daily", "--format", "json"));
    assertEquals(0, daily.status(), daily.err());
    assertTrue(
        daily.err().contains("burnrate: daily: cloud costs synced: 1 request(s)"), daily.err());
    assertTrue(daily.out().contains("\"cloud_usd\" : 250.25"), daily.out());

    replies.add(new String[] {"400", "{\"__type\":\"AccessDeniedException\",\"message\":\"no\"}"});
    Run refused = run(args("daily", "--format", "json"));
    assertEquals(0, refused.status(), refused.err());
    assertTrue(
        refused.err().contains("burnrate: daily: cloud costs not synced, counting the cached days"),
        refused.err());
    assertTrue(refused.out().contains("\"cloud_usd\" : 250.25"), "the cached day still counts");

    Run offline = run(args("daily", "--no-sync", "--format", "json"));
    assertEquals(0, offline.status(), offline.err());
    assertTrue(!offline.err().contains("cloud costs"), offline.err());
  }

  @Test
  void badDatesAndAMissingSectionAreUsageErrors() throws Exception {
    Run future = run(args("sync-costs", "--to", "2026-03-11"));
    assertEquals(2, future.status());
    assertEquals(
        "burnrate: --to 2026-03-11 is after today (2026-03-10 UTC); Cost Explorer has no costs for"
            + " future days",
        future.err().strip());
    Files.writeString(dir.resolve("config/budget.yaml"), "cost_sources: [usage]\n");
    Run none = run(args("sync-costs"));
    assertEquals(2, none.status());
    assertTrue(none.err().contains("has no aws_cost_explorer section"), none.err());
  }
}

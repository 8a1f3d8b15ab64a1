package dev.burnrate.cloud;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.burnrate.cloud.CePages.Cell;
import dev.burnrate.cloud.CostExplorerSettings.Metric;
import dev.burnrate.store.CloudCostCache;
import java.io.File;
import java.math.BigDecimal;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/**
 * sync-costs against moto's Cost Explorer emulator ({@code moto_server}), started on a free
 * loopback port and seeded through {@code /moto-api/static/ce/cost-and-usage-results} with three
 * pages. moto answers each distinct request body with the next seeded result, so the pages arrive
 * in order as the sync follows NextPageToken. Skipped, with a message, where moto is not installed.
 */
class MotoCostExplorerTest {
  @TempDir Path data;

  static Optional<String> motoServer() {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      File f = new File(dir, "moto_server");
      if (f.canExecute()) {
        return Optional.of(f.getPath());
      }
    }
    return Optional.empty();
  }

  @Test
  void followsSeededPagesFromTheEmulator() throws Exception {
    Optional<String> moto = motoServer();
    assumeTrue(
        moto.isPresent(),
        "moto_server is not on the PATH; the in-JVM stub tests cover the same ground");
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    Process p =
        new ProcessBuilder(moto.get(), "-H", "127.0.0.1", "-p", String.valueOf(port))
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .start();
    try {
      URI endpoint = URI.create("http://127.0.0.1:" + port);
      HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
      waitUntilUp(http, endpoint);

      LocalDate d1 = LocalDate.parse("2026-03-01");
      CePages ce = new CePages("agent", "UnblendedCost");
      List<Cell> cells = new ArrayList<>();
      for (int d = 0; d < 3; d++) {
        cells.add(new Cell(d1.plusDays(d), "media-1", "Amazon EC2", "10.5"));
        cells.add(new Cell(d1.plusDays(d), "", "Amazon S3", "0.25"));
      }
      var seed = AwsStub.JSON.createObjectNode();
      var results = seed.putArray("results");
      ce.pages(cells, 2).forEach(results::add);
      HttpResponse<String> seeded =
          http.send(
              HttpRequest.newBuilder(endpoint.resolve("/moto-api/static/ce/cost-and-usage-results"))
                  .header("Content-Type", "application/json")
                  .POST(HttpRequest.BodyPublishers.ofString(seed.toString()))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertEquals(201, seeded.statusCode(), seeded.body());

      CostExplorerSettings s =
          new CostExplorerSettings(
              "us-east-1",
              "agent",
              Optional.empty(),
              Metric.UNBLENDED_COST,
              List.of(),
              Optional.of(endpoint),
              10,
              3,
              List.of(),
              false,
              "x",
              CostExplorerSettings.DEFAULT_SYNC_EVERY_HOURS);
      AwsClients aws =
          new AwsClients(
              "us-east-1",
              s.endpoint(),
              StaticCredentialsProvider.create(
                  AwsBasicCredentials.create("AKIAIOSFODNN7EXAMPLE", "moto-secret")),
              AwsClients.Backoff.STANDARD);
      CostExplorerSync.Result r =
          new CostExplorerSync(s, CloudCostCache.in(data), aws)
              .run(d1, d1.plusDays(3), Instant.parse("2026-03-10T00:00:00Z"));

      assertEquals(3, r.requests());
      List<CloudCosts.AgentDay> days = CloudCosts.load(data, s).byAgentAndDay(d1, d1.plusDays(3));
      assertEquals(6, days.size());
      assertEquals(
          new BigDecimal("32.25"),
          days.stream().map(CloudCosts.AgentDay::usd).reduce(BigDecimal.ZERO, BigDecimal::add));
      assertEquals(3, days.stream().filter(a -> a.agent().equals(CloudCosts.UNTAGGED)).count());
    } finally {
      p.destroy();
      p.waitFor();
    }
  }

  private static void waitUntilUp(HttpClient http, URI endpoint) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (true) {
      try {
        http.send(
            HttpRequest.newBuilder(endpoint.resolve("/moto-api/")).GET().build(),
            HttpResponse.BodyHandlers.discarding());
        return;
      } catch (java.io.IOException e) {
        if (System.nanoTime() > deadline) {
          throw new AssertionError("moto_server did not start on " + endpoint + " within 30 s", e);
        }
        Thread.sleep(200);
      }
    }
  }
}

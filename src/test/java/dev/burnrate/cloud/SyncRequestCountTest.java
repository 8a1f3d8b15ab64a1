package dev.burnrate.cloud;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.burnrate.cloud.CePages.Cell;
import dev.burnrate.cloud.CostExplorerSettings.Metric;
import dev.burnrate.store.CloudCostCache;
import java.math.BigDecimal;
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
 * The performance contract of sync-costs is its request count (each costs USD 0.01): 90 days of 50
 * agents x 30 services take exactly the pages the data fills, and the next day's run asks only for
 * the days still settling.
 */
class SyncRequestCountTest {
  static final int AGENTS = 50;
  static final int SERVICES = 30;
  static final int PER_PAGE = 5_000;

  @TempDir Path data;

  static List<Cell> cells(LocalDate from, LocalDate to) {
    List<Cell> out = new ArrayList<>();
    for (LocalDate d = from; d.isBefore(to); d = d.plusDays(1)) {
      for (int a = 0; a < AGENTS; a++) {
        for (int s = 0; s < SERVICES; s++) {
          out.add(new Cell(d, "agent-" + a, "Service " + s, "0.01"));
        }
      }
    }
    return out;
  }

  @Test
  void ninetyDaysOfFiftyAgentsAndThirtyServicesCostExactlyTheirPages() throws Exception {
    LocalDate from = LocalDate.parse("2026-01-01");
    LocalDate to = from.plusDays(90);
    Instant now = Instant.parse("2026-04-01T06:00:00Z");
    CePages ce = new CePages("agent", "UnblendedCost");
    try (AwsStub stub = new AwsStub()) {
      List<Cell> all = cells(from, to);
      var pages = ce.pages(all, PER_PAGE);
      assertEquals(27, pages.size(), "135,000 groups at 5,000 a page");
      pages.forEach(p -> stub.then(AwsStub.CE, 200, p.toString()));
      CostExplorerSettings s =
          new CostExplorerSettings(
              "us-east-1",
              "agent",
              Optional.empty(),
              Metric.UNBLENDED_COST,
              List.of(),
              Optional.of(stub.endpoint()),
              100,
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
                  AwsBasicCredentials.create("AKIDSTUB", "stub-secret")),
              AwsClients.Backoff.STANDARD);

      CostExplorerSync.Result r =
          new CostExplorerSync(s, CloudCostCache.in(data), aws).run(from, to, now);

      assertEquals(27, r.requests());
      assertEquals(27, stub.bodies(AwsStub.CE).size());
      assertEquals(135_000, r.rowsWritten());
      assertEquals(
          new BigDecimal("1350.00"),
          CloudCosts.load(data, s).byAgentAndDay(from, to).stream()
              .map(CloudCosts.AgentDay::usd)
              .reduce(BigDecimal.ZERO, BigDecimal::add));

      // A day later only the days fetched while still settling (within 3 days of 04-01: 03-29 to
      // 03-31) are asked for again: 4,500 groups, one page.
      ce.pages(cells(to.minusDays(3), to), PER_PAGE)
          .forEach(p -> stub.then(AwsStub.CE, 200, p.toString()));
      AwsClients aws2 =
          new AwsClients(
              "us-east-1",
              s.endpoint(),
              StaticCredentialsProvider.create(
                  AwsBasicCredentials.create("AKIDSTUB", "stub-secret")),
              AwsClients.Backoff.STANDARD);
      CostExplorerSync.Result r2 =
          new CostExplorerSync(s, CloudCostCache.in(data), aws2)
              .run(from, to, now.plus(Duration.ofDays(1)));
      assertEquals(1, r2.requests());
      assertEquals(87, r2.daysFinal());
      assertEquals(
          "2026-03-29", stub.bodies(AwsStub.CE).get(27).path("TimePeriod").path("Start").asText());
    }
  }
}

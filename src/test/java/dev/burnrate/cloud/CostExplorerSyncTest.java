package dev.burnrate.cloud;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.burnrate.cloud.CePages.Cell;
import dev.burnrate.cloud.CostExplorerSettings.Metric;
import dev.burnrate.store.CloudCostCache;
import dev.burnrate.store.CloudCostCache.Row;
import java.math.BigDecimal;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/** sync-costs against an in-JVM stub of Cost Explorer that replays handwritten responses. */
class CostExplorerSyncTest {
  static final LocalDate MAR1 = LocalDate.parse("2026-03-01");
  static final Instant MAR10 = Instant.parse("2026-03-10T06:00:00Z");
  static final AwsClients.Backoff FAST =
      new AwsClients.Backoff(Duration.ofMillis(5), Duration.ofMillis(10), Duration.ofMillis(50));

  @TempDir Path data;
  AwsStub stub;
  final CePages ce = new CePages("agent", "UnblendedCost");

  @BeforeEach
  void start() throws Exception {
    stub = new AwsStub();
  }

  @AfterEach
  void stop() {
    stub.close();
  }

  CostExplorerSettings settings(List<String> exclude, int maxRequests) {
    return new CostExplorerSettings(
        "us-east-1",
        "agent",
        Optional.empty(),
        Metric.UNBLENDED_COST,
        exclude,
        Optional.of(stub.endpoint()),
        maxRequests,
        3,
        List.of("Amazon Bedrock"),
        false,
        "budget.yaml:1:1",
        CostExplorerSettings.DEFAULT_SYNC_EVERY_HOURS);
  }

  AwsClients aws(URI endpoint) {
    return new AwsClients(
        "us-east-1",
        Optional.ofNullable(endpoint),
        StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDSTUB", "stub-secret")),
        FAST);
  }

  CostExplorerSync sync(CostExplorerSettings s) {
    return new CostExplorerSync(s, CloudCostCache.in(data), aws(s.endpoint().orElse(null)));
  }

  CostExplorerSync sync() {
    return sync(settings(List.of(), 100));
  }

  static Cell cell(String day, String agent, String service, String usd) {
    return new Cell(LocalDate.parse(day), agent, service, usd);
  }

  @Test
  void followsEveryPageAndStoresExactAmounts() throws Exception {
    // media-1's 03-01 groups continue on page 2; the page boundary must not lose or double them.
    stub.then(
            AwsStub.CE,
            200,
            ce.page(
                    List.of(
                        cell("2026-03-01", "media-1", "Amazon EC2", "100.0000000001"),
                        cell("2026-03-01", "media-1", "Amazon S3", "0.3333333333")),
                    "tok-2")
                .toString())
        .then(
            AwsStub.CE,
            200,
            ce.page(
                    List.of(
                        cell("2026-03-01", "coder-1", "Amazon EC2", "7.1"),
                        cell("2026-03-02", "media-1", "Amazon EC2", "99.9999999999")),
                    "tok-3")
                .toString())
        .then(
            AwsStub.CE,
            200,
            ce.page(List.of(cell("2026-03-02", "media-1", "Amazon S3", "0.6666666667")), null)
                .toString());

    CostExplorerSync.Result r = sync().run(MAR1, MAR1.plusDays(2), MAR10);

    assertEquals(3, r.requests());
    assertEquals(3, r.attempts());
    assertEquals(new BigDecimal("0.03"), r.requestCostUsd());
    List<JsonNode> asked = stub.bodies(AwsStub.CE);
    assertEquals(3, asked.size());
    assertTrue(asked.get(0).path("NextPageToken").isMissingNode());
    assertEquals("tok-2", asked.get(1).path("NextPageToken").asText());
    assertEquals("tok-3", asked.get(2).path("NextPageToken").asText());
    JsonNode first = asked.get(0);
    assertEquals("DAILY", first.path("Granularity").asText());
    assertEquals("2026-03-01", first.path("TimePeriod").path("Start").asText());
    assertEquals("2026-03-03", first.path("TimePeriod").path("End").asText());
    assertEquals("UnblendedCost", first.path("Metrics").get(0).asText());
    assertEquals("TAG", first.path("GroupBy").get(0).path("Type").asText());
    assertEquals("agent", first.path("GroupBy").get(0).path("Key").asText());
    assertEquals("DIMENSION", first.path("GroupBy").get(1).path("Type").asText());
    assertEquals("SERVICE", first.path("GroupBy").get(1).path("Key").asText());

    List<CloudCosts.AgentDay> days =
        CloudCosts.load(data, settings(List.of(), 100)).byAgentAndDay(MAR1, MAR1.plusDays(2));
    assertEquals(
        List.of(
            new CloudCosts.AgentDay(MAR1, "coder-1", new BigDecimal("7.1"), BigDecimal.ZERO),
            new CloudCosts.AgentDay(
                MAR1, "media-1", new BigDecimal("100.3333333334"), BigDecimal.ZERO),
            new CloudCosts.AgentDay(
                MAR1.plusDays(1), "media-1", new BigDecimal("100.6666666666"), BigDecimal.ZERO)),
        days);
  }

  @Test
  void throttlingIsRetriedByTheSdkWithBackoffThenSucceeds() throws Exception {
    stub.then(AwsStub.CE, 400, AwsStub.error("ThrottlingException", "Rate exceeded"))
        .then(AwsStub.CE, 400, AwsStub.error("LimitExceededException", "too many calls"))
        .then(
            AwsStub.CE,
            200,
            ce.page(List.of(cell("2026-03-01", "media-1", "Amazon EC2", "5")), null).toString());

    CostExplorerSync.Result r = sync().run(MAR1, MAR1.plusDays(1), MAR10);

    assertEquals(1, r.requests(), "one page, billed once");
    assertEquals(3, r.attempts(), "two throttled attempts, then success");
    assertEquals(1, CloudCostCache.in(data).read().rows().size());
  }

  @Test
  void throttlingPastEveryAttemptIsOneLineAndWritesNothing() throws Exception {
    for (int i = 0; i < AwsClients.MAX_ATTEMPTS; i++) {
      stub.then(AwsStub.CE, 400, AwsStub.error("ThrottlingException", "Rate exceeded"));
    }
    SyncException e =
        assertThrows(SyncException.class, () -> sync().run(MAR1, MAR1.plusDays(1), MAR10));
    assertEquals(
        "Cost Explorer kept throttling (ThrottlingException) after 5 attempts with backoff; run again later",
        e.getMessage());
    assertEquals(5, stub.bodies(AwsStub.CE).size());
    assertTrue(Files.notExists(CloudCostCache.in(data).file()));
  }

  @Test
  void accessDeniedIsOneLineAndLeavesTheCacheAsItWas() throws Exception {
    stub.then(
        AwsStub.CE,
        200,
        ce.page(List.of(cell("2026-03-01", "media-1", "Amazon EC2", "5")), null).toString());
    sync().run(MAR1, MAR1.plusDays(1), MAR10);
    byte[] before = Files.readAllBytes(CloudCostCache.in(data).file());

    stub.then(
        AwsStub.CE,
        400,
        AwsStub.error(
            "AccessDeniedException",
            "User: arn:aws:iam::123456789012:user/ci is not authorized to perform: ce:GetCostAndUsage"));
    SyncException e =
        assertThrows(
            SyncException.class,
            () -> sync().run(MAR1, MAR1.plusDays(5), MAR10.plus(Duration.ofDays(1))));

    assertEquals(
        "Cost Explorer refused these credentials (AccessDeniedException): grant ce:GetCostAndUsage"
            + " to the identity, or check which profile or keys are in use",
        e.getMessage());
    assertEquals(2, stub.bodies(AwsStub.CE).size(), "access denied is not retried");
    assertArrayEquals(before, Files.readAllBytes(CloudCostCache.in(data).file()));
  }

  @Test
  void dataUnavailableSaysToActivateTheTag() throws Exception {
    stub.then(AwsStub.CE, 400, AwsStub.error("DataUnavailableException", "Data is not available"));
    SyncException e =
        assertThrows(SyncException.class, () -> sync().run(MAR1, MAR1.plusDays(1), MAR10));
    assertTrue(
        e.getMessage()
            .startsWith("Cost Explorer has no data for this request (DataUnavailableException)"),
        e.getMessage());
    assertTrue(
        e.getMessage().contains("activate the tag as a cost-allocation tag"), e.getMessage());
    assertTrue(Files.notExists(CloudCostCache.in(data).file()));
  }

  @Test
  void spendWithoutTheTagIsTheUntaggedBucketNeverDropped() throws Exception {
    stub.then(
        AwsStub.CE,
        200,
        ce.page(
                List.of(
                    cell("2026-03-01", "", "Amazon EC2", "12.5"),
                    cell("2026-03-01", "", "AWS Lambda", "0.25"),
                    cell("2026-03-01", "media-1", "Amazon EC2", "1")),
                null)
            .toString());

    CostExplorerSync.Result r = sync().run(MAR1, MAR1.plusDays(1), MAR10);

    assertEquals(List.of(), r.warnings());
    List<CloudCosts.AgentDay> days =
        CloudCosts.load(data, settings(List.of(), 100)).byAgentAndDay(MAR1, MAR1.plusDays(1));
    assertEquals(
        new CloudCosts.AgentDay(MAR1, "untagged", new BigDecimal("12.75"), BigDecimal.ZERO),
        days.get(1));
  }

  @Test
  void onlyUntaggedSpendWarnsThatTheTagMayNotBeActivated() throws Exception {
    stub.then(
        AwsStub.CE,
        200,
        ce.page(List.of(cell("2026-03-01", "", "Amazon EC2", "12.5")), null).toString());
    CostExplorerSync.Result r = sync().run(MAR1, MAR1.plusDays(1), MAR10);
    assertEquals(1, r.warnings().size());
    assertTrue(
        r.warnings().get(0).startsWith("every cost is untagged: is 'agent' activated"),
        r.warnings().toString());
  }

  @Test
  void settledDaysAreFinalAndRecentDaysAreRefetchedAndReplaced() throws Exception {
    // Run 1 on 03-10 fetches 03-01..03-09. On 03-11, days fetched more than 3 days after they
    // ended (03-01..03-06) are final; 03-07..03-09 are asked for again, and 03-09 was revised.
    List<Cell> first = new ArrayList<>();
    for (int d = 1; d <= 9; d++) {
      first.add(cell("2026-03-0" + d, "media-1", "Amazon EC2", "10"));
    }
    stub.then(AwsStub.CE, 200, ce.page(first, null).toString());
    CostExplorerSync.Result r1 = sync().run(MAR1, MAR1.plusDays(9), MAR10);
    assertEquals(9, r1.daysFetched());

    stub.then(
        AwsStub.CE,
        200,
        ce.page(
                List.of(
                    cell("2026-03-07", "media-1", "Amazon EC2", "10"),
                    cell("2026-03-08", "media-1", "Amazon EC2", "10"),
                    cell("2026-03-09", "media-1", "Amazon EC2", "12.75"),
                    cell("2026-03-10", "media-1", "Amazon EC2", "3")),
                null)
            .toString());
    CostExplorerSync.Result r2 =
        sync().run(MAR1, MAR1.plusDays(10), Instant.parse("2026-03-11T06:00:00Z"));

    assertEquals(
        List.of(
            new CostExplorerSync.Span(
                LocalDate.parse("2026-03-07"), LocalDate.parse("2026-03-11"))),
        r2.spans());
    assertEquals(1, r2.requests());
    assertEquals(4, r2.daysFetched());
    assertEquals(6, r2.daysFinal());
    JsonNode asked = stub.bodies(AwsStub.CE).get(1);
    assertEquals("2026-03-07", asked.path("TimePeriod").path("Start").asText());
    List<Row> rows = CloudCostCache.in(data).read().rows();
    assertEquals(10, rows.size(), "one row per day, the revised day replaced, not added");
    assertEquals(
        new BigDecimal("12.75"),
        rows.stream()
            .filter(x -> x.day().equals(LocalDate.parse("2026-03-09")))
            .findFirst()
            .orElseThrow()
            .usd());

    // Run 3 the same day: 03-07 was just fetched 4 days after it, so it is final now too.
    stub.then(AwsStub.CE, 200, ce.page(List.of(), null).toString());
    CostExplorerSync.Result r3 =
        sync().run(MAR1, MAR1.plusDays(10), Instant.parse("2026-03-11T07:00:00Z"));
    assertEquals(
        List.of(
            new CostExplorerSync.Span(
                LocalDate.parse("2026-03-08"), LocalDate.parse("2026-03-11"))),
        r3.spans());
  }

  @Test
  void excludedServicesAreFilteredInTheRequestAndDroppedIfReturned() throws Exception {
    stub.then(
        AwsStub.CE,
        200,
        ce.page(
                List.of(
                    cell("2026-03-01", "media-1", "Tax", "9"),
                    cell("2026-03-01", "media-1", "Amazon EC2", "1")),
                null)
            .toString());

    sync(settings(List.of("Tax"), 100)).run(MAR1, MAR1.plusDays(1), MAR10);

    JsonNode filter = stub.bodies(AwsStub.CE).get(0).path("Filter");
    assertEquals("SERVICE", filter.path("Not").path("Dimensions").path("Key").asText());
    assertEquals("Tax", filter.path("Not").path("Dimensions").path("Values").get(0).asText());
    List<Row> rows = CloudCostCache.in(data).read().rows();
    assertEquals(1, rows.size());
    assertEquals("Amazon EC2", rows.get(0).service());
  }

  @Test
  void theRequestCapStopsTheRunAndWritesNothing() throws Exception {
    List<Cell> cells = new ArrayList<>();
    for (int d = 1; d <= 3; d++) {
      cells.add(cell("2026-03-0" + d, "media-1", "Amazon EC2", "1"));
    }
    ce.pages(cells, 1).forEach(p -> stub.then(AwsStub.CE, 200, p.toString()));

    SyncException e =
        assertThrows(
            SyncException.class,
            () -> sync(settings(List.of(), 2)).run(MAR1, MAR1.plusDays(3), MAR10));

    assertTrue(
        e.getMessage().startsWith("stopped at max_requests_per_run (2 requests, USD 0.02)"),
        e.getMessage());
    assertEquals(2, stub.bodies(AwsStub.CE).size());
    assertTrue(Files.notExists(CloudCostCache.in(data).file()));
  }

  @Test
  void withoutAnEndpointTestsRefuseToReachAws() throws Exception {
    String old = System.setProperty(AwsClients.LOOPBACK_ONLY, "true");
    try {
      CostExplorerSettings real =
          new CostExplorerSettings(
              "us-east-1",
              "agent",
              Optional.empty(),
              Metric.UNBLENDED_COST,
              List.of(),
              Optional.empty(),
              5,
              3,
              List.of(),
              false,
              "x",
              CostExplorerSettings.DEFAULT_SYNC_EVERY_HOURS);
      SyncException e =
          assertThrows(SyncException.class, () -> sync(real).run(MAR1, MAR1.plusDays(1), MAR10));
      assertTrue(
          e.getMessage().startsWith("refusing to call ce.us-east-1.amazonaws.com"), e.getMessage());
    } finally {
      if (old == null) {
        System.clearProperty(AwsClients.LOOPBACK_ONLY);
      } else {
        System.setProperty(AwsClients.LOOPBACK_ONLY, old);
      }
    }
  }
}

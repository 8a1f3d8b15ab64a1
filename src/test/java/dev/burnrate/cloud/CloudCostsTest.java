package dev.burnrate.cloud;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.burnrate.store.CloudCostCache.Day;
import dev.burnrate.store.CloudCostCache.Row;
import dev.burnrate.store.CloudCostCache.Snapshot;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The seam budgets will call: exact sums per agent and day, and the counting-once rule. */
class CloudCostsTest {
  static final LocalDate D1 = LocalDate.parse("2026-03-01");
  static final LocalDate D2 = D1.plusDays(1);
  static final Instant FETCHED = Instant.parse("2026-03-10T00:00:00Z");

  static Snapshot snapshot(Row... rows) {
    return new Snapshot(
        Map.of(
            D1, new Day(D1, "UnblendedCost", "agent", FETCHED, false),
            D2, new Day(D2, "UnblendedCost", "agent", FETCHED, false)),
        List.of(rows));
  }

  static Row row(LocalDate d, String agent, String service, String usd) {
    return new Row(d, agent, service, new BigDecimal(usd));
  }

  final CloudCosts costs =
      CloudCosts.of(
          snapshot(
              row(D1, "media-1", "Amazon EC2", "0.1"),
              row(D1, "media-1", "Amazon EC2", "0.2"),
              row(D1, "media-1", "Amazon Bedrock", "40.0000000001"),
              row(D1, "coder-1", "Amazon Bedrock", "12.5"),
              row(D1, "untagged", "Amazon Bedrock", "3"),
              row(D2, "media-1", "Amazon Bedrock", "41"),
              row(D2, "media-1", "AWS Lambda", "0.0000000009")),
          List.of("Amazon Bedrock"));

  static CloudCosts.AgentDay day(LocalDate d, String agent, String usd, String replaced) {
    return new CloudCosts.AgentDay(d, agent, new BigDecimal(usd), new BigDecimal(replaced));
  }

  @Test
  void sumsExactlyPerAgentAndDayWithoutRounding() {
    assertEquals(
        List.of(
            day(D1, "coder-1", "12.5", "0"),
            day(D1, "media-1", "40.3000000001", "0"),
            day(D1, "untagged", "3", "0"),
            day(D2, "media-1", "41.0000000009", "0")),
        costs.byAgentAndDay(D1, D2.plusDays(1)));
  }

  @Test
  void theRangeIsHalfOpen() {
    assertEquals(3, costs.byAgentAndDay(D1, D2).size());
    assertEquals(List.of(), costs.byAgentAndDay(D2.plusDays(1), D2.plusDays(5)));
  }

  @Test
  void bedrockLinesGiveWayToUsageEventsThatPriceTheSameAgentsCallsThatDay() {
    // Usage events priced media-1's model calls on D1 only: its D1 Bedrock line is replaced, its
    // D2 line (no priced events) and coder-1's count, and untagged always counts.
    CloudCosts.UsagePriced usage = (agent, d) -> agent.equals("media-1") && d.equals(D1);
    assertEquals(
        List.of(
            day(D1, "coder-1", "12.5", "0"),
            day(D1, "media-1", "0.3", "40.0000000001"),
            day(D1, "untagged", "3", "0"),
            day(D2, "media-1", "41.0000000009", "0")),
        costs.byAgentAndDay(D1, D2.plusDays(1), usage));
  }

  @Test
  void untaggedBedrockSpendCountsEvenWhenEveryAgentHasUsage() {
    List<CloudCosts.AgentDay> days = costs.byAgentAndDay(D1, D2, (agent, d) -> true);
    assertEquals(day(D1, "untagged", "3", "0"), days.get(2));
  }

  @Test
  void daysNeverFetchedAreUnknownNotZero() {
    assertEquals(List.of(D2.plusDays(1)), costs.missingDays(D1, D2.plusDays(2)));
  }

  @Test
  void freshnessSaysHowOldTheCachedDaysAre() {
    CloudCosts.Freshness f = costs.freshness(Instant.parse("2026-03-12T06:00:00Z"));
    assertEquals(2, f.days());
    assertEquals(194400L, f.ageSeconds().orElseThrow());
    assertEquals(
        "2 cached day(s), 2026-03-01 to 2026-03-02, last fetched 2026-03-10T00:00:00Z (2 days ago)",
        f.summary());
    assertEquals(
        "no cloud costs cached; run burnrate sync-costs",
        CloudCosts.of(Snapshot.EMPTY, List.of()).freshness(FETCHED).summary());
  }
}

package dev.burnrate.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.burnrate.cloud.CostExplorerSettings;
import dev.burnrate.cloud.CostExplorerSettings.Metric;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CostExplorerConfigTest {
  @TempDir Path dir;

  private List<String> problems(String yaml) throws Exception {
    Files.writeString(dir.resolve("budget.yaml"), yaml);
    return ConfigLoader.validate(dir).stream().map(Problem::toString).collect(Collectors.toList());
  }

  @Test
  void fullSectionLoadsWithEveryKey() throws Exception {
    Files.writeString(
        dir.resolve("budget.yaml"),
        """
        cost_sources: [usage, aws_cost_explorer]
        aws_cost_explorer:
          region: us-east-1
          agent_tag: agent
          team_tag: team
          metric: AmortizedCost
          exclude_services: [Tax, AWS Support (Business)]
          endpoint: http://127.0.0.1:5055
          max_requests_per_run: 20
          settle_days: 5
          usage_priced_services: [Amazon Bedrock, Claude (Amazon Bedrock Edition)]
          instance_metadata: true
        """);
    CostExplorerSettings s = ConfigLoader.load(dir).costExplorer().orElseThrow();
    assertEquals("us-east-1", s.region());
    assertEquals("agent", s.agentTag());
    assertEquals(Optional.of("team"), s.teamTag());
    assertEquals(Metric.AMORTIZED_COST, s.metric());
    assertEquals(List.of("Tax", "AWS Support (Business)"), s.excludeServices());
    assertEquals(Optional.of(URI.create("http://127.0.0.1:5055")), s.endpoint());
    assertEquals(20, s.maxRequestsPerRun());
    assertEquals(5, s.settleDays());
    assertEquals(
        List.of("Amazon Bedrock", "Claude (Amazon Bedrock Edition)"), s.usagePricedServices());
    assertTrue(s.instanceMetadata());
    assertEquals("budget.yaml:2:1", s.location());
  }

  @Test
  void optionalKeysTakeTheirDefaults() throws Exception {
    Files.writeString(
        dir.resolve("budget.yaml"),
        """
        aws_cost_explorer: {region: eu-central-1, agent_tag: agent}
        """);
    CostExplorerSettings s = ConfigLoader.load(dir).costExplorer().orElseThrow();
    assertEquals(Metric.UNBLENDED_COST, s.metric());
    assertEquals(3, s.settleDays());
    assertEquals(100, s.maxRequestsPerRun());
    assertEquals(List.of(), s.excludeServices());
    assertEquals(List.of("Amazon Bedrock"), s.usagePricedServices());
    assertEquals(Optional.empty(), s.endpoint());
    assertEquals(false, s.instanceMetadata());
  }

  @Test
  void aBudgetWithoutTheSectionHasNoCloudSettings() throws Exception {
    Files.writeString(dir.resolve("budget.yaml"), "cost_sources: [usage]\n");
    assertEquals(Optional.empty(), ConfigLoader.load(dir).costExplorer());
    assertEquals(Optional.empty(), ConfigLoader.load(Path.of("config")).costExplorer());
  }

  @Test
  void everyProblemIsReportedWithItsPosition() throws Exception {
    List<String> p =
        problems(
            """
        aws_cost_explorer:
          region: US East
          metric: BlendedCost
          exclude_services: [Tax, Tax]
          endpoint: ftp://example.com
          max_requests_per_run: 0
          settle_days: 2.5
          instance_metadata: maybe
          regoin: x
        """);
    assertEquals(
        List.of(
            "budget.yaml:2:3 aws_cost_explorer.agent_tag: is missing; this key is required",
            "budget.yaml:2:11 aws_cost_explorer.region: 'US East' is not an AWS region id; write one such as us-east-1",
            "budget.yaml:3:11 aws_cost_explorer.metric: 'BlendedCost' is not one of UnblendedCost, AmortizedCost, NetUnblendedCost",
            "budget.yaml:4:27 aws_cost_explorer.exclude_services[1]: 'Tax' is listed twice; remove one",
            "budget.yaml:5:13 aws_cost_explorer.endpoint: 'ftp://example.com' is not an http(s) URL with a host (and no user info); write e.g. http://127.0.0.1:5055",
            "budget.yaml:6:25 aws_cost_explorer.max_requests_per_run: 0 is out of range; use 1 to 10000",
            "budget.yaml:7:16 aws_cost_explorer.settle_days: 2.5 is not a whole number",
            "budget.yaml:8:22 aws_cost_explorer.instance_metadata: 'maybe' is not true or false",
            "budget.yaml:9:3 aws_cost_explorer.regoin: unknown key 'regoin' (did you mean 'region'?); expected one of"
                + " region, agent_tag, team_tag, metric, exclude_services, endpoint, max_requests_per_run,"
                + " settle_days, usage_priced_services, instance_metadata, sync_every_hours"),
        p);
  }

  @Test
  void listingTheBillAsASourceWithoutTheSectionStillLoads() throws Exception {
    assertEquals(List.of(), problems("cost_sources: [usage, aws_cost_explorer]\n"));
  }

  @Test
  void aDuplicatedSectionIsReportedOnce() throws Exception {
    List<String> p =
        problems(
            """
        aws_cost_explorer: {region: us-east-1, agent_tag: agent}
        aws_cost_explorer: {region: us-east-1, agent_tag: agent}
        """);
    assertEquals(1, p.size(), p.toString());
    assertTrue(
        p.get(0).startsWith("budget.yaml:2:1 aws_cost_explorer: duplicate key"), p.toString());
  }
}

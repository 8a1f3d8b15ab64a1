package dev.burnrate.cloud;

import java.net.URI;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The {@code aws_cost_explorer} section of {@code budget.yaml}, validated.
 *
 * @param agentTag the cost-allocation tag whose value is the agent id
 * @param excludeServices Cost Explorer SERVICE values left out of the sync (e.g. {@code Tax})
 * @param endpoint an emulator or a VPC endpoint instead of AWS's public one
 * @param maxRequestsPerRun requests one sync may make (each costs USD 0.01)
 * @param settleDays days after which Cost Explorer no longer revises a day; older days, once
 *     fetched after they settled, are final and never fetched again
 * @param usagePricedServices services whose lines are replaced by usage events for an agent and day
 *     on which usage events already price that agent's model calls (see {@link CloudCosts})
 * @param instanceMetadata whether the credential chain may ask EC2 instance metadata
 * @param syncEveryHours how often {@code serve} syncs the bill (0: never; the daily run and {@code
 *     sync-costs} still do)
 * @param location {@code file:line:col} of the section, for messages
 */
public record CostExplorerSettings(
    String region,
    String agentTag,
    Optional<String> teamTag,
    Metric metric,
    List<String> excludeServices,
    Optional<URI> endpoint,
    int maxRequestsPerRun,
    int settleDays,
    List<String> usagePricedServices,
    boolean instanceMetadata,
    String location,
    int syncEveryHours) {

  public static final int DEFAULT_MAX_REQUESTS = 100;
  public static final int DEFAULT_SYNC_EVERY_HOURS = 6;
  public static final int DEFAULT_SETTLE_DAYS = 3;
  public static final List<String> DEFAULT_USAGE_PRICED = List.of("Amazon Bedrock");

  public CostExplorerSettings {
    Objects.requireNonNull(region, "region");
    Objects.requireNonNull(agentTag, "agentTag");
    Objects.requireNonNull(teamTag, "teamTag");
    Objects.requireNonNull(metric, "metric");
    Objects.requireNonNull(endpoint, "endpoint");
    Objects.requireNonNull(location, "location");
    excludeServices = List.copyOf(excludeServices);
    usagePricedServices = List.copyOf(usagePricedServices);
    if (maxRequestsPerRun < 1) {
      throw new IllegalArgumentException(
          "max_requests_per_run " + maxRequestsPerRun + " is below 1");
    }
    if (settleDays < 0) {
      throw new IllegalArgumentException("settle_days " + settleDays + " is negative");
    }
    if (syncEveryHours < 0) {
      throw new IllegalArgumentException("sync_every_hours " + syncEveryHours + " is negative");
    }
  }

  /** The Cost Explorer metrics burnrate can count as spend. */
  public enum Metric {
    UNBLENDED_COST("UnblendedCost"),
    AMORTIZED_COST("AmortizedCost"),
    NET_UNBLENDED_COST("NetUnblendedCost");

    private final String wireName;

    Metric(String wireName) {
      this.wireName = wireName;
    }

    public String wireName() {
      return wireName;
    }

    public static Optional<Metric> fromWireName(String name) {
      return Arrays.stream(values()).filter(m -> m.wireName.equals(name)).findFirst();
    }

    public static String wireNames() {
      return Arrays.stream(values()).map(Metric::wireName).collect(Collectors.joining(", "));
    }
  }
}

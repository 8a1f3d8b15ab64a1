package dev.burnrate.config;

import dev.burnrate.cloud.CostExplorerSettings;
import dev.burnrate.cloud.CostExplorerSettings.Metric;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;

/**
 * The {@code aws_cost_explorer} section of {@code budget.yaml}. Kept apart from {@link
 * BudgetReader} (which only admits the key) because its settings configure a source, not a budget.
 */
final class CostExplorerReader {
  static final String KEY = "aws_cost_explorer";
  private static final List<String> FIELDS =
      List.of(
          "region",
          "agent_tag",
          "team_tag",
          "metric",
          "exclude_services",
          "endpoint",
          "max_requests_per_run",
          "settle_days",
          "usage_priced_services",
          "instance_metadata",
          "sync_every_hours");

  /** AWS region ids: us-east-1, eu-central-2, us-gov-west-1, cn-north-1. */
  private static final Pattern REGION = Pattern.compile("[a-z]{2}(-[a-z]+)+-[0-9]{1,2}");

  /** Cost-allocation tag keys are at most 128 characters. */
  private static final int MAX_TAG = 128;

  private CostExplorerReader() {}

  static Optional<CostExplorerSettings> read(YamlFile f) {
    // BudgetReader reports the root's shape and duplicate keys; this only finds its section.
    if (!(f.root() instanceof MappingNode root)) {
      return Optional.empty();
    }
    YamlFile.Entry section = first(root, KEY);
    if (section == null) {
      // cost_sources may name the bill without a section (files that loaded before must still
      // load); sync-costs says what is missing when it is asked to read the bill.
      return Optional.empty();
    }
    var s = f.fields(section.value(), KEY, FIELDS).orElse(null);
    if (s == null) {
      return Optional.empty();
    }
    Optional<String> region =
        s.require("region")
            .flatMap(n -> f.text(n, s.path("region")))
            .filter(
                r -> {
                  if (REGION.matcher(r).matches()) {
                    return true;
                  }
                  f.problem(
                      s.get("region"),
                      s.path("region"),
                      YamlFile.quote(r) + " is not an AWS region id; write one such as us-east-1");
                  return false;
                });
    Optional<String> agentTag = s.require("agent_tag").flatMap(n -> tag(f, n, s.path("agent_tag")));
    Optional<String> teamTag = Optional.empty();
    boolean teamValid = true;
    if (s.has("team_tag")) {
      teamTag = tag(f, s.get("team_tag"), s.path("team_tag"));
      teamValid = teamTag.isPresent();
    }
    Optional<Metric> metric = Optional.of(Metric.UNBLENDED_COST);
    if (s.has("metric")) {
      Node n = s.get("metric");
      metric =
          f.text(n, s.path("metric"))
              .flatMap(
                  name -> {
                    Optional<Metric> m = Metric.fromWireName(name);
                    if (m.isEmpty()) {
                      f.problem(
                          n,
                          s.path("metric"),
                          YamlFile.quote(name) + " is not one of " + Metric.wireNames());
                    }
                    return m;
                  });
    }
    Optional<List<String>> exclude =
        names(f, s.get("exclude_services"), s.path("exclude_services"));
    Optional<List<String>> usagePriced =
        s.has("usage_priced_services")
            ? names(f, s.get("usage_priced_services"), s.path("usage_priced_services"))
            : Optional.of(CostExplorerSettings.DEFAULT_USAGE_PRICED);
    Optional<URI> endpoint = Optional.empty();
    boolean endpointValid = true;
    if (s.has("endpoint")) {
      endpoint = url(f, s.get("endpoint"), s.path("endpoint"));
      endpointValid = endpoint.isPresent();
    }
    Optional<Long> maxRequests =
        s.has("max_requests_per_run")
            ? f.whole(s.get("max_requests_per_run"), s.path("max_requests_per_run"), 1, 10_000)
            : Optional.of((long) CostExplorerSettings.DEFAULT_MAX_REQUESTS);
    Optional<Long> settle =
        s.has("settle_days")
            ? f.whole(s.get("settle_days"), s.path("settle_days"), 0, 30)
            : Optional.of((long) CostExplorerSettings.DEFAULT_SETTLE_DAYS);
    Optional<Long> syncEvery =
        s.has("sync_every_hours")
            ? f.whole(s.get("sync_every_hours"), s.path("sync_every_hours"), 0, 168)
            : Optional.of((long) CostExplorerSettings.DEFAULT_SYNC_EVERY_HOURS);
    Optional<Boolean> imds =
        s.has("instance_metadata")
            ? f.bool(s.get("instance_metadata"), s.path("instance_metadata"))
            : Optional.of(false);
    if (region.isEmpty()
        || agentTag.isEmpty()
        || !teamValid
        || metric.isEmpty()
        || exclude.isEmpty()
        || usagePriced.isEmpty()
        || !endpointValid
        || maxRequests.isEmpty()
        || settle.isEmpty()
        || syncEvery.isEmpty()
        || imds.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(
        new CostExplorerSettings(
            region.get(),
            agentTag.get(),
            teamTag,
            metric.get(),
            exclude.get(),
            endpoint,
            maxRequests.get().intValue(),
            settle.get().intValue(),
            usagePriced.get(),
            imds.get(),
            f.location(section.key()),
            syncEvery.get().intValue()));
  }

  private static YamlFile.Entry first(MappingNode mapping, String key) {
    for (NodeTuple t : mapping.getValue()) {
      if (t.getKeyNode() instanceof ScalarNode k && k.getValue().equals(key)) {
        return new YamlFile.Entry(k, t.getValueNode());
      }
    }
    return null;
  }

  private static Optional<String> tag(YamlFile f, Node n, String path) {
    return f.text(n, path)
        .filter(
            t -> {
              if (t.length() <= MAX_TAG && t.strip().equals(t)) {
                return true;
              }
              f.problem(
                  n,
                  path,
                  YamlFile.quote(t)
                      + " is not a cost-allocation tag key (at most "
                      + MAX_TAG
                      + " characters, no leading or trailing spaces)");
              return false;
            });
  }

  /** A list of distinct non-blank names. */
  private static Optional<List<String>> names(YamlFile f, Node node, String path) {
    List<Node> items = f.sequence(node, path).orElse(null);
    if (items == null) {
      return Optional.empty();
    }
    List<String> out = new ArrayList<>();
    boolean valid = true;
    for (int i = 0; i < items.size(); i++) {
      String itemPath = YamlFile.index(path, i);
      Node item = items.get(i);
      Optional<String> name = f.text(item, itemPath);
      if (name.isEmpty()) {
        valid = false;
      } else if (out.contains(name.get())) {
        f.problem(item, itemPath, YamlFile.quote(name.get()) + " is listed twice; remove one");
        valid = false;
      } else {
        out.add(name.get());
      }
    }
    return valid ? Optional.of(out) : Optional.empty();
  }

  private static Optional<URI> url(YamlFile f, Node node, String path) {
    return f.text(node, path)
        .flatMap(
            text -> {
              try {
                URI uri = new URI(text);
                if (("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))
                    && uri.getHost() != null
                    && uri.getUserInfo() == null) {
                  return Optional.of(uri);
                }
              } catch (URISyntaxException e) {
                // reported below
              }
              f.problem(
                  node,
                  path,
                  YamlFile.quote(text)
                      + " is not an http(s) URL with a host (and no user info); write e.g. http://127.0.0.1:5055");
              return Optional.empty();
            });
  }
}

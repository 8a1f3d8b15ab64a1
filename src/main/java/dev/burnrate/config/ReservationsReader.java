package dev.burnrate.config;

import dev.burnrate.reserve.ReservePolicy;
import dev.burnrate.reserve.ReservePolicy.RollingCaps;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;

/**
 * The reservation keys of {@code budget.yaml}, all optional: {@code reservations:
 * {default_ttl_seconds, max_ttl_seconds}}, {@code run_ceiling_usd: {default, per_agent}} and {@code
 * rolling_caps_usd: {<agent>: {last_hour, last_24h}}}. {@link BudgetReader} owns the file's top
 * level (unknown and duplicate keys are reported there once); this reader only looks inside its own
 * three keys.
 */
final class ReservationsReader {
  static final List<String> KEYS = List.of("reservations", "run_ceiling_usd", "rolling_caps_usd");
  private static final List<String> TTL = List.of("default_ttl_seconds", "max_ttl_seconds");
  private static final List<String> RUN = List.of("default", "per_agent");
  private static final List<String> ROLLING = List.of("last_hour", "last_24h");

  private ReservationsReader() {}

  static ReservePolicy read(YamlFile f) {
    ReservePolicy d = ReservePolicy.DEFAULT;
    Duration defaultTtl = d.defaultTtl();
    Duration maxTtl = d.maxTtl();
    long longest = ReservePolicy.LONGEST_TTL.toSeconds();
    Node res = top(f, "reservations");
    var ttl = res == null ? Optional.<YamlFile.Fields>empty() : f.fields(res, "reservations", TTL);
    if (ttl.isPresent()) {
      var t = ttl.get();
      if (t.has("max_ttl_seconds")) {
        maxTtl =
            f.whole(t.get("max_ttl_seconds"), t.path("max_ttl_seconds"), 1, longest)
                .map(Duration::ofSeconds)
                .orElse(maxTtl);
      }
      if (t.has("default_ttl_seconds")) {
        Node n = t.get("default_ttl_seconds");
        Optional<Long> s = f.whole(n, t.path("default_ttl_seconds"), 1, longest);
        if (s.isPresent() && s.get() > maxTtl.toSeconds()) {
          f.problem(
              n,
              t.path("default_ttl_seconds"),
              s.get()
                  + " is above max_ttl_seconds "
                  + maxTtl.toSeconds()
                  + "; lower it or raise max_ttl_seconds");
        } else if (s.isPresent()) {
          defaultTtl = Duration.ofSeconds(s.get());
        }
      } else if (defaultTtl.compareTo(maxTtl) > 0) {
        defaultTtl = maxTtl;
      }
    }

    Optional<BigDecimal> runDefault = Optional.empty();
    Map<String, BigDecimal> runPerAgent = new LinkedHashMap<>();
    Node run = top(f, "run_ceiling_usd");
    var r = run == null ? Optional.<YamlFile.Fields>empty() : f.fields(run, "run_ceiling_usd", RUN);
    if (r.isPresent()) {
      if (r.get().has("default")) {
        runDefault = f.positive(r.get().get("default"), r.get().path("default"));
      }
      String path = r.get().path("per_agent");
      for (var e : f.entries(r.get().get("per_agent"), path).orElse(Map.of()).entrySet()) {
        f.positive(e.getValue().value(), YamlFile.child(path, e.getKey()))
            .ifPresent(usd -> runPerAgent.put(e.getKey(), usd));
      }
    }

    Map<String, RollingCaps> rolling = new LinkedHashMap<>();
    Node caps = top(f, "rolling_caps_usd");
    for (var e : f.entries(caps, "rolling_caps_usd").orElse(Map.of()).entrySet()) {
      String path = YamlFile.child("rolling_caps_usd", e.getKey());
      var c = f.fields(e.getValue().value(), path, ROLLING).orElse(null);
      if (c == null) {
        continue;
      }
      Optional<BigDecimal> hour =
          c.has("last_hour")
              ? f.positive(c.get("last_hour"), c.path("last_hour"))
              : Optional.empty();
      Optional<BigDecimal> day =
          c.has("last_24h") ? f.positive(c.get("last_24h"), c.path("last_24h")) : Optional.empty();
      if (!c.has("last_hour") && !c.has("last_24h")) {
        f.problem(e.getValue().value(), path, "names no cap; give last_hour, last_24h or both");
        continue;
      }
      rolling.put(e.getKey(), new RollingCaps(hour, day));
    }
    return new ReservePolicy(defaultTtl, maxTtl, runDefault, runPerAgent, rolling);
  }

  /** The value of a top-level key (its first occurrence), or null; problems are BudgetReader's. */
  private static Node top(YamlFile f, String key) {
    if (!(f.root() instanceof MappingNode m)) {
      return null;
    }
    for (NodeTuple t : m.getValue()) {
      if (t.getKeyNode() instanceof ScalarNode k && key.equals(k.getValue())) {
        return t.getValueNode();
      }
    }
    return null;
  }
}

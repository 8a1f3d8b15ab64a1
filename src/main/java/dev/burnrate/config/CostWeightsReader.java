package dev.burnrate.config;

import dev.burnrate.usage.AnomalySettings;
import dev.burnrate.usage.CostWeights;
import dev.burnrate.usage.ToolWeight;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.yaml.snakeyaml.nodes.Node;

/**
 * {@code cost_weights.yml}: {@code defaults}, {@code tools} and {@code anomaly}. A tool entry that
 * leaves out a weight takes the default's; leaving out {@code defaults} means the built-in ones.
 */
final class CostWeightsReader {
  private static final List<String> TOP = List.of("defaults", "tools", "anomaly");
  private static final List<String> WEIGHT = List.of("cost_per_call", "cost_per_ms");
  private static final List<String> TOOL = List.of("cost_per_call", "cost_per_ms", "category");
  private static final List<String> ANOMALY =
      List.of("spike_ratio_threshold", "min_calls_threshold");

  private CostWeightsReader() {}

  static CostWeights read(YamlFile f, String source) {
    var top = f.fields(f.root(), "", TOP).orElse(null);
    if (top == null) {
      return CostWeights.BUILT_IN;
    }
    ToolWeight defaults = CostWeights.BUILT_IN.defaults();
    if (top.has("defaults")) {
      var d = f.fields(top.get("defaults"), "defaults", WEIGHT).orElse(null);
      if (d != null) {
        Optional<BigDecimal> perCall =
            d.require("cost_per_call").flatMap(n -> f.nonNegative(n, d.path("cost_per_call")));
        Optional<BigDecimal> perMs =
            d.require("cost_per_ms").flatMap(n -> f.nonNegative(n, d.path("cost_per_ms")));
        defaults =
            new ToolWeight(
                perCall.orElse(defaults.costPerCall()), perMs.orElse(defaults.costPerMs()), null);
      }
    }
    Map<String, ToolWeight> tools = new LinkedHashMap<>();
    for (var e : f.entries(top.get("tools"), "tools").orElse(Map.of()).entrySet()) {
      String path = YamlFile.child("tools", e.getKey());
      var t = f.fields(e.getValue().value(), path, TOOL);
      if (t.isEmpty()) {
        continue;
      }
      BigDecimal perCall = weight(f, t.get(), "cost_per_call", defaults.costPerCall());
      BigDecimal perMs = weight(f, t.get(), "cost_per_ms", defaults.costPerMs());
      String category =
          t.get().has("category")
              ? f.text(t.get().get("category"), t.get().path("category")).orElse(null)
              : null;
      tools.put(e.getKey(), new ToolWeight(perCall, perMs, category));
    }
    AnomalySettings anomaly = AnomalySettings.DEFAULTS;
    var a = f.fields(top.get("anomaly"), "anomaly", ANOMALY);
    if (a.isPresent()) {
      double spike = anomaly.spikeRatioThreshold();
      Node spikeNode = a.get().get("spike_ratio_threshold");
      if (spikeNode != null) {
        spike =
            f.positive(spikeNode, "anomaly.spike_ratio_threshold")
                .map(BigDecimal::doubleValue)
                .orElse(spike);
      }
      long minCalls = anomaly.minCallsThreshold();
      Node minNode = a.get().get("min_calls_threshold");
      if (minNode != null) {
        minCalls =
            f.whole(minNode, "anomaly.min_calls_threshold", 0, Integer.MAX_VALUE).orElse(minCalls);
      }
      anomaly = new AnomalySettings(spike, (int) minCalls);
    }
    return new CostWeights(defaults, tools, anomaly, source);
  }

  private static BigDecimal weight(
      YamlFile f, YamlFile.Fields tool, String key, BigDecimal fallback) {
    Node n = tool.get(key);
    return n == null ? fallback : f.nonNegative(n, tool.path(key)).orElse(fallback);
  }
}

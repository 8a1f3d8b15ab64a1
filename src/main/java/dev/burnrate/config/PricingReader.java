package dev.burnrate.config;

import dev.burnrate.pricing.PriceOverride;
import dev.burnrate.pricing.ToolRate;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.yaml.snakeyaml.nodes.Node;

/**
 * {@code pricing.yml}: {@code overrides}, a list of operator prices in USD per million tokens. Each
 * names a model and the date it takes effect, and at least one rate; rates left out fall back to
 * the bundled catalog. {@code tools}, a list of dollar rates for tools that are not model calls:
 * each names a tool, the date it takes effect, and {@code per_call_usd} and/or {@code
 * per_second_usd}.
 */
final class PricingReader {
  private static final List<String> TOP = List.of("overrides", "tools");
  private static final List<String> TOOL_ENTRY =
      List.of("tool", "effective_from", "per_call_usd", "per_second_usd");

  /** What pricing.yml holds. */
  record Pricing(List<PriceOverride> overrides, List<ToolRate> toolRates) {
    static final Pricing EMPTY = new Pricing(List.of(), List.of());
  }

  private static final List<String> RATES =
      List.of(
          "input_per_mtok",
          "output_per_mtok",
          "cache_read_per_mtok",
          "cache_write_per_mtok",
          "cache_write_1h_per_mtok");
  private static final List<String> ENTRY;

  static {
    List<String> keys = new ArrayList<>(List.of("model", "provider", "effective_from"));
    keys.addAll(RATES);
    ENTRY = List.copyOf(keys);
  }

  private PricingReader() {}

  static Pricing read(YamlFile f) {
    var top = f.fields(f.root(), "", TOP).orElse(null);
    if (top == null) {
      return Pricing.EMPTY;
    }
    return new Pricing(overrides(f, top.get("overrides")), toolRates(f, top.get("tools")));
  }

  private static List<ToolRate> toolRates(YamlFile f, Node node) {
    if (node == null) {
      return List.of();
    }
    List<ToolRate> out = new ArrayList<>();
    Map<String, String> seen = new HashMap<>();
    List<Node> items = f.sequence(node, "tools").orElse(List.of());
    for (int i = 0; i < items.size(); i++) {
      String path = YamlFile.index("tools", i);
      var o = f.fields(items.get(i), path, TOOL_ENTRY).orElse(null);
      if (o == null) {
        continue;
      }
      Optional<String> tool = o.require("tool").flatMap(n -> f.text(n, o.path("tool")));
      Optional<LocalDate> from =
          o.require("effective_from").flatMap(n -> date(f, n, o.path("effective_from")));
      BigDecimal perCall = null;
      BigDecimal perSecond = null;
      boolean valid = true;
      if (o.has("per_call_usd")) {
        perCall = rate(f, o.get("per_call_usd"), o.path("per_call_usd")).orElse(null);
        valid &= perCall != null;
      }
      if (o.has("per_second_usd")) {
        perSecond = rate(f, o.get("per_second_usd"), o.path("per_second_usd")).orElse(null);
        valid &= perSecond != null;
      }
      if (valid && perCall == null && perSecond == null) {
        f.problem(items.get(i), path, "names no rate; give per_call_usd, per_second_usd or both");
        continue;
      }
      if (tool.isEmpty() || from.isEmpty() || !valid) {
        continue;
      }
      String first = seen.putIfAbsent(tool.get() + "|" + from.get(), path);
      if (first != null) {
        f.problem(
            items.get(i),
            path,
            "repeats "
                + first
                + " ("
                + YamlFile.quote(tool.get())
                + " from "
                + from.get()
                + "); merge the two entries");
        continue;
      }
      out.add(new ToolRate(tool.get(), from.get(), perCall, perSecond, f.location(items.get(i))));
    }
    return out;
  }

  /** A tool rate: at least 0, at most {@link ToolRate#MAX_USD}, exact to the pico-dollar. */
  private static Optional<BigDecimal> rate(YamlFile f, Node node, String path) {
    Optional<BigDecimal> v = f.nonNegative(node, path);
    if (v.isEmpty()) {
      return v;
    }
    if (v.get().compareTo(ToolRate.MAX_USD) > 0) {
      f.problem(
          node,
          path,
          v.get().toPlainString() + " is above " + ToolRate.MAX_USD + "; use a rate up to that");
      return Optional.empty();
    }
    if (v.get().stripTrailingZeros().scale() > 12) {
      f.problem(
          node,
          path,
          v.get().toPlainString()
              + " has more than 12 decimal places; round it to the pico-dollar");
      return Optional.empty();
    }
    return v;
  }

  private static List<PriceOverride> overrides(YamlFile f, Node node) {
    List<PriceOverride> out = new ArrayList<>();
    Map<String, String> seen = new HashMap<>();
    if (node == null) {
      return List.of();
    }
    List<Node> items = f.sequence(node, "overrides").orElse(List.of());
    for (int i = 0; i < items.size(); i++) {
      String path = YamlFile.index("overrides", i);
      var o = f.fields(items.get(i), path, ENTRY).orElse(null);
      if (o == null) {
        continue;
      }
      Optional<String> model = o.require("model").flatMap(n -> f.text(n, o.path("model")));
      String provider =
          o.has("provider") ? f.text(o.get("provider"), o.path("provider")).orElse(null) : null;
      Optional<LocalDate> from =
          o.require("effective_from").flatMap(n -> date(f, n, o.path("effective_from")));
      Map<String, BigDecimal> rates = new HashMap<>();
      boolean ratesValid = true;
      for (String key : RATES) {
        if (o.has(key)) {
          Optional<BigDecimal> rate = f.nonNegative(o.get(key), o.path(key));
          rate.ifPresent(r -> rates.put(key, r));
          ratesValid &= rate.isPresent();
        }
      }
      if (ratesValid && rates.isEmpty()) {
        f.problem(
            items.get(i), path, "names no rate; give at least one of " + String.join(", ", RATES));
        continue;
      }
      if (model.isEmpty() || from.isEmpty() || !ratesValid) {
        continue;
      }
      String identity = model.get() + "|" + provider + "|" + from.get();
      String first = seen.putIfAbsent(identity, path);
      if (first != null) {
        f.problem(
            items.get(i),
            path,
            "repeats "
                + first
                + " ("
                + model.get()
                + " from "
                + from.get()
                + "); merge the two entries");
        continue;
      }
      out.add(
          new PriceOverride(
              model.get(),
              provider,
              from.get(),
              rates.get("input_per_mtok"),
              rates.get("output_per_mtok"),
              rates.get("cache_read_per_mtok"),
              rates.get("cache_write_per_mtok"),
              rates.get("cache_write_1h_per_mtok"),
              f.location(items.get(i))));
    }
    return out;
  }

  private static Optional<LocalDate> date(YamlFile f, Node node, String path) {
    return f.text(node, path)
        .flatMap(
            text -> {
              try {
                return Optional.of(LocalDate.parse(text));
              } catch (DateTimeParseException e) {
                f.problem(node, path, YamlFile.quote(text) + " is not a date; write YYYY-MM-DD");
                return Optional.empty();
              }
            });
  }
}

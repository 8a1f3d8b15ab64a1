package dev.burnrate.config;

import dev.burnrate.pricing.PriceOverride;
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
 * the bundled catalog.
 */
final class PricingReader {
  private static final List<String> TOP = List.of("overrides");
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

  static List<PriceOverride> read(YamlFile f) {
    var top = f.fields(f.root(), "", TOP).orElse(null);
    if (top == null) {
      return List.of();
    }
    List<PriceOverride> out = new ArrayList<>();
    Map<String, String> seen = new HashMap<>();
    List<Node> items = f.sequence(top.get("overrides"), "overrides").orElse(List.of());
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

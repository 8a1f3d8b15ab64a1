package dev.burnrate.cli;

import dev.burnrate.cloud.AwsPriceOverlay;
import dev.burnrate.engine.Pricer;
import dev.burnrate.pricing.ModelPrice;
import dev.burnrate.pricing.PriceCatalog;
import dev.burnrate.pricing.PriceOverride;
import dev.burnrate.pricing.Tier;
import dev.burnrate.pricing.ToolRate;
import java.io.IOException;
import java.io.InputStream;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.zip.CRC32;

/**
 * The engine's {@link Pricer} backed by the bundled catalog plus the operator's overrides. Rates
 * are converted once per (model, day) to pico-dollars per token by {@link Pricer.Rates#of}, by the
 * same rule estimates use.
 */
final class CatalogPricer implements Pricer {
  private static final String RESOURCE = "/dev/burnrate/pricing/litellm-prices.tsv";
  private final CompletableFuture<PriceCatalog> catalog;
  private final String identity;

  /** Per tool, its rates by the day they take effect. */
  private final Map<String, TreeMap<LocalDate, long[]>> toolRates = new HashMap<>();

  /** The price tables named, in precedence order, except the bundled catalog's name and date. */
  private final List<String> tables = new java.util.ArrayList<>();

  /** Starts loading the catalog in the background: a restart need not wait for it. */
  CatalogPricer(List<PriceOverride> overrides, List<ToolRate> tools) {
    this(overrides, AwsPriceOverlay.Prices.NONE, tools);
  }

  /**
   * @param aws AWS list prices, already without the models the operator overrides: the operator's
   *     prices come first, then these, then the bundled catalog
   */
  CatalogPricer(List<PriceOverride> overrides, AwsPriceOverlay.Prices aws, List<ToolRate> tools) {
    List<PriceOverride> all = new java.util.ArrayList<>(aws.prices());
    all.addAll(overrides);
    this.catalog = CompletableFuture.supplyAsync(() -> PriceCatalog.bundled().withOverrides(all));
    StringBuilder id = new StringBuilder(resourceCrc()).append('|').append(all);
    for (ToolRate t : tools) {
      toolRates
          .computeIfAbsent(t.tool(), k -> new TreeMap<>())
          .put(
              t.effectiveFrom(),
              new long[] {ToolRate.picos(t.perCallUsd()), ToolRate.picos(t.perSecondUsd())});
      id.append("|tool:")
          .append(t.tool())
          .append('@')
          .append(t.effectiveFrom())
          .append('=')
          .append(t.perCallUsd())
          .append('+')
          .append(t.perSecondUsd());
    }
    this.identity = id.toString();
    long models =
        overrides.stream()
            .map(o -> o.model().toLowerCase(java.util.Locale.ROOT))
            .distinct()
            .count();
    List<String> operator = new java.util.ArrayList<>();
    if (models > 0) {
      operator.add(models + (models == 1 ? " model price" : " model prices"));
    }
    if (!toolRates.isEmpty()) {
      operator.add(toolRates.size() + (toolRates.size() == 1 ? " tool rate" : " tool rates"));
    }
    if (!operator.isEmpty()) {
      tables.add("pricing.yml: " + String.join(", ", operator));
    }
    if (aws.region() != null) {
      tables.add(
          "AWS "
              + aws.region()
              + " list prices"
              + (aws.fetchedAt() == null ? "" : " fetched " + aws.fetchedAt()));
    }
  }

  /**
   * In precedence order: the operator's pricing.yml (model prices, tool rates), the AWS overlay
   * (region, when fetched), the bundled catalog (its source and date).
   */
  @Override
  public java.util.Optional<String> tables() {
    List<String> all = new java.util.ArrayList<>(tables);
    all.add("bundled " + catalog().source());
    return java.util.Optional.of(String.join("; ", all));
  }

  /** The rate in force on {@code day}: the latest that took effect on or before it. */
  @Override
  public long[] toolRate(String tool, LocalDate day) {
    TreeMap<LocalDate, long[]> rates = toolRates.get(tool);
    if (rates == null) {
      return null;
    }
    Map.Entry<LocalDate, long[]> e = rates.floorEntry(day);
    return e == null ? null : e.getValue();
  }

  PriceCatalog catalog() {
    return catalog.join();
  }

  private static String resourceCrc() {
    try (InputStream in = CatalogPricer.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        return "missing";
      }
      CRC32 crc = new CRC32();
      crc.update(in.readAllBytes());
      return Long.toHexString(crc.getValue());
    } catch (IOException e) {
      return "unreadable";
    }
  }

  @Override
  public String identity() {
    return identity;
  }

  @Override
  public Pricer.Rates rates(String model, LocalDate day) {
    ModelPrice p = catalog().priceFor(model, day).orElse(null);
    if (p == null) {
      return null;
    }
    Pricer.Rates longContext = null;
    if (p.longContextAbove() > 0 && p.longContext().input() != null) {
      longContext = Pricer.Rates.of(p.ratesFor(Tier.STANDARD, true), 0, null);
    }
    return Pricer.Rates.of(p.ratesFor(Tier.STANDARD, false), p.longContextAbove(), longContext);
  }
}

package dev.burnrate.pricing;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Model prices: tokens to exact USD.
 *
 * <p><b>Data.</b> {@link #bundled()} reads {@code litellm-prices.tsv}, generated from LiteLLM's
 * public price map (MIT, Copyright (c) 2023 Berri AI) by {@code scripts/build_price_catalog.py}.
 * {@link #withOverrides} lays operator prices over it: for a given day the override with the latest
 * {@code effectiveFrom} on or before that day wins, and any rate it leaves out is the catalog's.
 * Overrides set standard rates only; long-context, batch and priority rates stay the catalog's, and
 * a result that used them alongside an override says so in its warnings.
 *
 * <p><b>Name resolution.</b> Usage data spells models many ways. The first step that finds an exact
 * key (case-insensitive; catalog keys and override names alike) wins:
 *
 * <ol>
 *   <li>the name as given, e.g. {@code us.anthropic.claude-opus-4-7}, which keeps its regional
 *       premium;
 *   <li>the name without leading routing segments, one at a time: {@code openai/gpt-4o} to {@code
 *       gpt-4o}, {@code bedrock/us-east-1/anthropic.claude-…} to {@code anthropic.claude-…};
 *   <li>without a Bedrock region ({@code us.}, {@code eu.}, {@code apac.}, {@code au.}, {@code
 *       jp.}, {@code ca.}, {@code us-gov.}, {@code global.}) and then a vendor ({@code anthropic.},
 *       {@code meta.}, {@code mistral.}, {@code amazon.}, …);
 *   <li>without version suffixes, repeatedly: {@code -v1:0}, {@code :tag}, {@code @20250929},
 *       {@code -20250929}, {@code -2024-08-06}, {@code -latest};
 *   <li>any of those with dotted versions dashed: {@code claude-sonnet-4.6} to {@code
 *       claude-sonnet-4-6};
 *   <li>a bare name served by hosts under a prefix ({@code mistral-large-2411} to {@code
 *       mistral/mistral-large-2411}), only when every such key has the same price;
 *   <li>the longest known name the spelling extends at a separator ({@code
 *       claude-sonnet-4-6-thinking} to {@code claude-sonnet-4-6}), never when the rest starts with
 *       a digit, since that is another version.
 * </ol>
 *
 * Nothing found means unknown: {@link Optional#empty()}, never $0. The resolved key is reported in
 * every {@link CostBreakdown}, so a fallback is always visible.
 *
 * <p><b>Cost.</b> {@code input_tokens} counts all input, cached included (the OpenTelemetry GenAI
 * convention); cache reads and writes are the parts billed at cache rates, and the rest, floored at
 * zero with a warning when the parts exceed the whole, pays the input rate. Once input exceeds the
 * model's long-context threshold (200k for most), every part pays long-context rates. A tier the
 * model has no price for is priced at standard rates with a warning rather than refused, so a
 * budget still sees the spend. Cache reads or writes on a model without cache prices pay the input
 * rate, with a warning. Cache writes pay the 5-minute rate. Amounts are exact products of {@link
 * BigDecimal} rates and token counts, unrounded. (Resolving a name, laying overrides over the
 * catalog and pricing a request are one lookup read in one place, which is why the file runs past
 * 450 lines.)
 */
public final class PriceCatalog {

  private static final class Bundled {
    static final PriceCatalog INSTANCE = of(CatalogFile.bundled());
  }

  private final String source;
  private final LocalDate effectiveDate;
  private final List<ModelPrice> entries;
  private final Map<String, ModelPrice> byKey;
  private final ModelNames baseNames;
  private final Map<String, List<Overlay>> overlays;
  private final ModelNames names;

  private record Overlay(PriceOverride override, ModelPrice price) {}

  private record Priced(String key, ModelPrice price, PriceOverride override) {}

  private PriceCatalog(
      String source,
      LocalDate effectiveDate,
      List<ModelPrice> entries,
      Map<String, ModelPrice> byKey,
      ModelNames baseNames,
      Map<String, List<Overlay>> overlays,
      ModelNames names) {
    this.source = source;
    this.effectiveDate = effectiveDate;
    this.entries = entries;
    this.byKey = byKey;
    this.baseNames = baseNames;
    this.overlays = overlays;
    this.names = names;
  }

  /** The catalog bundled with burnrate, read once. */
  public static PriceCatalog bundled() {
    return Bundled.INSTANCE;
  }

  static PriceCatalog of(CatalogFile file) {
    Map<String, ModelPrice> byKey = new LinkedHashMap<>();
    for (ModelPrice price : file.prices) {
      if (byKey.putIfAbsent(price.model(), price) != null) {
        throw new IllegalArgumentException("price catalog lists " + price.model() + " twice");
      }
    }
    ModelNames names = new ModelNames(byKey.keySet(), key -> signature(byKey.get(key)));
    return new PriceCatalog(
        file.source + " " + file.effective,
        file.effective,
        file.prices,
        Map.copyOf(byKey),
        names,
        Map.of(),
        names);
  }

  /**
   * This catalog's prices with {@code overrides} laid over them; overrides given to an earlier call
   * are replaced, not added to.
   *
   * @throws IllegalArgumentException naming the override's location when it cannot be used: two
   *     overrides of one model from the same day, or a model the catalog does not know without both
   *     an input and an output price
   */
  public PriceCatalog withOverrides(List<PriceOverride> overrides) {
    Map<String, List<Overlay>> byName = new HashMap<>();
    List<String> allNames = new ArrayList<>(byKey.keySet());
    for (PriceOverride override : overrides) {
      Overlay overlay = overlay(override);
      List<Overlay> list =
          byName.computeIfAbsent(ModelNames.lower(override.model()), k -> new ArrayList<>());
      for (Overlay other : list) {
        if (other.override().effectiveFrom().equals(override.effectiveFrom())) {
          throw new IllegalArgumentException(
              where(override)
                  + ": "
                  + override.model()
                  + " is already overridden from "
                  + override.effectiveFrom()
                  + " at "
                  + where(other.override())
                  + "; keep one of them or change a date");
        }
      }
      list.add(overlay);
      allNames.add(override.model());
    }
    Map<String, List<Overlay>> sorted = new HashMap<>();
    byName.forEach(
        (name, list) -> {
          list.sort(Comparator.comparing((Overlay o) -> o.override().effectiveFrom()).reversed());
          sorted.put(name, List.copyOf(list));
        });
    ModelNames union =
        new ModelNames(
            allNames,
            name -> {
              List<Overlay> list = sorted.get(ModelNames.lower(name));
              return signature(list != null ? list.get(0).price() : byKey.get(name));
            });
    return new PriceCatalog(
        source, effectiveDate, entries, byKey, baseNames, Map.copyOf(sorted), union);
  }

  private Overlay overlay(PriceOverride override) {
    try {
      Rates rates =
          new Rates(
              perToken(override.inputPerMtok()),
              perToken(override.outputPerMtok()),
              perToken(override.cacheReadPerMtok()),
              perToken(override.cacheWritePerMtok()),
              perToken(override.cacheWrite1hPerMtok()));
      Optional<ModelPrice> base = baseNames.resolve(override.model()).map(byKey::get);
      if (base.isEmpty() && !rates.priced()) {
        throw new IllegalArgumentException(
            override.model()
                + " is not in the catalog ("
                + source
                + "), so its override needs both input and output prices per million tokens");
      }
      String label = override.location() != null ? override.location() : "pricing override";
      ModelPrice price =
          base.map(
                  b ->
                      new ModelPrice(
                          override.model(),
                          Objects.requireNonNullElse(override.provider(), b.provider()),
                          label,
                          override.effectiveFrom(),
                          rates.orElse(b.standard()),
                          b.longContextAbove(),
                          b.longContext(),
                          b.batch(),
                          b.priority(),
                          b.priorityLongContext()))
              .orElseGet(
                  () ->
                      new ModelPrice(
                          override.model(),
                          override.provider(),
                          label,
                          override.effectiveFrom(),
                          rates,
                          0,
                          null,
                          null,
                          null,
                          null));
      return new Overlay(override, price);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(where(override) + ": " + e.getMessage(), e);
    }
  }

  private static String where(PriceOverride override) {
    return override.location() != null
        ? override.location()
        : "pricing override " + override.model();
  }

  private static BigDecimal perToken(BigDecimal perMillion) {
    return perMillion == null ? null : perMillion.movePointLeft(6);
  }

  private static Object signature(ModelPrice price) {
    Rates rates = price.standard();
    return List.of(rates.input().stripTrailingZeros(), rates.output().stripTrailingZeros());
  }

  /**
   * The model a name denotes without routing prefixes, regions, vendors and version suffixes:
   * {@code us.anthropic.claude-sonnet-4-6} and {@code claude-sonnet-4-6} share one. Used to match
   * usage to the models named in downgrade rules.
   */
  public static String coreName(String model) {
    return ModelNames.core(ModelNames.lower(model));
  }

  /** The key {@code model} resolves to (see the class comment), or empty when unknown. */
  public Optional<String> resolve(String model) {
    return names.resolve(model);
  }

  /** The prices that apply to {@code model} on {@code date}, or empty when it is unknown. */
  public Optional<ModelPrice> priceFor(String model, LocalDate date) {
    return lookup(model, date).map(Priced::price);
  }

  private Optional<Priced> lookup(String model, LocalDate date) {
    Objects.requireNonNull(date, "date");
    Optional<String> key = names.resolve(model);
    if (key.isEmpty()) {
      return Optional.empty();
    }
    for (Overlay overlay : overlays.getOrDefault(ModelNames.lower(key.get()), List.of())) {
      if (!overlay.override().effectiveFrom().isAfter(date)) {
        return Optional.of(new Priced(key.get(), overlay.price(), overlay.override()));
      }
    }
    ModelPrice price = byKey.get(key.get());
    if (price == null) {
      price = baseNames.resolve(key.get()).map(byKey::get).orElse(null);
    }
    return Optional.ofNullable(price).map(p -> new Priced(p.model(), p, null));
  }

  /**
   * What a request costs; empty when the model is unknown (or known only from an override that is
   * not yet in force on {@code date}).
   *
   * @param inputTokens all input tokens, cached ones included
   * @throws IllegalArgumentException when a token count is negative
   */
  public Optional<CostBreakdown> cost(
      String model,
      LocalDate date,
      long inputTokens,
      long outputTokens,
      long cacheReadTokens,
      long cacheWriteTokens,
      Tier tier) {
    EstimateRequest.requireTokens("input_tokens", inputTokens);
    EstimateRequest.requireTokens("output_tokens", outputTokens);
    EstimateRequest.requireTokens("cache_read_tokens", cacheReadTokens);
    EstimateRequest.requireTokens("cache_write_tokens", cacheWriteTokens);
    Objects.requireNonNull(tier, "tier");
    return lookup(model, date)
        .map(
            priced ->
                CostArithmetic.cost(
                    priced.key(),
                    priced.price(),
                    priced.override() != null ? source : null,
                    inputTokens,
                    outputTokens,
                    cacheReadTokens,
                    cacheWriteTokens,
                    tier));
  }

  /**
   * {@link #cost} as one call for the {@code estimate_cost} tool, with suggestions when unknown.
   */
  public Estimate estimate(EstimateRequest request) {
    Optional<CostBreakdown> cost =
        cost(
            request.model(),
            request.date(),
            request.inputTokens(),
            request.outputTokens(),
            request.cacheReadTokens(),
            request.cacheWriteTokens(),
            request.tier());
    if (cost.isPresent()) {
      CostBreakdown c = cost.get();
      String as =
          c.resolvedModel().equals(request.model()) ? "" : " (priced as " + c.resolvedModel() + ")";
      return Estimate.priced(
          request.model(),
          c,
          "USD "
              + c.totalUsd().toPlainString()
              + " for "
              + request.model()
              + as
              + " at "
              + c.tier().wireName()
              + " rates from "
              + c.source()
              + (c.hasWarnings() ? "; " + String.join("; ", c.warnings()) : ""));
    }
    List<String> closest = closestNames(request.model(), 5);
    return Estimate.unpriced(
        request.model(),
        closest,
        "no price for model '"
            + request.model()
            + "' in "
            + source
            + " or the pricing overrides"
            + (closest.isEmpty() ? "" : "; did you mean " + String.join(", ", closest) + "?")
            + " Add an entry to config/pricing.yml to price it.");
  }

  /**
   * {@link #estimate} for the request's model, with the same tokens priced on each of {@code
   * others} (a comparison, cheapest first and unpriced last, when there are any) and, when {@code
   * cheaper} is above 0, up to that many cheaper models.
   *
   * <p>Cheaper models are the catalog's and the overlay's entries of the same provider as the
   * estimate's model (so a Bedrock price is compared with Bedrock prices), priced for the same
   * tokens and tier, that cost less but not nothing (free entries are local or preview models, not
   * a like-for-like choice), one per model however many names it has, nearest in price first: the
   * smallest step down is the likeliest to do the same work.
   */
  public Estimate estimate(EstimateRequest request, List<String> others, int cheaper) {
    Estimate first = estimate(request);
    Optional<List<Quote>> compared = Optional.empty();
    String message = first.message();
    List<String> names = new ArrayList<>();
    names.add(request.model());
    for (String o : others) {
      if (!names.contains(o)) {
        names.add(o);
      }
    }
    if (names.size() > 1) {
      List<Quote> quotes = new ArrayList<>();
      for (String name : names) {
        quotes.add(quote(name, request));
      }
      quotes.sort(
          Comparator.comparing(Quote::priced)
              .reversed()
              .thenComparing(q -> q.priced() ? q.totalUsd() : BigDecimal.ZERO)
              .thenComparing(Quote::model));
      compared = Optional.of(quotes);
      Quote best = quotes.get(0);
      if (best.priced()) {
        message +=
            "; cheapest of the "
                + quotes.size()
                + " models: "
                + best.model()
                + " at USD "
                + best.totalUsd().toPlainString();
      }
    }
    Optional<List<Quote>> down = Optional.empty();
    if (cheaper > 0) {
      if (!first.priced()) {
        message += "; no cheaper models can be listed for a model without a price";
        down = Optional.of(List.of());
      } else {
        down = Optional.of(cheaperThan(first.cost(), request, cheaper));
        if (down.get().isEmpty()) {
          message +=
              "; no model of provider " + first.cost().provider() + " is cheaper for these tokens";
        }
      }
    }
    return first.with(compared, down, message);
  }

  private Quote quote(String name, EstimateRequest r) {
    return lookup(name, r.date())
        .map(
            priced ->
                Quote.of(
                    name,
                    cost(
                            name,
                            r.date(),
                            r.inputTokens(),
                            r.outputTokens(),
                            r.cacheReadTokens(),
                            r.cacheWriteTokens(),
                            r.tier())
                        .orElseThrow(),
                    priced.override()))
        .orElseGet(() -> Quote.unpriced(name));
  }

  private List<Quote> cheaperThan(CostBreakdown reference, EstimateRequest r, int n) {
    String provider = reference.provider();
    BigDecimal limit = reference.totalUsd();
    String own = coreName(reference.resolvedModel());
    Set<String> candidates = new LinkedHashSet<>();
    for (ModelPrice p : entries) {
      if (Objects.equals(p.provider(), provider)) {
        candidates.add(p.model());
      }
    }
    overlays.values().forEach(list -> candidates.add(list.get(0).price().model()));
    Map<String, Quote> byCore = new LinkedHashMap<>();
    for (String name : candidates) {
      Quote q = quote(name, r);
      if (!q.priced()
          || !Objects.equals(q.provider(), provider)
          || q.totalUsd().signum() == 0
          || q.totalUsd().compareTo(limit) >= 0) {
        continue;
      }
      String core = coreName(q.resolvedModel());
      if (core.equals(own)) {
        continue;
      }
      Quote seen = byCore.get(core);
      // One row per model: an overlay's price wins, else the name the catalog lists first.
      if (seen == null
          || (!Quote.CATALOG.equals(q.priceSource()) && Quote.CATALOG.equals(seen.priceSource()))) {
        byCore.put(core, q.saving(limit.subtract(q.totalUsd())));
      }
    }
    return byCore.values().stream()
        .sorted(
            // At equal prices the later name first, which is the newer version more often than not.
            Comparator.comparing(Quote::totalUsd, Comparator.reverseOrder())
                .thenComparing(Quote::model, Comparator.reverseOrder()))
        .limit(n)
        .toList();
  }

  /** Up to {@code n} known names near {@code model}, nearest first, one per distinct model. */
  public List<String> closestNames(String model, int n) {
    return names.closest(model, n);
  }

  /** Number of bundled entries (overrides not counted). */
  public int size() {
    return entries.size();
  }

  /** The bundled entries, in file order. */
  public List<ModelPrice> entries() {
    return entries;
  }

  /** {@code "litellm 2026-07-24"}: where the bundled prices come from, and as of when. */
  public String source() {
    return source;
  }

  public LocalDate effectiveDate() {
    return effectiveDate;
  }
}

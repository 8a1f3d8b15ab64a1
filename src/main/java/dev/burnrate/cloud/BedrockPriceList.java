package dev.burnrate.cloud;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.burnrate.pricing.PriceCatalog;
import java.io.IOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Bedrock price-list documents (the strings {@code GetProducts} returns for service code {@code
 * AmazonBedrock}) to per-token rates by model id.
 *
 * <p><b>Which lines.</b> A document is one SKU: {@code product.attributes} ({@code model}, {@code
 * inferenceType}, {@code feature}, {@code usagetype}) and {@code
 * terms.OnDemand.*.priceDimensions.*} ({@code unit}, {@code pricePerUnit.USD}). Token lines are
 * classified by {@code inferenceType}: input, output, cache read, cache write; {@code Batch ...}
 * types or a batch {@code feature} give batch input and output. Lines for other products (model
 * customization, provisioned throughput, cross-region, flex, priority or latency-optimized tiers,
 * images, video, audio) are skipped, as are units other than {@code 1K tokens}, {@code 1M tokens}
 * and {@code tokens}.
 *
 * <p><b>Which model.</b> The price list names models for people ({@code Claude 3 Haiku}), not by
 * invocation id. The name is lower-cased, with spaces and dots between digits as dashes ({@code
 * Claude Sonnet 4.5} to {@code claude-sonnet-4-5}), and maps to every Bedrock model id of the
 * bundled catalog (without a routing region) that names the same model once vendor and version are
 * set aside ({@link PriceCatalog#coreName}): {@code anthropic.claude-sonnet-4-5-20250929-v1:0}. A
 * name no Bedrock id shares, and any model with two different prices for one kind of token, is
 * listed as unmapped, never guessed. {@link ModelRates#model()} joins the ids with commas.
 */
final class BedrockPriceList {
  private static final ObjectMapper JSON = dev.burnrate.wire.Wire.MAPPER;
  private static final BigDecimal MILLION = BigDecimal.valueOf(1_000_000);
  private static final List<String> SKIPPED =
      List.of(
          "customization",
          "provisioned",
          "cross-region",
          "cross region",
          "flex",
          "priority",
          "latency",
          "image",
          "video",
          "audio",
          "reserved",
          "training",
          "storage",
          "custom model");

  enum Kind {
    INPUT("input_per_mtok"),
    OUTPUT("output_per_mtok"),
    CACHE_READ("cache_read_per_mtok"),
    CACHE_WRITE("cache_write_per_mtok"),
    BATCH_INPUT("batch_input_per_mtok"),
    BATCH_OUTPUT("batch_output_per_mtok");

    final String key;

    Kind(String key) {
      this.key = key;
    }
  }

  /** One priced line: USD per million tokens. */
  record Line(String sku, String awsModel, String usagetype, Kind kind, BigDecimal perMtok) {}

  /** A line that cannot be used, and why. */
  record Unmapped(String awsModel, String sku, String usagetype, String reason) {}

  /** The rates of one model, with the SKU each came from. */
  record ModelRates(
      String model, String awsModel, Map<Kind, BigDecimal> perMtok, Map<Kind, String> skus) {}

  record Parsed(List<ModelRates> models, List<Unmapped> unmapped, int documents, int skipped) {}

  private BedrockPriceList() {}

  static Parsed parse(List<String> documents, PriceCatalog catalog) {
    Map<String, List<String>> keys = bedrockKeys(catalog);
    Map<String, ModelRates> models = new LinkedHashMap<>();
    Map<String, Unmapped> unmapped = new LinkedHashMap<>();
    int skipped = 0;
    for (String doc : documents) {
      Optional<Line> line;
      try {
        line = line(JSON.readTree(doc));
      } catch (IOException e) {
        unmapped.putIfAbsent(
            "?" + unmapped.size(),
            new Unmapped("", "", "", "not a price-list document: " + e.getMessage()));
        continue;
      }
      if (line.isEmpty()) {
        skipped++;
        continue;
      }
      Line l = line.get();
      List<String> model = map(l.awsModel(), keys);
      if (model.isEmpty()) {
        unmapped.putIfAbsent(
            l.awsModel(),
            new Unmapped(
                l.awsModel(),
                l.sku(),
                l.usagetype(),
                "no Bedrock model of the bundled catalog has this name"));
        continue;
      }
      ModelRates m =
          models.computeIfAbsent(
              l.awsModel(),
              k ->
                  new ModelRates(
                      String.join(",", model),
                      l.awsModel(),
                      new java.util.EnumMap<>(Kind.class),
                      new java.util.EnumMap<>(Kind.class)));
      BigDecimal before = m.perMtok().putIfAbsent(l.kind(), l.perMtok());
      if (before == null) {
        m.skus().put(l.kind(), l.sku());
      } else if (before.compareTo(l.perMtok()) != 0) {
        unmapped.putIfAbsent(
            l.awsModel() + "|" + l.kind(),
            new Unmapped(
                l.awsModel(),
                l.sku(),
                l.usagetype(),
                "two prices for "
                    + l.kind().key
                    + " ("
                    + before.toPlainString()
                    + " and "
                    + l.perMtok().toPlainString()
                    + "); left out rather than picked"));
      }
    }
    // A model with a conflicting price for any kind is not priced from AWS at all.
    List<ModelRates> out = new ArrayList<>();
    for (ModelRates m : models.values()) {
      boolean conflict =
          unmapped.values().stream()
              .anyMatch(
                  u -> u.awsModel().equals(m.awsModel()) && u.reason().startsWith("two prices"));
      boolean priced = m.perMtok().containsKey(Kind.INPUT) && m.perMtok().containsKey(Kind.OUTPUT);
      if (!conflict && priced) {
        out.add(m);
      } else if (!conflict) {
        unmapped.putIfAbsent(
            m.awsModel(),
            new Unmapped(
                m.awsModel(),
                String.join(",", m.skus().values()),
                "",
                "no on-demand input and output price"));
      }
    }
    return new Parsed(out, List.copyOf(unmapped.values()), documents.size(), skipped);
  }

  static Optional<Line> line(JsonNode doc) {
    JsonNode attrs = doc.path("product").path("attributes");
    String awsModel = attrs.path("model").asText("");
    String type = attrs.path("inferenceType").asText("").toLowerCase(Locale.ROOT);
    String feature = attrs.path("feature").asText("").toLowerCase(Locale.ROOT);
    String usagetype = attrs.path("usagetype").asText("");
    String sku = doc.path("product").path("sku").asText("");
    String all = type + " " + feature + " " + usagetype.toLowerCase(Locale.ROOT);
    if (awsModel.isEmpty() || SKIPPED.stream().anyMatch(all::contains)) {
      return Optional.empty();
    }
    boolean batch = type.startsWith("batch") || feature.contains("batch");
    Kind kind;
    if (type.contains("cache read")) {
      kind = Kind.CACHE_READ;
    } else if (type.contains("cache write")) {
      kind = Kind.CACHE_WRITE;
    } else if (type.contains("input tokens")) {
      kind = batch ? Kind.BATCH_INPUT : Kind.INPUT;
    } else if (type.contains("output tokens")) {
      kind = batch ? Kind.BATCH_OUTPUT : Kind.OUTPUT;
    } else {
      return Optional.empty();
    }
    for (Iterator<JsonNode> terms = doc.path("terms").path("OnDemand").elements();
        terms.hasNext(); ) {
      for (Iterator<JsonNode> dims = terms.next().path("priceDimensions").elements();
          dims.hasNext(); ) {
        JsonNode dim = dims.next();
        String usd = dim.path("pricePerUnit").path("USD").asText("");
        Optional<Integer> perTokensPow = unit(dim.path("unit").asText(""));
        if (usd.isEmpty() || perTokensPow.isEmpty()) {
          continue;
        }
        try {
          BigDecimal perMtok =
              new BigDecimal(usd).multiply(MILLION).movePointLeft(perTokensPow.get());
          return Optional.of(new Line(sku, awsModel, usagetype, kind, strip(perMtok)));
        } catch (NumberFormatException e) {
          return Optional.empty();
        }
      }
    }
    return Optional.empty();
  }

  /** Tokens per priced unit, as a power of ten. */
  private static Optional<Integer> unit(String unit) {
    return switch (unit.toLowerCase(Locale.ROOT).strip()) {
      case "1k tokens" -> Optional.of(3);
      case "1m tokens" -> Optional.of(6);
      case "tokens", "token" -> Optional.of(0);
      default -> Optional.empty();
    };
  }

  private static BigDecimal strip(BigDecimal d) {
    BigDecimal s = d.stripTrailingZeros();
    return s.scale() < 0 ? s.setScale(0) : s;
  }

  /**
   * Bedrock catalog keys without a routing region, by the model they name ({@link
   * PriceCatalog#coreName}).
   */
  static Map<String, List<String>> bedrockKeys(PriceCatalog catalog) {
    Map<String, List<String>> out = new java.util.TreeMap<>();
    catalog.entries().stream()
        .filter(e -> e.provider() != null && e.provider().startsWith("bedrock"))
        .map(e -> e.model())
        .filter(k -> !k.contains("/") && !REGION_PREFIX.matcher(k).find())
        .sorted()
        .forEach(k -> out.computeIfAbsent(PriceCatalog.coreName(k), c -> new ArrayList<>()).add(k));
    return out;
  }

  private static final java.util.regex.Pattern REGION_PREFIX =
      java.util.regex.Pattern.compile("^(us|eu|apac|au|jp|ca|us-gov|global)\\.");

  /** The Bedrock catalog keys a price-list model name denotes; empty when none does. */
  static List<String> map(String awsModel, Map<String, List<String>> bedrockKeys) {
    String normal =
        awsModel
            .strip()
            .toLowerCase(Locale.ROOT)
            .replaceAll("(?<=\\d)\\.(?=\\d)", "-")
            .replaceAll("\\s+", "-");
    List<String> keys = bedrockKeys.get(PriceCatalog.coreName(normal));
    return keys == null ? List.of() : keys;
  }
}

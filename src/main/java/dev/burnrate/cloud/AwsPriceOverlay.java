package dev.burnrate.cloud;

import dev.burnrate.pricing.PriceOverride;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * The AWS list prices {@code refresh-prices --aws} wrote under {@code <data>/pricing/}, read back
 * as price overrides that name their source (region, date, SKU). Precedence: the operator's
 * overrides in {@code pricing.yml}, then these, then the bundled catalog, so a model the operator
 * prices keeps the operator's price whatever the overlay's date. Only the newest file is used (by
 * date, then region name), so two regions never price one model twice.
 */
public final class AwsPriceOverlay {
  private static final Pattern NAME =
      Pattern.compile("aws-([a-z]{2}(?:-[a-z]+)+-[0-9]{1,2})-(\\d{4}-\\d{2}-\\d{2})\\.yml");
  private static final long MAX_BYTES = 16L << 20;

  private AwsPriceOverlay() {}

  /**
   * The prices of the overlay in use, with the region they are listed for and when {@code
   * refresh-prices} fetched them; {@link #NONE} without an overlay.
   */
  public record Prices(List<PriceOverride> prices, String region, String fetchedAt) {
    public static final Prices NONE = new Prices(List.of(), null, null);

    public Prices {
      prices = List.copyOf(prices);
    }
  }

  /**
   * The overlay's prices for models the operator does not override ({@code operatorModels},
   * compared without case), as overrides from the overlay's date.
   *
   * @throws IOException naming the file when an overlay cannot be read; delete it and run
   *     refresh-prices again
   */
  public static Prices read(Path data, Set<String> operatorModels) throws IOException {
    Path newest = null;
    String newestKey = null;
    Path dir = data.resolve("pricing");
    try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "aws-*.yml")) {
      for (Path f : files) {
        Matcher m = NAME.matcher(f.getFileName().toString());
        String key = m.matches() ? m.group(2) + " " + m.group(1) : null;
        if (key != null && (newestKey == null || key.compareTo(newestKey) > 0)) {
          newest = f;
          newestKey = key;
        }
      }
    } catch (NoSuchFileException e) {
      return Prices.NONE;
    }
    if (newest == null) {
      return Prices.NONE;
    }
    Set<String> operator =
        operatorModels.stream()
            .map(s -> s.toLowerCase(java.util.Locale.ROOT))
            .collect(Collectors.toSet());
    return parse(newest, operator);
  }

  @SuppressWarnings("unchecked")
  private static Prices parse(Path file, Set<String> operator) throws IOException {
    if (Files.size(file) > MAX_BYTES) {
      throw new IOException(
          file + " is larger than 16 MiB; delete it and run refresh-prices --aws again");
    }
    try {
      LoaderOptions options = new LoaderOptions();
      options.setAllowDuplicateKeys(false);
      options.setMaxAliasesForCollections(0);
      Object root =
          new Yaml(new SafeConstructor(options))
              .load(Files.readString(file, StandardCharsets.UTF_8));
      Map<String, Object> doc = (Map<String, Object>) root;
      String region = String.valueOf(doc.get("region"));
      Object day = doc.get("effective_from");
      // YAML reads an unquoted date as a timestamp at midnight UTC.
      LocalDate from =
          day instanceof java.util.Date d
              ? d.toInstant().atZone(java.time.ZoneOffset.UTC).toLocalDate()
              : LocalDate.parse(String.valueOf(day));
      List<PriceOverride> out = new ArrayList<>();
      Object models = doc.get("models");
      for (Object o : models == null ? List.of() : (List<Object>) models) {
        Map<String, Object> m = (Map<String, Object>) o;
        String model = String.valueOf(m.get("model"));
        if (operator.contains(model.toLowerCase(java.util.Locale.ROOT))) {
          continue;
        }
        BigDecimal input = rate(m.get("input_per_mtok"));
        BigDecimal output = rate(m.get("output_per_mtok"));
        if (input == null && output == null) {
          continue;
        }
        Object skus = m.get("skus");
        String sku =
            skus instanceof Map<?, ?> s && s.get("input") != null ? " sku " + s.get("input") : "";
        out.add(
            new PriceOverride(
                model,
                "bedrock",
                from,
                input,
                output,
                rate(m.get("cache_read_per_mtok")),
                rate(m.get("cache_write_per_mtok")),
                null,
                PriceOverride.AWS_PRICING
                    + region
                    + " "
                    + from
                    + sku
                    + " ("
                    + file.getFileName()
                    + ")"));
      }
      Object fetched = doc.get("fetched_at");
      return new Prices(
          out,
          region,
          fetched instanceof java.util.Date d
              ? d.toInstant().toString()
              : fetched == null ? null : String.valueOf(fetched));
    } catch (RuntimeException e) {
      throw new IOException(
          file
              + " is not an AWS price overlay ("
              + e.getClass().getSimpleName()
              + (e.getMessage() == null ? "" : ": " + e.getMessage().lines().findFirst().orElse(""))
              + "); delete it and run refresh-prices --aws again",
          e);
    }
  }

  private static BigDecimal rate(Object v) {
    if (v == null) {
      return null;
    }
    BigDecimal r = new BigDecimal(v.toString());
    if (r.signum() < 0) {
      throw new IllegalArgumentException("negative rate " + r.toPlainString());
    }
    return r;
  }
}

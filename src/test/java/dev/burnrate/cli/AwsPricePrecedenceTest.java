package dev.burnrate.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.burnrate.config.Config;
import dev.burnrate.config.ConfigLoader;
import dev.burnrate.pricing.ModelPrice;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Prices come from the operator's overrides, then the newest AWS list prices refresh-prices wrote,
 * then the bundled catalog; each price names where it came from.
 */
class AwsPricePrecedenceTest {
  static final String SONNET = "anthropic.claude-sonnet-4-5-20250929-v1:0";
  static final String HAIKU = "anthropic.claude-3-haiku-20240307-v1:0";
  static final LocalDate DAY = LocalDate.parse("2026-03-10");
  @TempDir Path dir;

  private void overlay(String region, String date, String inputPerMtok) throws Exception {
    Path pricing = Files.createDirectories(dir.resolve("data").resolve("pricing"));
    Files.writeString(
        pricing.resolve("aws-" + region + "-" + date + ".yml"),
        "source: aws-pricing\n"
            + "service_code: AmazonBedrock\n"
            + "region: \""
            + region
            + "\"\n"
            + "fetched_at: \""
            + date
            + "T06:00:00Z\"\n"
            + "effective_from: "
            + date
            + "\n"
            + "models:\n"
            + "  - model: \""
            + SONNET
            + "\"\n"
            + "    aws_model: \"Claude Sonnet 4.5\"\n"
            + "    input_per_mtok: "
            + inputPerMtok
            + "\n"
            + "    output_per_mtok: 15\n"
            + "    skus: {input: \"SKU-IN-1\", output: \"SKU-OUT-1\"}\n"
            + "  - model: \""
            + HAIKU
            + "\"\n"
            + "    aws_model: \"Claude 3 Haiku\"\n"
            + "    input_per_mtok: 0.3\n"
            + "    output_per_mtok: 1.5\n"
            + "unmapped: []\n");
  }

  private Config config() throws Exception {
    Path cfg = Files.createDirectories(dir.resolve("config"));
    Files.writeString(
        cfg.resolve("pricing.yml"),
        "overrides:\n"
            + "  - model: "
            + HAIKU
            + "\n"
            + "    effective_from: 2026-01-01\n"
            + "    input_per_mtok: 0.2\n"
            + "    output_per_mtok: 1.0\n");
    return ConfigLoader.load(cfg);
  }

  @Test
  void operatorOverridesBeatTheNewestAwsPricesWhichBeatTheCatalog() throws Exception {
    overlay("us-east-1", "2026-03-01", "2.9");
    overlay("eu-west-1", "2026-03-03", "2.8");
    Config config = config();
    CatalogPricer pricer = App.pricer(config, dir.resolve("data"));

    ModelPrice sonnet = pricer.catalog().priceFor(SONNET, DAY).orElseThrow();
    assertEquals(
        0, new BigDecimal("0.0000028").compareTo(sonnet.standard().input()), sonnet.toString());
    assertTrue(
        sonnet.source().startsWith("aws-pricing eu-west-1 2026-03-03 sku SKU-IN-1"),
        sonnet.source());
    ModelPrice haiku = pricer.catalog().priceFor(HAIKU, DAY).orElseThrow();
    assertEquals(
        0,
        new BigDecimal("0.0000002").compareTo(haiku.standard().input()),
        "the operator's price, though the overlay is newer: " + haiku);
    ModelPrice before =
        pricer.catalog().priceFor(SONNET, LocalDate.parse("2026-02-01")).orElseThrow();
    assertEquals(
        0,
        new BigDecimal("0.000003").compareTo(before.standard().input()),
        "the catalog's before the overlay's date: " + before);
  }

  /**
   * Each quote says whose price it is: the operator's overlay, AWS's list prices or the catalog.
   */
  @Test
  void quotesNameWhosePriceTheyAre() throws Exception {
    overlay("eu-west-1", "2026-03-03", "2.8");
    CatalogPricer pricer = App.pricer(config(), dir.resolve("data"));
    java.util.List<dev.burnrate.pricing.Quote> quotes =
        pricer
            .catalog()
            .estimate(
                new dev.burnrate.pricing.EstimateRequest(SONNET, DAY, 1000, 100, 0, 0, null),
                java.util.List.of(SONNET, HAIKU, "claude-opus-4-1"),
                0)
            .compared()
            .orElseThrow();
    java.util.Map<String, String> source = new java.util.TreeMap<>();
    quotes.forEach(q -> source.put(q.model(), q.priceSource()));
    assertEquals(
        java.util.Map.of(SONNET, "aws", HAIKU, "overlay", "claude-opus-4-1", "catalog"), source);
  }

  /**
   * Answers with dollars name the prices in force, in precedence order: pricing.yml, the AWS
   * overlay's region and fetch time, the bundled catalog and its date.
   */
  @Test
  void thePricerNamesItsPriceTables() throws Exception {
    overlay("eu-west-1", "2026-03-03", "2.8");
    CatalogPricer pricer = App.pricer(config(), dir.resolve("data"));
    assertEquals(
        java.util.Optional.of(
            "pricing.yml: 1 model price; AWS eu-west-1 list prices fetched 2026-03-03T06:00:00Z;"
                + " bundled "
                + dev.burnrate.pricing.PriceCatalog.bundled().source()),
        pricer.tables());
    assertEquals(
        java.util.Optional.of("bundled " + dev.burnrate.pricing.PriceCatalog.bundled().source()),
        new CatalogPricer(java.util.List.of(), java.util.List.of()).tables(),
        "no pricing.yml, no overlay: the catalog alone");
  }

  @Test
  void aBrokenOverlayIsSkippedWithAWarningAndTheCatalogStillPrices() throws Exception {
    Path pricing = Files.createDirectories(dir.resolve("data").resolve("pricing"));
    Files.writeString(
        pricing.resolve("aws-us-east-1-2026-03-01.yml"),
        "models: [ {model: x, input_per_mtok: -1} ]\n");
    PrintStream saved = System.err;
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    System.setErr(new PrintStream(err, true, "UTF-8"));
    CatalogPricer pricer;
    try {
      pricer = App.pricer(config(), dir.resolve("data"));
    } finally {
      System.setErr(saved);
    }
    assertTrue(err.toString("UTF-8").contains("AWS prices not used"), err.toString("UTF-8"));
    assertTrue(err.toString("UTF-8").contains("refresh-prices --aws again"), err.toString("UTF-8"));
    assertEquals(
        0,
        new BigDecimal("0.000003")
            .compareTo(pricer.catalog().priceFor(SONNET, DAY).orElseThrow().standard().input()));
  }
}

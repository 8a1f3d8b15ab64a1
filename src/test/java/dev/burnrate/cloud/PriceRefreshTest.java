package dev.burnrate.cloud;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.burnrate.pricing.PriceCatalog;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.Yaml;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/** refresh-prices --aws against a stub of the Pricing API replaying price-list documents. */
class PriceRefreshTest {
  @TempDir Path data;

  /** A price-list document in the shape GetProducts returns (one SKU, one on-demand rate). */
  static String doc(
      String sku, String model, String inferenceType, String feature, String unit, String usd) {
    ObjectNode d = AwsStub.JSON.createObjectNode();
    ObjectNode product = d.putObject("product");
    product.put("productFamily", "Amazon Bedrock");
    product.put("sku", sku);
    product
        .putObject("attributes")
        .put("servicecode", "AmazonBedrock")
        .put("regionCode", "us-east-1")
        .put("model", model)
        .put("inferenceType", inferenceType)
        .put("feature", feature)
        .put("usagetype", "USE1-" + model.replace(" ", "") + "-" + inferenceType.replace(" ", "-"));
    d.put("serviceCode", "AmazonBedrock");
    ObjectNode term = d.putObject("terms").putObject("OnDemand").putObject(sku + ".JRTCKXETXF");
    term.put("sku", sku).put("effectiveDate", "2026-03-01T00:00:00Z");
    term.putObject("priceDimensions")
        .putObject(sku + ".JRTCKXETXF.6YS6EN2CT7")
        .put("unit", unit)
        .put("description", usd + " per " + unit)
        .putObject("pricePerUnit")
        .put("USD", usd);
    d.put("version", "20260301000000").put("publicationDate", "2026-03-01T00:00:00Z");
    return d.toString();
  }

  static String page(String next, String... docs) {
    ObjectNode p = AwsStub.JSON.createObjectNode();
    p.put("FormatVersion", "aws_v1");
    ArrayNode list = p.putArray("PriceList");
    for (String d : docs) {
      list.add(d);
    }
    if (next != null) {
      p.put("NextToken", next);
    }
    return p.toString();
  }

  @Test
  void everyPageIsReadAndTokenRatesAreMappedWithTheirSkus() throws Exception {
    try (AwsStub stub = new AwsStub()) {
      stub.then(AwsStub.PRICING, 400, AwsStub.error("ThrottlingException", "Rate exceeded"))
          .then(
              AwsStub.PRICING,
              200,
              page(
                  "n2",
                  doc(
                      "SKUIN",
                      "Claude Sonnet 4.5",
                      "Input tokens",
                      "On-demand Inference",
                      "1K tokens",
                      "0.0030000000"),
                  doc(
                      "SKUOUT",
                      "Claude Sonnet 4.5",
                      "Output tokens",
                      "On-demand Inference",
                      "1K tokens",
                      "0.0150000000")))
          .then(
              AwsStub.PRICING,
              200,
              page(
                  null,
                  doc(
                      "SKUCR",
                      "Claude Sonnet 4.5",
                      "Prompt cache read input tokens",
                      "On-demand Inference",
                      "1K tokens",
                      "0.0003"),
                  doc(
                      "SKUBI",
                      "Claude Sonnet 4.5",
                      "Batch input tokens",
                      "Batch Inference",
                      "1K tokens",
                      "0.0015"),
                  doc(
                      "SKUBO",
                      "Claude Sonnet 4.5",
                      "Batch output tokens",
                      "Batch Inference",
                      "1K tokens",
                      "0.0075"),
                  doc(
                      "SKUXR",
                      "Claude Sonnet 4.5",
                      "Cross-region global input tokens",
                      "On-demand Inference",
                      "1K tokens",
                      "0.0033"),
                  doc(
                      "SKUCU",
                      "Claude Sonnet 4.5",
                      "Input tokens",
                      "Model Customization",
                      "1K tokens",
                      "0.008"),
                  doc(
                      "SKUNEW",
                      "Some Future Model",
                      "Input tokens",
                      "On-demand Inference",
                      "1M tokens",
                      "1.5")));
      AwsClients aws =
          new AwsClients(
              "us-east-1",
              Optional.of(stub.endpoint()),
              StaticCredentialsProvider.create(
                  AwsBasicCredentials.create("AKIDSTUB", "stub-secret")),
              new AwsClients.Backoff(
                  Duration.ofMillis(5), Duration.ofMillis(10), Duration.ofMillis(50)));

      PriceRefresh.Result r =
          new PriceRefresh(aws, PriceCatalog.bundled())
              .run("us-east-1", data, Instant.parse("2026-03-10T06:00:00Z"));

      assertEquals(2, r.requests());
      assertEquals(8, r.documents());
      assertEquals(
          List.of("Some Future Model (no Bedrock model of the bundled catalog has this name)"),
          r.unmapped());
      var asked = stub.bodies(AwsStub.PRICING);
      assertEquals("AmazonBedrock", asked.get(1).path("ServiceCode").asText());
      assertEquals("regionCode", asked.get(1).path("Filters").get(0).path("Field").asText());
      assertEquals("us-east-1", asked.get(1).path("Filters").get(0).path("Value").asText());
      assertEquals("n2", asked.get(2).path("NextToken").asText());

      assertEquals(data.resolve("pricing/aws-us-east-1-2026-03-10.yml"), r.file());
      Map<String, Object> overlay = new Yaml().load(Files.readString(r.file()));
      assertEquals("us-east-1", overlay.get("region"));
      assertEquals("2026-03-10T06:00:00Z", overlay.get("fetched_at"));
      @SuppressWarnings("unchecked")
      List<Map<String, Object>> models = (List<Map<String, Object>>) overlay.get("models");
      assertEquals("anthropic.claude-sonnet-4-5-20250929-v1:0", models.get(0).get("model"));
      assertEquals(3.0, ((Number) models.get(0).get("input_per_mtok")).doubleValue());
      assertEquals(15, ((Number) models.get(0).get("output_per_mtok")).intValue());
      assertEquals(0.3, ((Number) models.get(0).get("cache_read_per_mtok")).doubleValue());
      assertEquals(1.5, ((Number) models.get(0).get("batch_input_per_mtok")).doubleValue());
      assertEquals(7.5, ((Number) models.get(0).get("batch_output_per_mtok")).doubleValue());
      assertEquals(
          Map.of(
              "input",
              "SKUIN",
              "output",
              "SKUOUT",
              "cache_read",
              "SKUCR",
              "batch_input",
              "SKUBI",
              "batch_output",
              "SKUBO"),
          models.get(0).get("skus"));
      assertTrue(
          Files.readString(r.file()).contains("input_per_mtok: 3\n"),
          "exact decimals, no float noise");

      // What refresh-prices wrote is what prices read back, naming its source.
      AwsPriceOverlay.Prices written = AwsPriceOverlay.read(data, java.util.Set.of());
      assertEquals("us-east-1", written.region());
      assertEquals("2026-03-10T06:00:00Z", written.fetchedAt());
      List<dev.burnrate.pricing.PriceOverride> read = written.prices();
      assertEquals("anthropic.claude-sonnet-4-5-20250929-v1:0", read.get(0).model());
      assertEquals(java.time.LocalDate.parse("2026-03-10"), read.get(0).effectiveFrom());
      assertEquals(0, new java.math.BigDecimal("3").compareTo(read.get(0).inputPerMtok()));
      assertEquals(
          "aws-pricing us-east-1 2026-03-10 sku SKUIN (aws-us-east-1-2026-03-10.yml)",
          read.get(0).location());
      assertEquals(
          List.of(),
          AwsPriceOverlay.read(data, java.util.Set.of("ANTHROPIC.claude-sonnet-4-5-20250929-v1:0"))
              .prices()
              .stream()
              .filter(o -> o.model().equals("anthropic.claude-sonnet-4-5-20250929-v1:0"))
              .toList(),
          "a model the operator prices is left to the operator");
    }
  }

  @Test
  void accessDeniedWritesNothing() throws Exception {
    try (AwsStub stub = new AwsStub()) {
      stub.then(AwsStub.PRICING, 400, AwsStub.error("AccessDeniedException", "not authorized"));
      AwsClients aws =
          new AwsClients(
              "us-east-1",
              Optional.of(stub.endpoint()),
              StaticCredentialsProvider.create(
                  AwsBasicCredentials.create("AKIDSTUB", "stub-secret")),
              AwsClients.Backoff.STANDARD);
      SyncException e =
          assertThrows(
              SyncException.class,
              () ->
                  new PriceRefresh(aws, PriceCatalog.bundled())
                      .run("us-east-1", data, Instant.parse("2026-03-10T06:00:00Z")));
      assertTrue(
          e.getMessage()
              .startsWith(
                  "the Pricing API refused these credentials (AccessDeniedException): grant"
                      + " pricing:GetProducts"),
          e.getMessage());
      assertTrue(Files.notExists(data.resolve("pricing")));
    }
  }
}

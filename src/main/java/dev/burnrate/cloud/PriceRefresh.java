package dev.burnrate.cloud;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.burnrate.cloud.BedrockPriceList.Kind;
import dev.burnrate.pricing.PriceCatalog;
import dev.burnrate.store.AtomicFiles;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.pricing.PricingClient;
import software.amazon.awssdk.services.pricing.model.Filter;
import software.amazon.awssdk.services.pricing.model.FilterType;
import software.amazon.awssdk.services.pricing.model.GetProductsRequest;
import software.amazon.awssdk.services.pricing.model.GetProductsResponse;

/**
 * {@code refresh-prices --aws}: Bedrock list prices for one region from the AWS Pricing API ({@code
 * GetProducts}, service code {@code AmazonBedrock}, filtered to the region, every page), written as
 * a dated overlay {@code <data>/pricing/aws-<region>-<date>.yml} with its provenance: region, fetch
 * time, and the SKU behind every rate. Nothing is written unless every page arrived.
 */
public final class PriceRefresh {
  /** Pages one refresh may read; the Bedrock list of a region is a few pages of 100. */
  static final int MAX_PAGES = 200;

  private static final ObjectMapper JSON = dev.burnrate.wire.Wire.MAPPER;

  private final AwsClients aws;
  private final PriceCatalog catalog;

  public PriceRefresh(AwsClients aws, PriceCatalog catalog) {
    this.aws = aws;
    this.catalog = catalog;
  }

  /** What a refresh found and where it wrote it. */
  public record Result(
      Path file, String region, int requests, int documents, int models, List<String> unmapped) {}

  public Result run(String region, Path data, Instant now) throws SyncException, IOException {
    List<String> docs = new ArrayList<>();
    int requests = 0;
    try (PricingClient pricing = aws.pricing()) {
      String token = null;
      do {
        if (requests >= MAX_PAGES) {
          throw new SyncException(
              "the Pricing API sent more than "
                  + MAX_PAGES
                  + " pages for AmazonBedrock in "
                  + region
                  + "; nothing was written");
        }
        requests++;
        GetProductsResponse page =
            pricing.getProducts(
                GetProductsRequest.builder()
                    .serviceCode("AmazonBedrock")
                    .formatVersion("aws_v1")
                    .filters(
                        Filter.builder()
                            .type(FilterType.TERM_MATCH)
                            .field("regionCode")
                            .value(region)
                            .build())
                    .maxResults(100)
                    .nextToken(token)
                    .build());
        docs.addAll(page.priceList());
        token = page.nextToken();
        if (token != null && token.isEmpty()) {
          token = null;
        }
      } while (token != null);
    } catch (SdkException | AwsClients.LoopbackOnlyException e) {
      throw AwsErrors.explain("the Pricing API", "", e);
    }
    BedrockPriceList.Parsed parsed = BedrockPriceList.parse(docs, catalog);
    LocalDate day = LocalDate.ofInstant(now, ZoneOffset.UTC);
    Path file = data.resolve("pricing").resolve("aws-" + region + "-" + day + ".yml");
    AtomicFiles.write(file, overlay(parsed, region, now, day));
    List<String> unmapped =
        parsed.unmapped().stream().map(u -> u.awsModel() + " (" + u.reason() + ")").toList();
    return new Result(file, region, requests, docs.size(), parsed.models().size(), unmapped);
  }

  /** The overlay as YAML; strings are written as JSON strings, which YAML reads as they are. */
  static String overlay(BedrockPriceList.Parsed p, String region, Instant now, LocalDate day) {
    StringBuilder y = new StringBuilder();
    y.append("# AWS list prices for Amazon Bedrock, written by `burnrate refresh-prices --aws`.\n")
        .append("# Rates are USD per million tokens; each comes from the SKU named beside it.\n")
        .append(
            "# Do not edit: run the command again. Operator prices belong in config/pricing.yml.\n");
    y.append("source: aws-pricing\n");
    y.append("service_code: AmazonBedrock\n");
    y.append("region: ").append(q(region)).append('\n');
    y.append("fetched_at: ").append(q(now.toString())).append('\n');
    y.append("effective_from: ").append(day).append('\n');
    y.append("models:").append(p.models().isEmpty() ? " []\n" : "\n");
    for (BedrockPriceList.ModelRates m : p.models()) {
      for (String id : m.model().split(",")) {
        y.append("  - model: ").append(q(id)).append('\n');
        y.append("    aws_model: ").append(q(m.awsModel())).append('\n');
        for (Map.Entry<Kind, java.math.BigDecimal> r : m.perMtok().entrySet()) {
          y.append("    ")
              .append(r.getKey().key)
              .append(": ")
              .append(r.getValue().toPlainString())
              .append('\n');
        }
        y.append("    skus: {");
        String sep = "";
        for (Map.Entry<Kind, String> s : m.skus().entrySet()) {
          y.append(sep)
              .append(s.getKey().key.replace("_per_mtok", ""))
              .append(": ")
              .append(q(s.getValue()));
          sep = ", ";
        }
        y.append("}\n");
      }
    }
    y.append("unmapped:").append(p.unmapped().isEmpty() ? " []\n" : "\n");
    for (BedrockPriceList.Unmapped u : p.unmapped()) {
      y.append("  - {aws_model: ")
          .append(q(u.awsModel()))
          .append(", sku: ")
          .append(q(u.sku()))
          .append(", usagetype: ")
          .append(q(u.usagetype()))
          .append(", reason: ")
          .append(q(u.reason()))
          .append("}\n");
    }
    return y.toString();
  }

  private static String q(String s) {
    try {
      return JSON.writeValueAsString(s);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}

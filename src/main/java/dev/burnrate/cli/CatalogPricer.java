package dev.burnrate.cli;

import dev.burnrate.engine.Pricer;
import dev.burnrate.pricing.ModelPrice;
import dev.burnrate.pricing.PriceCatalog;
import dev.burnrate.pricing.PriceOverride;
import dev.burnrate.pricing.Tier;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.zip.CRC32;

/**
 * The engine's {@link Pricer} backed by the bundled catalog plus the operator's overrides. Rates
 * are converted once per (model, day) to pico-dollars per token; a cache rate the source lacks is
 * charged at the input rate, as the catalog itself does.
 */
final class CatalogPricer implements Pricer {
  private static final String RESOURCE = "/dev/burnrate/pricing/litellm-prices.tsv";
  private final CompletableFuture<PriceCatalog> catalog;
  private final String identity;

  /** Starts loading the catalog in the background: a restart need not wait for it. */
  CatalogPricer(List<PriceOverride> overrides) {
    this.catalog = CompletableFuture.supplyAsync(() -> PriceCatalog.bundled().withOverrides(overrides));
    this.identity = resourceCrc() + "|" + overrides;
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
      longContext = pico(p.ratesFor(Tier.STANDARD, true), 0, null);
    }
    return pico(p.ratesFor(Tier.STANDARD, false), p.longContextAbove(), longContext);
  }

  private static Pricer.Rates pico(dev.burnrate.pricing.Rates r, long above, Pricer.Rates longContext) {
    long in = pico(r.input());
    return new Pricer.Rates(
        in,
        pico(r.output()),
        r.cacheRead() == null ? in : pico(r.cacheRead()),
        r.cacheWrite() == null ? in : pico(r.cacheWrite()),
        above,
        longContext);
  }

  private static long pico(BigDecimal usdPerToken) {
    if (usdPerToken == null) {
      return 0;
    }
    java.math.BigInteger pico =
        usdPerToken.movePointRight(12).setScale(0, RoundingMode.HALF_EVEN).toBigInteger();
    // An absurd operator rate saturates rather than failing every event priced with it.
    return pico.bitLength() < 64 ? pico.longValue() : Long.MAX_VALUE;
  }
}

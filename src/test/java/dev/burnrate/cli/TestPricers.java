package dev.burnrate.cli;

import dev.burnrate.config.Config;
import dev.burnrate.engine.Pricer;

/** The pricer commands and servers use, for tests outside this package. */
public final class TestPricers {
  private TestPricers() {}

  /** The bundled catalog with {@code config}'s overrides and tool rates. */
  public static Pricer of(Config config) {
    return new CatalogPricer(config.priceOverrides(), config.toolRates());
  }
}

package dev.burnrate.pricing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.burnrate.engine.Pricer;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The one tokens x rates rule at its two precisions: the engine's integer pico-dollar path and the
 * exact decimal one behind estimates and savings agree to the nano-dollar on random token mixes
 * (fixed seed), cached parts larger than the input, missing cache rates and long contexts included.
 */
class TokenPricingTest {
  private static final long MAX = dev.burnrate.usage.EventBounds.MAX_TOKENS;

  @Test
  void theEnginesNanosAreTheExactDollarsRoundedToTheNanoOnRandomMixes() {
    Random rnd = new Random(20260308L);
    for (int n = 0; n < 20_000; n++) {
      Rates standard = randomRates(rnd);
      Rates longContext = rnd.nextInt(3) == 0 ? randomRates(rnd) : null;
      long above = longContext == null ? 0 : 1 + rnd.nextInt(300_000);
      Pricer.Rates engine =
          Pricer.Rates.of(
              standard, above, longContext == null ? null : Pricer.Rates.of(longContext, 0, null));
      long in = tokens(rnd);
      long out = tokens(rnd);
      long read = rnd.nextBoolean() ? 0 : tokens(rnd);
      long write = rnd.nextBoolean() ? 0 : tokens(rnd);
      Rates charged =
          longContext != null && TokenPricing.longContext(above, in) ? longContext : standard;
      BigDecimal exact = TokenPricing.usd(charged, in, out, read, write);
      String mix = in + "/" + out + "/" + read + "/" + write + " at " + charged;
      assertEquals(toNanos(exact), engine.nanos(in, out, read, write), mix);
    }
  }

  @Test
  void theBundledCatalogsRatesPriceTheSameAtBothPrecisions() {
    Random rnd = new Random(7L);
    List<ModelPrice> entries = PriceCatalog.bundled().entries();
    int compared = 0;
    for (int n = 0; n < 5_000; n++) {
      Rates r = entries.get(rnd.nextInt(entries.size())).standard();
      if (!picoExact(r.input())
          || !picoExact(r.output())
          || !picoExact(r.cacheRead())
          || !picoExact(r.cacheWrite())) {
        continue; // finer than a pico-dollar: the engine prices it rounded, by design
      }
      long in = tokens(rnd);
      long out = tokens(rnd);
      long read = tokens(rnd) / 2;
      long write = tokens(rnd) / 4;
      assertEquals(
          toNanos(TokenPricing.usd(r, in, out, read, write)),
          Pricer.Rates.of(r, 0, null).nanos(in, out, read, write),
          r + " " + in + "/" + out);
      compared++;
    }
    assertTrue(compared > 2_500, compared + " of 5000 draws compared");
  }

  @Test
  void uncachedInputIsTheInputLessItsCachedPartsNeverBelowZero() {
    assertEquals(700, TokenPricing.uncachedInput(1_000, 200, 100));
    assertEquals(0, TokenPricing.uncachedInput(1_000, 900, 200));
    assertEquals(0, TokenPricing.uncachedInput(0, 0, 0));
  }

  @Test
  void aMissingCacheRateIsChargedAtTheInputRate() {
    Rates r = new Rates(new BigDecimal("0.000003"), new BigDecimal("0.000015"), null, null, null);
    assertEquals(new BigDecimal("0.000003"), TokenPricing.cacheReadRate(r));
    assertEquals(new BigDecimal("0.000003"), TokenPricing.cacheWriteRate(r));
    assertEquals(new BigDecimal("0.009"), TokenPricing.usd(r, 3_000, 0, 1_000, 1_000));
  }

  private static boolean picoExact(BigDecimal rate) {
    return rate == null || rate.movePointRight(12).stripTrailingZeros().scale() <= 0;
  }

  private static long tokens(Random rnd) {
    return switch (rnd.nextInt(4)) {
      case 0 -> rnd.nextInt(1_000);
      case 1 -> rnd.nextInt(1_000_000);
      case 2 -> (long) (rnd.nextDouble() * MAX);
      default -> MAX;
    };
  }

  /** A rate in USD per token with at most 12 decimals (what a pico-dollar rate holds exactly). */
  private static Rates randomRates(Random rnd) {
    return new Rates(
        rate(rnd),
        rate(rnd),
        rnd.nextInt(3) == 0 ? null : rate(rnd),
        rnd.nextInt(3) == 0 ? null : rate(rnd),
        null);
  }

  private static BigDecimal rate(Random rnd) {
    long picos =
        switch (rnd.nextInt(3)) {
          case 0 -> rnd.nextInt(1_000);
          case 1 -> rnd.nextInt(100_000_000);
          default -> (long) (rnd.nextDouble() * 1e12);
        };
    return BigDecimal.valueOf(picos, 12);
  }

  private static long toNanos(BigDecimal usd) {
    return usd.movePointRight(9).setScale(0, RoundingMode.HALF_EVEN).longValueExact();
  }
}

package dev.burnrate.reserve;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigDecimal;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Amounts read exactly, with two decimals at least and no other trailing zeros. */
class UsdShowTest {
  /** What {@link Usd#show} answers, by way of {@link BigDecimal}'s own zero stripping. */
  static BigDecimal stripped(long nanos) {
    BigDecimal d = BigDecimal.valueOf(nanos, 9).stripTrailingZeros();
    return d.scale() < 2 ? d.setScale(2) : d;
  }

  @Test
  void answersAsStrippingZerosWould() {
    long[] edges = {
      0,
      1,
      9,
      10,
      10_000_000,
      100_000_000,
      1_000_000_000,
      1_500_000_000,
      1_234_567_891,
      100_000_000_000L,
      120_000_000_000L,
      Long.MAX_VALUE,
      Long.MAX_VALUE - 7,
      999_999_999
    };
    for (long n : edges) {
      assertEquals(stripped(n), Usd.show(n), "nanos " + n);
    }
    Random r = new Random(7);
    for (int i = 0; i < 200_000; i++) {
      long n = r.nextLong() >>> r.nextInt(64);
      long tens = (long) Math.pow(10, r.nextInt(12));
      n = Math.abs(n / tens * tens); // many trailing zeros, often
      assertEquals(stripped(n), Usd.show(n), "nanos " + n);
    }
    assertEquals("0.00", Usd.show(0).toPlainString());
    assertEquals("1.50", Usd.show(1_500_000_000).toPlainString());
    assertEquals("0.000000001", Usd.show(1).toPlainString());
  }
}

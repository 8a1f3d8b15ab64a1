package dev.burnrate.pricing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

/** A tool call's dollars from its rate: exact, rounded once, never free for an unknown duration. */
class ToolRateTest {
  static long pico(String usd) {
    return ToolRate.picos(new BigDecimal(usd));
  }

  @Test
  void perCallAndPerSecondAddUpExactlyAndRoundOnceHalfEven() {
    // $0.002 per call + $0.0025 per GPU second x 61.5 s = $0.15575
    assertEquals(155_750_000L, ToolRate.nanos(pico("0.002"), pico("0.0025"), 61_500));
    // 1 ms at $0.0000004 per second is 0.4 nano-dollars: rounds down
    assertEquals(0L, ToolRate.nanos(ToolRate.NONE, pico("0.0000004"), 1));
    // half a nano-dollar rounds to even: 0.5 -> 0, 1.5 -> 2
    assertEquals(0L, ToolRate.nanos(ToolRate.NONE, pico("0.0000005"), 1));
    assertEquals(2L, ToolRate.nanos(ToolRate.NONE, pico("0.0000015"), 1));
  }

  @Test
  void aPerSecondRateWithoutADurationLeavesTheCallUnpriced() {
    assertEquals(-1L, ToolRate.nanos(pico("1"), pico("0.01"), -1));
    assertEquals(1_000_000_000L, ToolRate.nanos(pico("1"), ToolRate.NONE, -1), "per call only");
  }

  @Test
  void theLargestRatesOverTheLongestCallAreCappedNotWrapped() {
    long thirtyOneDaysMs = 31L * 24 * 3_600_000;
    long n = ToolRate.nanos(pico("10000"), pico("10000"), thirtyOneDaysMs);
    assertEquals(ToolRate.MAX_NANOS, n);
  }
}

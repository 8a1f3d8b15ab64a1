package dev.burnrate.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.burnrate.usage.AnomalySettings;
import dev.burnrate.usage.CostWeights;
import dev.burnrate.usage.ToolWeight;
import java.math.BigDecimal;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CostModelTest {
  static CostModel.Compiled weight(String perCall, String perMs) {
    CostWeights w =
        new CostWeights(
            new ToolWeight(new BigDecimal(perCall), new BigDecimal(perMs), null),
            Map.of(),
            AnomalySettings.DEFAULTS,
            "test");
    return new CostModel(w).forTool("any");
  }

  @Test
  void referenceVideoCallCosts420Units() {
    assertEquals(4_200_000L, weight("120", "0.005").units4(60_000));
  }

  @Test
  void roundsEachCallHalfEvenToFourDecimals() {
    // 3 ms x 0.00005 = 0.00015 -> 0.0002 (1 is odd: round up); 5 ms -> 0.00025 -> 0.0002 (2 is
    // even)
    assertEquals(2L, weight("0", "0.00005").units4(3));
    assertEquals(2L, weight("0", "0.00005").units4(5));
    assertEquals(4L, weight("0", "0.00005").units4(7));
    assertEquals(10_000L, weight("1.00005", "0").units4(0));
    assertEquals(10_002L, weight("1.00015", "0").units4(0));
  }

  @Test
  void hugeDurationsFallBackToExactBigIntegerArithmetic() {
    // 1e6 ms x 9,223,372.0368547758 overflows a long at scale 10; the result stays exact.
    CostModel.Compiled c = weight("0", "9223372.0368547758");
    BigDecimal expected =
        new BigDecimal("9223372.0368547758")
            .multiply(new BigDecimal("1000000"))
            .setScale(4, java.math.RoundingMode.HALF_EVEN);
    assertEquals(expected.unscaledValue().longValueExact(), c.units4(1_000_000L));
  }

  @Test
  void picoDollarsRoundHalfEvenToNanoDollars() {
    assertEquals(2L, Pricer.Rates.roundPicoToNano(2_500));
    assertEquals(4L, Pricer.Rates.roundPicoToNano(3_500));
    assertEquals(3L, Pricer.Rates.roundPicoToNano(2_501));
    assertEquals(0L, Pricer.Rates.roundPicoToNano(499));
  }
}

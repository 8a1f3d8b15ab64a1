package dev.burnrate.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigDecimal;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class WireTest {
  record Line(
      String agentId,
      BigDecimal mtdUsd,
      BigDecimal ceilingUsd,
      Optional<String> category,
      List<Integer> zeroFirst) {}

  @Test
  void recordsGoOutInDeclarationOrderSnakeCasedWithNullsKeptAndEmptyOptionalsLeftOut() {
    Line l = new Line("a", new BigDecimal("1.50"), null, Optional.empty(), List.of(0, 1));
    assertEquals(
        "{\"agent_id\":\"a\",\"mtd_usd\":1.50,\"ceiling_usd\":null,\"zero_first\":[0,1]}",
        Wire.compact(l));
    assertEquals(
        "{\"agent_id\":\"a\",\"mtd_usd\":1E+3,\"ceiling_usd\":null,\"category\":\"x\",\"zero_first\":[]}"
            .replace("1E+3", "1000"),
        Wire.compact(new Line("a", new BigDecimal("1E+3"), null, Optional.of("x"), List.of())));
  }

  @Test
  void treesKeepTrailingZeros() {
    assertEquals(
        "{\"agent_id\":\"a\",\"mtd_usd\":2.00,\"ceiling_usd\":null,\"zero_first\":[]}",
        Wire.compact(
            Wire.tree(new Line("a", new BigDecimal("2.00"), null, Optional.empty(), List.of()))));
  }
}

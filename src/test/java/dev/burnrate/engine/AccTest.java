package dev.burnrate.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** A query's sums saturate at the largest amount instead of wrapping, field by field. */
class AccTest {
  @Test
  void sumsPastSixtyFourBitsSaturateAndTheRestStayExact() {
    long big = Long.MAX_VALUE / 2 + 1;
    Cells c = new Cells();
    int key = Cells.key(0, 2); // value 0, status "error": counts as failed
    c.add(key, big, 5, 7, 11, big, true);
    Acc acc = new Acc(1);
    acc.addCell(0, 2, c, 0);
    assertEquals(big, acc.get(0, Acc.COST4));
    acc.addCell(0, 2, c, 0);
    assertEquals(Long.MAX_VALUE, acc.get(0, Acc.COST4), "cost units saturate");
    assertEquals(Long.MAX_VALUE, acc.get(0, Acc.USD_NANO), "dollars saturate");
    assertEquals(2, acc.get(0, Acc.COUNT));
    assertEquals(10, acc.get(0, Acc.DUR));
    assertEquals(14, acc.get(0, Acc.IN));
    assertEquals(22, acc.get(0, Acc.OUT));
    assertEquals(2, acc.get(0, Acc.UNPRICED));
    assertEquals(2, acc.get(0, Acc.FAILED));
    assertEquals(0, acc.get(0, Acc.DENIED));
    acc.addCell(0, 2, c, 0);
    assertEquals(Long.MAX_VALUE, acc.get(0, Acc.USD_NANO), "and stay there");
    assertEquals(3, acc.get(0, Acc.COUNT));
  }
}

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
    c.add(key, big, 5, 7, 11, big, Entry.UNPRICED);
    Acc acc = new Acc(1);
    acc.addCell(0, 2, c, 0);
    assertEquals(big, acc.get(0, Acc.COST4));
    acc.addCell(0, 2, c, 0);
    assertEquals(Long.MAX_VALUE, acc.get(0, Acc.COST4), "cost units saturate");
    assertEquals(Long.MAX_VALUE, acc.get(0, Acc.USD_NANO), "dollars saturate");
    assertEquals(0, acc.get(0, Acc.USD_EVENT_NANO), "an unpriced call's dollars are no basis's");
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

  @Test
  void addRowsSkipsFailedOnlyWhenAskedAndSaturatesPassingRows() {
    long big = Long.MAX_VALUE / 2 + 1;
    Cells c = new Cells();
    c.add(Cells.key(4, 0), big, 1, 2, 3, big, Entry.BY_EVENT); // value 4, pass
    c.add(Cells.key(4, 1), 10, 1, 1, 1, 20, Entry.BY_TOOL); // failed
    c.add(Cells.key(-1, 3), 5, 0, 0, 0, 0, Entry.UNPRICED); // no value, denied
    Acc all = new Acc(1); // smaller than the ids it meets: it grows
    all.addRows(c, true);
    all.addRows(c, true);
    assertEquals(Long.MAX_VALUE, all.get(4, Acc.COST4));
    assertEquals(Long.MAX_VALUE, all.get(4, Acc.USD_NANO));
    assertEquals(Long.MAX_VALUE, all.get(4, Acc.USD_EVENT_NANO), "its own cost_usd, saturated");
    assertEquals(40, all.get(4, Acc.USD_TOOL_NANO), "the failed call's tool-rate dollars");
    assertEquals(4, all.get(4, Acc.COUNT));
    assertEquals(2, all.get(4, Acc.FAILED));
    assertEquals(2, all.get(-1, Acc.DENIED));
    assertEquals(2, all.get(-1, Acc.UNPRICED));
    Acc passing = new Acc(5);
    passing.addRows(c, false);
    assertEquals(1, passing.get(4, Acc.COUNT), "the failed row is left out");
    assertEquals(0, passing.get(4, Acc.USD_TOOL_NANO));
    assertEquals(0, passing.get(4, Acc.FAILED));
    assertEquals(1, passing.get(-1, Acc.DENIED), "denied calls always count");
  }

  @Test
  void aClearedAccumulatorSumsAsAFreshOne() {
    long big = Long.MAX_VALUE / 2 + 1;
    Acc reused = new Acc(1);
    reused.addRows(merged(big), true);
    reused.addRows(merged(big), true); // saturated: its bound is spent
    assertEquals(Long.MAX_VALUE, reused.get(0, Acc.USD_NANO));
    reused.clear(8);
    org.junit.jupiter.api.Assertions.assertTrue(reused.slots() >= 8);
    for (int id = -1; id < reused.slots(); id++) {
      for (int f = 0; f < Acc.FIELDS; f++) {
        assertEquals(0, reused.get(id, f), "value " + id + " field " + f);
      }
    }
    reused.addRows(merged(big), true);
    Acc fresh = new Acc(8);
    fresh.addRows(merged(big), true);
    assertEquals(fresh.get(0, Acc.USD_NANO), reused.get(0, Acc.USD_NANO));
    reused.addRows(merged(big - 1), true);
    assertEquals(
        Long.MAX_VALUE, reused.get(0, Acc.USD_NANO), "up to the largest amount: still exact");
  }

  /** Cells as the index holds them: merged row by row, so they know a bound on their sums. */
  private static Cells merged(long amount) {
    Cells c = new Cells();
    long[] row = {1, amount, 0, 0, 0, amount, 0, 0, amount, 0};
    c.addRaw(Cells.key(0, 0), row, 0);
    c.addRaw(Cells.key(1, 1), new long[] {2, 3, 4, 5, 6, 7, 1, 3, 0, 7}, 0);
    return c;
  }

  @Test
  void plainAddsWhileTheBoundHoldsAndSaturationOnceItMightNot() {
    Acc acc = new Acc(2);
    acc.addRows(merged(1L << 61), true);
    acc.addRows(merged(1L << 61), true);
    assertEquals(1L << 62, acc.get(0, Acc.COST4), "exact below the bound");
    assertEquals(4, acc.get(1, Acc.COUNT));
    assertEquals(4, acc.get(1, Acc.FAILED));
    assertEquals(14, acc.get(1, Acc.USD_NANO));
    assertEquals(14, acc.get(1, Acc.USD_TOOL_NANO));
    acc.addRows(merged(1L << 62), true);
    assertEquals(Long.MAX_VALUE, acc.get(0, Acc.COST4), "past 64 bits: saturated, not wrapped");
    assertEquals(Long.MAX_VALUE, acc.get(0, Acc.USD_NANO));
    assertEquals(Long.MAX_VALUE, acc.get(0, Acc.USD_EVENT_NANO));
    assertEquals(3, acc.get(0, Acc.COUNT));
    assertEquals(6, acc.get(1, Acc.COUNT), "the other sums stay exact");
    Acc passing = new Acc(2);
    passing.addRows(merged(5), false);
    assertEquals(0, passing.get(1, Acc.COUNT), "failed rows left out when asked");
    assertEquals(5, passing.get(0, Acc.COST4));
  }
}

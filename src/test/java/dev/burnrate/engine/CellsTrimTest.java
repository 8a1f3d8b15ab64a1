package dev.burnrate.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** A trimmed cell keeps its sums, and grows again when rows arrive after the trim. */
class CellsTrimTest {
  @Test
  void trimmingKeepsEveryRowAndLetsMoreArrive() {
    Cells c = new Cells();
    for (int v = 0; v < 100; v++) {
      c.add(Cells.key(v, 0), v, 1, 2, 3, 5, Entry.BY_EVENT);
    }
    c.trim();
    c.trim();
    assertEquals(100, c.size());
    for (int v = 0; v < 150; v++) {
      c.add(Cells.key(v, 0), v, 1, 2, 3, 5, Entry.BY_EVENT);
    }
    assertEquals(150, c.size());
    long cost = 0;
    long count = 0;
    for (int row = 0; row < c.size(); row++) {
      int v = Cells.valueOf(c.keyAt(row));
      long times = v < 100 ? 2 : 1;
      assertEquals(times, c.get(row, Cells.COUNT), "value " + v);
      assertEquals(5 * times, c.get(row, Cells.USD_EVENT_NANO), "value " + v);
      cost += c.get(row, Cells.COST4);
      count += c.get(row, Cells.COUNT);
    }
    assertEquals(2 * (99 * 100 / 2) + (100 + 149) * 50 / 2, cost);
    assertEquals(250, count);
  }

  @Test
  void anEmptyCellTrimsAndStillTakesRows() {
    Cells c = new Cells();
    c.trim();
    c.add(Cells.key(7, 1), 4, 0, 0, 0, 0, Entry.UNPRICED);
    c.add(Cells.key(8, 1), 4, 0, 0, 0, 0, Entry.UNPRICED);
    assertEquals(2, c.size());
    assertEquals(1, c.get(1, Cells.UNPRICED));
  }
}

package dev.burnrate.engine;

import static dev.burnrate.engine.CostEngineTest.event;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.burnrate.usage.CostWeights;
import dev.burnrate.usage.Dimension;
import dev.burnrate.usage.Status;
import dev.burnrate.usage.UsageEvent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The top rows are the first rows of the full order, for every cut and with many ties. */
class RowsTest {
  @Test
  void theTopRowsAreTheHeadOfTheFullOrder() {
    List<UsageEvent> events = new ArrayList<>();
    for (int i = 0; i < 60; i++) {
      events.add(
          event(Instant.parse("2026-02-01T00:00:00Z"), "agent-" + i, "t", Status.PASS, 0, "1"));
    }
    SegmentBuilder b = new SegmentBuilder("a", 0, 1);
    events.forEach(b::add);
    EventIndex index = new EventIndex(CostWeights.BUILT_IN, Pricer.NONE);
    index.add(b.build(0, events.size()));
    int d = Dimension.AGENT.ordinal();
    Random rnd = new Random(11);
    for (int round = 0; round < 200; round++) {
      Acc a = new Acc(index.dictSize(d));
      for (int id = -1; id < index.dictSize(d); id++) {
        if (rnd.nextInt(4) == 0) {
          continue; // no calls: never a row
        }
        int base = (id + 1) * Acc.FIELDS;
        a.v[base + Acc.COUNT] = 1 + rnd.nextInt(3); // small ranges: many ties at every level
        a.v[base + Acc.COST4] = rnd.nextInt(3);
        a.v[base + Acc.USD_NANO] = rnd.nextInt(3);
      }
      for (Ranking by : Ranking.values()) {
        int first = by == Ranking.USD ? Acc.USD_NANO : Acc.COST4;
        int second = by == Ranking.USD ? Acc.COST4 : Acc.USD_NANO;
        List<Integer> all = new ArrayList<>();
        for (int id = -1; id < a.slots(); id++) {
          if (a.get(id, Acc.COUNT) > 0) {
            all.add(id);
          }
        }
        all.sort(
            Comparator.<Integer>comparingLong(id -> -a.get(id, first))
                .thenComparingLong(id -> -a.get(id, second))
                .thenComparingLong(id -> -a.get(id, Acc.COUNT))
                .thenComparing(id -> String.valueOf(index.name(d, id))));
        for (int topN : new int[] {1, 3, 10, 59, 61, 1000}) {
          List<String> want =
              all.subList(0, Math.min(topN, all.size())).stream()
                  .map(id -> index.name(d, id))
                  .toList();
          List<String> got =
              Rows.top(index, Dimension.AGENT, a, topN, by).stream()
                  .map(BreakdownRow::key)
                  .toList();
          assertEquals(want, got, "round " + round + ", " + by + ", top " + topN);
        }
      }
    }
  }
}

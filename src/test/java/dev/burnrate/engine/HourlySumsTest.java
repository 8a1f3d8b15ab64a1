package dev.burnrate.engine;

import static dev.burnrate.engine.CostEngineTest.event;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.burnrate.usage.CostWeights;
import dev.burnrate.usage.Status;
import dev.burnrate.usage.UsageEvent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The rollup's hourly rows, made in runs through a key table cleared at each hour's end, must be
 * exactly the rows one probe per event makes: the same keys in the same order of first sight, the
 * same counts and sums, hour by hour, in every dimension (absent values included).
 */
class HourlySumsTest {
  @Test
  void hourlyRowsAreThoseOfOneProbePerEvent() {
    Random rnd = new Random(11);
    Instant start = Instant.parse("2026-02-20T22:00:00Z");
    List<UsageEvent> events = new ArrayList<>();
    for (int i = 0; i < 6000; i++) {
      // five hours across midnight, one of them with more events than one run sums at once
      Instant ts =
          start.plusSeconds(rnd.nextBoolean() ? rnd.nextInt(5 * 3600) : 3600 + rnd.nextInt(3600));
      String agent = rnd.nextInt(10) == 0 ? null : "agent-" + rnd.nextInt(40);
      Status status = Status.values()[rnd.nextInt(Status.values().length)];
      String usd = rnd.nextBoolean() ? null : "0.00" + (1 + rnd.nextInt(9));
      events.add(event(ts, agent, "tool-" + rnd.nextInt(7), status, rnd.nextInt(5000), usd));
    }
    SegmentBuilder b = new SegmentBuilder("a", 0, 1);
    events.forEach(b::add); // out of time order: the builder sorts them
    Segment s = b.build(0, events.size());

    Rollup got = new EventIndex(CostWeights.BUILT_IN, Pricer.NONE).rollUp(s);

    String[] statuses = s.dict(EventIndex.STATUS_DIM);
    Map<Long, List<Map<Integer, long[]>>> want = new LinkedHashMap<>();
    for (int i = 0; i < s.size(); i++) {
      long hour = Math.floorDiv(s.ts(i), EventIndex.HOUR);
      List<Map<Integer, long[]>> dims =
          want.computeIfAbsent(
              hour,
              h -> {
                List<Map<Integer, long[]>> l = new ArrayList<>();
                for (int d = 0; d < Segment.DIMS; d++) {
                  l.add(new LinkedHashMap<>());
                }
                return l;
              });
      int status = Status.parse(statuses[s.dim(EventIndex.STATUS_DIM, i)]).ordinal();
      for (int d = 0; d < Segment.DIMS; d++) {
        long[] v = dims.get(d).computeIfAbsent(Cells.key(s.dim(d, i), status), k -> new long[2]);
        v[0]++;
        v[1] += s.col(Segment.C_DUR, i);
      }
    }
    assertEquals(List.copyOf(want.keySet()), List.copyOf(got.hours.keySet()), "hours");
    for (var h : want.entrySet()) {
      Cells[] cells = got.hours.get(h.getKey());
      for (int d = 0; d < Segment.DIMS; d++) {
        Map<Integer, long[]> rows = h.getValue().get(d);
        assertEquals(rows.size(), cells[d].size(), "rows of hour " + h.getKey() + " dim " + d);
        int row = 0;
        for (var r : rows.entrySet()) {
          String at = "hour " + h.getKey() + " dim " + d + " row " + row;
          assertEquals(r.getKey(), cells[d].keyAt(row), at + " key");
          assertEquals(r.getValue()[0], cells[d].get(row, Cells.COUNT), at + " count");
          assertEquals(r.getValue()[1], cells[d].get(row, Cells.DUR), at + " duration");
          row++;
        }
      }
    }
  }
}

package dev.burnrate.engine;

import static dev.burnrate.engine.CostEngineTest.event;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.burnrate.usage.Dimension;
import dev.burnrate.usage.Status;
import dev.burnrate.usage.UsageEvent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * A sealed segment's columns are copied in bulk: in time order straight from the builder, else
 * through a sorted copy. Either way every column must hold each event's values in time order (a
 * stable order for equal times), as read back from the serialized bytes.
 */
class SegmentColumnsTest {
  private static void check(List<UsageEvent> events) {
    SegmentBuilder b = new SegmentBuilder("a", 0, 1);
    events.forEach(b::add);
    Segment s = Segment.read(b.build(0, events.size()).serialized());
    List<UsageEvent> want = new ArrayList<>(events);
    want.sort(Comparator.comparingLong(UsageEvent::tsMicros)); // stable
    assertEquals(want.size(), s.size());
    String[] agents = s.dict(Dimension.AGENT.ordinal());
    String[] tools = s.dict(Dimension.TOOL.ordinal());
    for (int i = 0; i < want.size(); i++) {
      UsageEvent e = want.get(i);
      assertEquals(e.tsMicros(), s.ts(i), "ts " + i);
      assertEquals(e.durationMs(), s.col(Segment.C_DUR, i), "duration " + i);
      assertEquals(e.agentId(), agents[s.dim(Dimension.AGENT.ordinal(), i)], "agent " + i);
      assertEquals(e.tool(), tools[s.dim(Dimension.TOOL.ordinal(), i)], "tool " + i);
      assertEquals(-1, s.dim(Dimension.MODEL.ordinal(), i), "model " + i);
    }
  }

  private static List<UsageEvent> events(boolean inOrder) {
    Random rnd = new Random(5);
    Instant start = Instant.parse("2026-02-20T00:00:00Z");
    List<UsageEvent> out = new ArrayList<>();
    for (int i = 0; i < 777; i++) {
      Instant ts = inOrder ? start.plusSeconds(i / 3) : start.plusSeconds(rnd.nextInt(500));
      out.add(event(ts, "agent-" + rnd.nextInt(9), "tool-" + i % 5, Status.PASS, i, null));
    }
    return out;
  }

  @Test
  void columnsOfEventsInTimeOrderAreTheEventsInOrder() {
    check(events(true));
  }

  @Test
  void columnsOfEventsOutOfOrderAreTheEventsSorted() {
    check(events(false));
  }
}

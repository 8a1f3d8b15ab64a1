package dev.burnrate.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.burnrate.usage.CostWeights;
import dev.burnrate.usage.Dimension;
import java.time.LocalDate;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class AgentUsageBoundTest {
  static final int CAP = 10;
  static final LocalDate DAY = LocalDate.parse("2026-03-19");

  // Downgrade advice kept a row of days x 10 longs for every (agent, model) pair seen, so unique
  // agent and model names grew it without limit.
  @Test
  void agentsAndModelsBeyondTheCapKeepTheUsageRowsBoundedAndTheCallsCounted() {
    EventIndex index = new EventIndex(CostWeights.BUILT_IN, Pricer.NONE, CAP);
    SegmentBuilder b = new SegmentBuilder("tool_audit_2026-03-19.jsonl", 0, 1, 16, CAP);
    long t0 = DAY.atStartOfDay(ZoneOffset.UTC).toEpochSecond() * 1_000_000L;
    int events = 0;
    for (int a = 0; a < 3 * CAP; a++) {
      for (int m = 0; m < 3 * CAP; m++) {
        int[] ids = new int[Segment.DIMS];
        java.util.Arrays.fill(ids, -1);
        ids[Dimension.TOOL.ordinal()] = b.intern(Dimension.TOOL.ordinal(), "llm");
        ids[Dimension.AGENT.ordinal()] = b.intern(Dimension.AGENT.ordinal(), "agent-" + a);
        ids[Dimension.MODEL.ordinal()] = b.intern(Dimension.MODEL.ordinal(), "model-" + m);
        ids[Dimension.STATUS.ordinal()] = b.intern(Dimension.STATUS.ordinal(), "pass");
        b.add(t0 + events, ids, 10, 0, 0, 100, 10, -1, -1, 1_000_000_000L, Double.NaN, 0);
        events++;
      }
    }
    index.add(b.build(1000, events));

    AgentUsage u = AgentUsage.scan(index, DAY, 1);
    assertTrue(u.agents().size() <= CAP + 1, u.agents().toString());
    assertTrue(u.agents().contains(EventIndex.OTHER), u.agents().toString());
    long calls = 0;
    int rows = 0;
    for (String agent : u.agents()) {
      for (String model : u.models(agent)) {
        calls += u.day(agent, model, 0)[AgentUsage.CALLS];
        rows++;
      }
    }
    assertEquals(events, calls, "every call counted");
    assertTrue(rows <= 2 * (CAP + 2) + CAP + 2, rows + " rows");
  }
}

package dev.burnrate.control;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.burnrate.engine.CostEngine;
import dev.burnrate.engine.EventIndex;
import dev.burnrate.engine.Pricer;
import dev.burnrate.engine.SegmentBuilder;
import dev.burnrate.usage.CostWeights;
import dev.burnrate.usage.Status;
import java.math.BigDecimal;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** A misspelled deploy target passed the gate silently, on $0 of its own spend. */
class UnseenTargetTest {
  static CostEngine engineWith(String agent) {
    SegmentBuilder b = new SegmentBuilder("test", 0, 1);
    b.add(
        dev.burnrate.usage.TestEvents.event(
            1_771_840_800_000_000L, null, agent, "deploy", Status.PASS, 0, -1, -1, BigDecimal.ONE));
    EventIndex index = new EventIndex(CostWeights.BUILT_IN, Pricer.NONE);
    index.add(b.build(0, 1));
    return new CostEngine(index);
  }

  @Test
  void aTargetNoUsageNamesIsWarnedAboutWithTheNearestKnownAgents() {
    assertEquals(
        Optional.of(
            "agent 'relase-2' has never been seen in the usage, so its own spend counts as $0;"
                + " check the spelling (known agents near it: release-2) or deploy as the agent id"
                + " its usage events carry"),
        Governance.unseen(engineWith("release-2"), "relase-2"));
  }

  @Test
  void aKnownTargetIsNotWarnedAbout() {
    assertEquals(Optional.empty(), Governance.unseen(engineWith("release-2"), "release-2"));
  }
}

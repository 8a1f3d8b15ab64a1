package dev.burnrate.engine;

import static dev.burnrate.engine.CostEngineTest.event;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.burnrate.usage.CostWeights;
import dev.burnrate.usage.Dimension;
import dev.burnrate.usage.Status;
import dev.burnrate.usage.UsageEvent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The agent that called a flagged tool most, counted in arrays or (for huge fleets) in maps. */
class AnomalyEvidenceTest {
  static final Instant NOW = Instant.parse("2026-02-23T12:00:00Z");

  @ParameterizedTest
  @ValueSource(longs = {1 << 20, 1})
  void theBusiestAgentWinsAndTiesGoToTheSmallerName(long denseSlots) {
    long saved = AnomalyEvidence.denseSlots;
    AnomalyEvidence.denseSlots = denseSlots;
    try {
      List<UsageEvent> events = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        events.add(event(NOW.minusSeconds(60 + i), "zeta", "video", Status.PASS, 1, null));
        events.add(event(NOW.minusSeconds(60 + i), "alpha", "video", Status.PASS, 1, null));
        events.add(event(NOW.minusSeconds(60 + i), "beta", "search", Status.PASS, 1, null));
      }
      events.add(event(NOW.minusSeconds(30), "beta", "video", Status.ERROR, 1, null));
      events.add(event(NOW.minusSeconds(30), "beta", "video", Status.PASS, 1, null));
      events.add(event(NOW.minusSeconds(7200), "zeta", "video", Status.PASS, 1, null)); // before
      events.add(event(NOW.minusSeconds(20), "gamma", "quiet", Status.PASS, 1, null));
      SegmentBuilder b = new SegmentBuilder("a", 0, 1);
      events.forEach(b::add);
      EventIndex index = new EventIndex(CostWeights.BUILT_IN, Pricer.NONE);
      index.add(b.build(0, events.size()));
      int video = index.lookup(Dimension.TOOL.ordinal(), "video");
      int search = index.lookup(Dimension.TOOL.ordinal(), "search");
      int absent = index.dictSize(Dimension.TOOL.ordinal()) - 1; // "quiet": no calls in range
      long from = CostEngine.micros(NOW.minusSeconds(3600));
      Map<Integer, AnomalyEvidence.TopAgent> top =
          index.read(
              () ->
                  AnomalyEvidence.topAgents(
                      index,
                      List.of(video, search),
                      from,
                      CostEngine.micros(NOW.minusSeconds(25))));
      assertEquals(new AnomalyEvidence.TopAgent("alpha", 3), top.get(video), "tie: alpha < zeta");
      assertEquals(new AnomalyEvidence.TopAgent("beta", 3), top.get(search));
      Map<Integer, AnomalyEvidence.TopAgent> none =
          index.read(
              () ->
                  AnomalyEvidence.topAgents(
                      index, List.of(absent), from, CostEngine.micros(NOW.minusSeconds(25))));
      assertNull(none.get(absent).name());
      assertEquals(0, none.get(absent).calls());
    } finally {
      AnomalyEvidence.denseSlots = saved;
    }
  }
}

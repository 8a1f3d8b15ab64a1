package dev.burnrate.engine;

import dev.burnrate.usage.UsageEvent;
import java.util.List;

/** Segments built straight from events, for tests of the index. */
final class TestSegments {
  private TestSegments() {}

  /** A segment named {@code name} holding {@code events}. */
  static Segment segment(String name, List<UsageEvent> events) {
    SegmentBuilder b = new SegmentBuilder(name, 0, 1);
    events.forEach(b::add);
    return b.build(0, events.size());
  }

  /** An index with the built-in cost weights, no prices, and {@code events} as one segment. */
  static EventIndex index(List<UsageEvent> events) {
    EventIndex index = new EventIndex(dev.burnrate.usage.CostWeights.BUILT_IN, Pricer.NONE);
    index.add(segment("a", events));
    return index;
  }
}

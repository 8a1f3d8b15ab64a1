package dev.burnrate.engine;

import static dev.burnrate.engine.CostEngineTest.event;
import static dev.burnrate.engine.TestSegments.segment;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.burnrate.usage.CostWeights;
import dev.burnrate.usage.Dimension;
import dev.burnrate.usage.Status;
import dev.burnrate.usage.UsageEvent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The windows a fleet asks about over and over (top spenders' last 24 hours, the anomaly window and
 * baseline, the digest) take their whole hours from the range cache. Whatever arrives in between,
 * late events in cached hours and agents never seen before included, and however small the cache,
 * they answer exactly as the same window summed afresh.
 */
class WindowCacheTest {
  static final Instant NOW = Instant.parse("2026-02-23T12:00:00Z");
  static final Status[] STATUSES = {
    Status.PASS, Status.PASS, Status.FAILED, Status.ERROR, Status.DENIED
  };

  /** An Acc's sums for slots -1 .. slots-1, zero past its length. */
  private static long[] padded(Acc a, int slots) {
    return Arrays.copyOf(a.v, (slots + 1) * Acc.FIELDS);
  }

  /** A random time within the last three days, on the hour a third of the time. */
  private static long micros(Random r) {
    long t = CostEngine.micros(NOW) - (long) (r.nextDouble() * 72 * EventIndex.HOUR);
    return r.nextInt(3) == 0 ? Math.floorDiv(t, EventIndex.HOUR) * EventIndex.HOUR : t;
  }

  @ParameterizedTest
  @ValueSource(longs = {4L << 20, 300})
  void cachedWindowsAnswerAsFreshSumsWhateverArrives(long maxLongs) {
    long saved = RangeCache.maxLongs;
    RangeCache.maxLongs = maxLongs; // 300: a few sums fit, so the cache keeps starting again
    try {
      Random r = new Random(11);
      EventIndex index = new EventIndex(CostWeights.BUILT_IN, Pricer.NONE);
      int[] dims = {Dimension.TOOL.ordinal(), Dimension.AGENT.ordinal(), Dimension.USER.ordinal()};
      int checked = 0;
      for (int round = 0; round < 40; round++) {
        List<UsageEvent> events = new ArrayList<>();
        for (int i = 0; i < 25; i++) {
          long ts = micros(r);
          events.add(
              event(
                  Instant.EPOCH.plusNanos(ts * 1000),
                  "agent-" + r.nextInt(round + 2), // newcomers keep arriving
                  "tool-" + r.nextInt(6),
                  STATUSES[r.nextInt(STATUSES.length)],
                  r.nextInt(1000),
                  r.nextInt(4) == 0 ? null : "0." + (1 + r.nextInt(99))));
        }
        index.add(segment("s" + round, events));
        for (int q = 0; q < 12; q++) {
          long a = micros(r);
          long b = micros(r);
          long from = Math.min(a, b);
          long to = Math.max(a, b);
          boolean includeFailed = r.nextBoolean();
          Acc[] cached = new Acc[dims.length];
          Acc[] fresh = new Acc[dims.length];
          for (int k = 0; k < dims.length; k++) {
            cached[k] = new Acc(1); // smaller than the dictionaries: both grow
            fresh[k] = new Acc(1);
          }
          index.read(
              () -> {
                index.accumulateCached(from, to, dims, cached, includeFailed);
                index.accumulate(from, to, dims, fresh, includeFailed);
                return null;
              });
          for (int k = 0; k < dims.length; k++) {
            int slots = index.dictSize(dims[k]);
            assertArrayEquals(
                padded(fresh[k], slots),
                padded(cached[k], slots),
                "round " + round + ", dimension " + dims[k] + ", [" + from + ", " + to + ")");
          }
          checked++;
        }
      }
      assertEquals(480, checked);
    } finally {
      RangeCache.maxLongs = saved;
    }
  }

  @ParameterizedTest
  @ValueSource(longs = {4L << 20, 30})
  void topAgentsFromCachedHoursMatchACountOfEveryEvent(long maxLongs) {
    long saved = RangeCache.maxLongs;
    long savedSlots = AnomalyEvidence.denseSlots;
    RangeCache.maxLongs = maxLongs;
    try {
      Random r = new Random(5);
      EventIndex index = new EventIndex(CostWeights.BUILT_IN, Pricer.NONE);
      int tool = Dimension.TOOL.ordinal();
      for (int round = 0; round < 40; round++) {
        List<UsageEvent> events = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
          events.add(
              event(
                  Instant.EPOCH.plusNanos(micros(r) * 1000),
                  r.nextInt(8) == 0 ? null : "agent-" + r.nextInt(round + 2),
                  "tool-" + r.nextInt(4),
                  STATUSES[r.nextInt(STATUSES.length)],
                  1,
                  null));
        }
        index.add(segment("s" + round, events));
        for (int q = 0; q < 10; q++) {
          long a = micros(r);
          long b = micros(r);
          List<Integer> tools = new ArrayList<>();
          for (int t = 0; t < index.dictSize(tool); t++) {
            if (r.nextBoolean()) {
              tools.add(t);
            }
          }
          AnomalyEvidence.denseSlots = savedSlots; // arrays, whole hours from the cache
          Map<Integer, AnomalyEvidence.TopAgent> cached =
              index.read(
                  () -> AnomalyEvidence.topAgents(index, tools, Math.min(a, b), Math.max(a, b)));
          AnomalyEvidence.denseSlots = 0; // maps, every event read
          Map<Integer, AnomalyEvidence.TopAgent> counted =
              index.read(
                  () -> AnomalyEvidence.topAgents(index, tools, Math.min(a, b), Math.max(a, b)));
          assertEquals(counted, cached, "round " + round + ", tools " + tools);
        }
      }
    } finally {
      RangeCache.maxLongs = saved;
      AnomalyEvidence.denseSlots = savedSlots;
    }
  }

  @Test
  void aWindowsWholeHoursAreCountedOnceWhileOnlyTheHourInProgressGrows() {
    EventIndex index =
        TestSegments.index(
            List.of(
                event(NOW.minusSeconds(5400), "a", "t", Status.PASS, 0, "1"),
                event(NOW.minusSeconds(1800), "b", "t", Status.PASS, 0, "1")));
    int t = index.lookup(Dimension.TOOL.ordinal(), "t");
    long from = CostEngine.micros(NOW.minusSeconds(7200));
    long to = CostEngine.micros(NOW);
    long[][] first = index.read(() -> index.callsByAgent(new int[] {t}, from, to));
    index.add(segment("now", List.of(event(NOW.plusSeconds(60), "b", "t", Status.PASS, 0, "1"))));
    assertSame(
        first[0],
        index.read(() -> index.callsByAgent(new int[] {t}, from, to))[0],
        "an event in the hour in progress leaves the window's hours as they were");
    index.add(
        segment("late", List.of(event(NOW.minusSeconds(600), "b", "t", Status.PASS, 0, "1"))));
    long[][] after = index.read(() -> index.callsByAgent(new int[] {t}, from, to));
    assertNotSame(first[0], after[0], "a late event in the window's hours is counted anew");
    int b = index.lookup(Dimension.AGENT.ordinal(), "b");
    assertEquals(2, after[0][b + 1]);
    assertEquals(1, first[0][b + 1], "and what an earlier caller holds is not changed");
  }
}

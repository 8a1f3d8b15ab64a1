package dev.burnrate.engine;

import dev.burnrate.usage.Dimension;
import java.time.Instant;

/**
 * Dollars spent in {@code [from, to)}, for the fleet and per agent: what the spend gate counts as
 * settled in a scope's window. Whole hours come from the hourly rollups and the partial hours at
 * either end are scanned event by event ({@link EventIndex#accumulate}), so a trailing hour is
 * exact to the microsecond; the whole hours of a window that starts on an hour are cached between
 * calls ({@link EventIndex#sum}). Failed calls count: they were paid for. Events grouped as {@code
 * (other)} because their agent came past the distinct-value cap count for the fleet only.
 */
public final class WindowSpend {
  /**
   * Fleet total and per-agent nano-dollars. Per agent by the index's ids: the gate asks for one
   * agent and its team, so naming every agent of the fleet on each call would be wasted.
   */
  public static final class Spend {
    private final long totalNanos;
    private final long[] byAgentId;
    private final EventIndex index;

    private Spend(long totalNanos, long[] byAgentId, EventIndex index) {
      this.totalNanos = totalNanos;
      this.byAgentId = byAgentId;
      this.index = index;
    }

    public long totalNanos() {
      return totalNanos;
    }

    /** The agent's nano-dollars; 0 for one without spend, and for {@code (other)}. */
    public long agent(String agent) {
      if (EventIndex.OTHER.equals(agent)) {
        return 0; // the agents past the distinct-value cap, together: no agent's own spend
      }
      int id = index.lookup(Dimension.AGENT.ordinal(), agent);
      return id >= 0 && id < byAgentId.length ? byAgentId[id] : 0;
    }
  }

  private static final ThreadLocal<Acc> OPEN = ThreadLocal.withInitial(() -> new Acc(0));

  private WindowSpend() {}

  public static Spend between(EventIndex index, Instant from, Instant to) {
    long f = micros(from);
    long t = micros(to);
    return index.read(
        () -> {
          int d = Dimension.AGENT.ordinal();
          // A window that starts on an hour (a month, a day) reuses the cached sums of its whole
          // hours up to the current one; only the hour in progress is added up on each call.
          long cut = Math.floorDiv(t, EventIndex.HOUR) * EventIndex.HOUR;
          Acc closed = null;
          long openFrom = f;
          if (f % EventIndex.HOUR == 0 && cut > f) {
            closed = index.sum(d, f, cut, true);
            openFrom = cut;
          }
          // The hour in progress is summed on every call: into this thread's accumulator, as a
          // fresh one per call (a row per agent of the fleet) was most of the gate's garbage.
          Acc acc = OPEN.get();
          acc.clear(index.dictSize(d));
          index.accumulate(openFrom, t, new int[] {d}, new Acc[] {acc}, true);
          long total = 0;
          long[] by = new long[Math.max(acc.slots(), closed == null ? 0 : closed.slots())];
          for (int id = -1; id < by.length; id++) {
            long usd = id < acc.slots() ? acc.get(id, Acc.USD_NANO) : 0;
            if (closed != null && id < closed.slots()) {
              usd = Cells.plus(usd, closed.get(id, Acc.USD_NANO));
            }
            total = Cells.plus(total, usd);
            if (id >= 0) {
              by[id] = usd;
            }
          }
          return new Spend(total, by, index);
        });
  }

  private static long micros(Instant t) {
    return Math.addExact(Math.multiplyExact(t.getEpochSecond(), 1_000_000L), t.getNano() / 1000);
  }
}

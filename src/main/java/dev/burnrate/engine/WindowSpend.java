package dev.burnrate.engine;

import dev.burnrate.usage.Dimension;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * Dollars spent in {@code [from, to)}, for the fleet and per agent: what the spend gate counts as
 * settled in a scope's window. Whole hours come from the hourly rollups and the partial hours at
 * either end are scanned event by event ({@link EventIndex#accumulate}), so a trailing hour is
 * exact to the microsecond; the whole hours of a window that starts on an hour are cached between
 * calls ({@link EventIndex#sum}). Failed calls count: they were paid for. Events grouped as {@code
 * (other)} because their agent came past the distinct-value cap count for the fleet only.
 */
public final class WindowSpend {
  /** Fleet total and per-agent nano-dollars; agents without spend are absent. */
  public record Spend(long totalNanos, Map<String, Long> byAgentNanos) {
    public Spend {
      byAgentNanos = Map.copyOf(byAgentNanos);
    }

    public long agent(String agent) {
      return byAgentNanos.getOrDefault(agent, 0L);
    }
  }

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
          Acc acc = new Acc(index.dictSize(d));
          index.accumulate(openFrom, t, new int[] {d}, new Acc[] {acc}, true);
          long total = 0;
          Map<String, Long> by = new HashMap<>();
          for (int id = -1; id < acc.slots(); id++) {
            long usd = acc.get(id, Acc.USD_NANO);
            if (closed != null && id < closed.slots()) {
              usd = Cells.plus(usd, closed.get(id, Acc.USD_NANO));
            }
            total = Cells.plus(total, usd);
            String name = index.name(d, id);
            if (usd != 0 && name != null && !EventIndex.OTHER.equals(name)) {
              by.put(name, usd);
            }
          }
          return new Spend(total, by);
        });
  }

  private static long micros(Instant t) {
    return Math.addExact(Math.multiplyExact(t.getEpochSecond(), 1_000_000L), t.getNano() / 1000);
  }
}

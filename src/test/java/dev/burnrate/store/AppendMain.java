package dev.burnrate.store;

import dev.burnrate.engine.EventIndex;
import dev.burnrate.engine.Pricer;
import dev.burnrate.usage.CostWeights;
import dev.burnrate.usage.Status;
import dev.burnrate.usage.UsageEvent;
import java.nio.file.Path;
import java.util.List;

/** A separate process appending events one call at a time, for the concurrent-append test. */
public final class AppendMain {
  public static void main(String[] args) throws Exception {
    Path audit = Path.of(args[0]);
    String prefix = args[1];
    int n = Integer.parseInt(args[2]);
    long t0 = 1_771_848_000_000_000L; // 2026-02-23T12:00:00Z
    try (JsonlEventLog log =
        JsonlEventLog.open(
            audit, Path.of(args[3]), new EventIndex(CostWeights.BUILT_IN, Pricer.NONE))) {
      for (int i = 0; i < n; i++) {
        String pad = "x".repeat(i % 300);
        log.append(
            List.of(
                new UsageEvent(
                    t0 + i,
                    prefix + "-" + i,
                    "ws",
                    "u",
                    prefix,
                    "tool_" + pad,
                    "call",
                    Status.PASS,
                    i,
                    1,
                    2,
                    null,
                    null,
                    null,
                    null,
                    null,
                    -1,
                    -1,
                    -1,
                    -1,
                    null,
                    Double.NaN,
                    null,
                    null)));
      }
    }
  }
}

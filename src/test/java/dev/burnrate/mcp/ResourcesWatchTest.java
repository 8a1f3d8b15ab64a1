package dev.burnrate.mcp;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** When subscribers hear that the digest and the budget changed: new usage, or a new UTC day. */
class ResourcesWatchTest {
  private static final List<String> BOTH =
      List.of("burnrate://digest/today", "burnrate://budget/month");

  @Test
  void announcesBothResourcesWhenUsageArrivesOrTheDayRollsAndOnlyThen() {
    AtomicLong events = new AtomicLong(100);
    MutableClock clock = new MutableClock(Instant.parse("2026-02-23T23:59:00Z"));
    List<String> heard = new ArrayList<>();
    try (Resources.Watch watch = new Resources.Watch(events::get, clock, false)) {
      watch.listen(heard::add);

      watch.check();
      assertEquals(List.of(), heard, "nothing changed");

      events.addAndGet(3);
      watch.check();
      assertEquals(BOTH, heard, "new usage");

      heard.clear();
      clock.advance(Duration.ofSeconds(30));
      watch.check();
      assertEquals(List.of(), heard, "same day, same usage");

      clock.advance(Duration.ofSeconds(60));
      watch.check();
      assertEquals(BOTH, heard, "the UTC day rolled");
    }
  }
}

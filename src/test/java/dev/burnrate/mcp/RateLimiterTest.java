package dev.burnrate.mcp;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class RateLimiterTest {
  private final MutableClock clock = new MutableClock(Instant.parse("2026-02-23T12:00:00Z"));
  private final RateLimiter limiter = new RateLimiter(clock);

  @Test
  void admitsUpToTheLimitThenSaysHowLongToWait() {
    assertEquals(0, limiter.tryAcquire("k", 2));
    clock.advance(Duration.ofSeconds(10));
    assertEquals(0, limiter.tryAcquire("k", 2));
    clock.advance(Duration.ofSeconds(5));
    assertEquals(45_000, limiter.tryAcquire("k", 2));
  }

  @Test
  void aCallLeavesTheWindowSixtySecondsLater() {
    limiter.tryAcquire("k", 1);
    clock.advance(Duration.ofMillis(59_999));
    assertEquals(1, limiter.tryAcquire("k", 1));
    clock.advance(Duration.ofMillis(1));
    assertEquals(0, limiter.tryAcquire("k", 1));
  }

  @Test
  void refusedCallsDoNotUseTheBudget() {
    limiter.tryAcquire("k", 1);
    for (int i = 0; i < 5; i++) {
      limiter.tryAcquire("k", 1);
    }
    clock.advance(Duration.ofSeconds(60));
    assertEquals(0, limiter.tryAcquire("k", 1));
  }

  @Test
  void keysAreIndependentAndZeroMeansNoLimit() {
    assertEquals(0, limiter.tryAcquire("a", 1));
    assertEquals(0, limiter.tryAcquire("b", 1));
    for (int i = 0; i < 1000; i++) {
      assertEquals(0, limiter.tryAcquire("c", 0));
    }
  }
}

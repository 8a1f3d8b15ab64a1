package dev.burnrate.mcp;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class WarmupTest {
  @Test
  void theThrowawaySessionAnswersInitializeListAndCall() throws Exception {
    // If an SDK upgrade changed the protocol path, the warm-up would silently stop warming.
    assertTrue(Warmup.run(), "the warm-up session did not answer all three requests");
  }
}

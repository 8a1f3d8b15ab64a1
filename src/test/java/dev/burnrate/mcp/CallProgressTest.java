package dev.burnrate.mcp;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * What a call's progress says: while the usage history is still loading (the first call after
 * start), that it waits for it. The tool holds until the first progress message is sent, so no
 * clock decides the outcome.
 */
class CallProgressTest {
  /** Answers once a progress message was sent (or after ten seconds). */
  static final class HoldsUntilProgress extends ToyTools.Slow {
    final CountDownLatch told = new CountDownLatch(1);

    @Override
    public String name() {
      return "holds";
    }

    @Override
    public Object call(ToolCall call) {
      try {
        told.await(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return Map.of("slept_ms", 0);
    }
  }

  /** A scope that asked for progress and keeps what it was told. */
  static final class Recording extends CallScope {
    final List<String> progress = new CopyOnWriteArrayList<>();
    private final HoldsUntilProgress tool;

    Recording(HoldsUntilProgress tool) {
      super(null, null, null, null);
      this.tool = tool;
    }

    @Override
    boolean wantsProgress() {
      return true;
    }

    @Override
    synchronized void progress(String message) {
      progress.add(message);
      tool.told.countDown();
    }
  }

  @Test
  void aCallWaitingForTheUsageHistorySaysSoInItsProgress() {
    HoldsUntilProgress tool = new HoldsUntilProgress();
    ServerSpec spec =
        ServerSpec.builder("t", "1")
            .tools(List.of(tool))
            .rbac(ToyTools.rbac(), Principals.resolve(ToyTools.rbac(), "oncall", null))
            .progressAfter(Duration.ofMillis(20))
            .data(() -> false, () -> 0)
            .build();
    try (ToolGateway g = new ToolGateway(spec, new LazySchemaValidator())) {
      Recording scope = new Recording(tool);
      var result = g.call(spec.principal(), "holds", Map.of(), scope);
      assertFalse(result.isError(), result.toString());
      assertTrue(tool.told.getCount() == 0, "progress was sent while the call ran");
      assertTrue(
          scope.progress.get(0).startsWith("loading the usage history"), scope.progress.toString());
    }
  }
}

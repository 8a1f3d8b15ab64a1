package dev.burnrate.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.burnrate.budget.Budget;
import dev.burnrate.budget.BudgetStatus;
import dev.burnrate.budget.Preflight;
import dev.burnrate.budget.PreflightDecision;
import dev.burnrate.wire.Wire;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The gate's state file: the answer's bytes, replaced whole, never seen half-written. */
class PreflightStateTest {
  @TempDir Path data;

  private static PreflightDecision decide(BudgetStatus status, String estimate) {
    return Preflight.decide(
        status,
        "release-2:1.4.0",
        Optional.of(new BigDecimal(estimate)),
        Optional.empty(),
        Optional.empty(),
        "cost/overrides/release-2.yaml",
        List.of());
  }

  @Test
  void theFileHoldsTheAnswerAsShownWithANewline() throws Exception {
    Budget budget = Months.budget("1000", Map.of());
    PreflightDecision d = decide(Months.status(budget, "release-2", "100"), "5");
    PreflightState state = new PreflightState(data);
    state.record(d);
    String text = Files.readString(data.resolve("state/preflight-release-2_1.4.0.json"));
    assertEquals(Wire.pretty(d) + "\n", text);
    assertTrue(
        text.startsWith(
            "{\n  \"target\" : \"release-2:1.4.0\",\n  \"agent\" : \"release-2\",\n"
                + "  \"decision\" : \"pass\",\n  \"reason\" : \"within budget\",\n  \"rule\" : null,\n"
                + "  \"scope\" : \"total\",\n"),
        text);
  }

  @Test
  void readersSeeOneWholeDecisionOrTheOtherWhileItIsRewritten() throws Exception {
    Budget budget = Months.budget("1000", Map.of());
    BudgetStatus status = Months.status(budget, "release-2", "100");
    PreflightDecision pass = decide(status, "5");
    PreflightDecision veto = decide(status, "5000");
    Set<String> whole = Set.of(Wire.pretty(pass) + "\n", Wire.pretty(veto) + "\n");
    PreflightState state = new PreflightState(data);
    state.record(pass);
    Path file = state.file(pass.target());
    AtomicBoolean done = new AtomicBoolean();
    Set<String> seen = ConcurrentHashMap.newKeySet();
    Thread reader =
        new Thread(
            () -> {
              while (!done.get()) {
                try {
                  seen.add(Files.readString(file));
                } catch (java.io.IOException e) {
                  seen.add("unreadable: " + e);
                }
              }
            });
    reader.start();
    for (int i = 0; i < 300; i++) {
      state.record(i % 2 == 0 ? veto : pass);
    }
    done.set(true);
    reader.join();
    assertTrue(whole.containsAll(seen), "only whole files: " + seen.size());
    try (Stream<Path> files = Files.list(file.getParent())) {
      assertEquals(1, files.count(), "no temporary file is left behind");
    }
  }
}

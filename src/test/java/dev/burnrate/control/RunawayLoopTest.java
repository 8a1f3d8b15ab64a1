package dev.burnrate.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.burnrate.budget.Budget;
import dev.burnrate.engine.EventIndex;
import dev.burnrate.engine.Pricer;
import dev.burnrate.reserve.Answers;
import dev.burnrate.reserve.ReservePolicy;
import dev.burnrate.store.JsonlEventLog;
import dev.burnrate.store.JsonlReservationLedger;
import dev.burnrate.usage.CostWeights;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A loop that reserves and settles without end is stopped at exactly its run or hourly limit. */
class RunawayLoopTest {
  static final Instant T0 = Instant.parse("2026-03-10T12:00:00Z");

  @TempDir Path data;
  JsonlEventLog log;
  JsonlReservationLedger ledger;
  SpendGate gate;

  @BeforeEach
  void open() throws Exception {
    log =
        JsonlEventLog.open(
            data.resolve("audit"),
            data.resolve("index"),
            new EventIndex(CostWeights.BUILT_IN, Pricer.NONE));
    ledger = JsonlReservationLedger.open(data);
    ReservePolicy policy =
        new ReservePolicy(
            Duration.ofMinutes(5),
            Duration.ofHours(1),
            Optional.of(new BigDecimal("10")),
            Map.of(),
            Map.of(
                "looper",
                new ReservePolicy.RollingCaps(Optional.of(new BigDecimal("5")), Optional.empty())));
    gate = new SpendGate(Budget.EMPTY, policy, ledger, () -> log);
  }

  @AfterEach
  void close() {
    ledger.close();
    log.close();
  }

  private Answers.Reserve step(String agent, String run, String req, Instant at) throws Exception {
    Answers.Reserve a =
        gate.reserve(
            new SpendGate.Request(
                agent, Optional.ofNullable(run), new BigDecimal("1"), Optional.empty(), req),
            at);
    if (a.granted()) {
      gate.settle(
          a.reservationId().orElseThrow(),
          new BigDecimal("1"),
          Optional.empty(),
          at.plusMillis(10));
    }
    return a;
  }

  @Test
  void aRunCeilingStopsItsRunAtExactlyTheLimitWhileOtherRunsAndAgentsGoOn() throws Exception {
    int granted = 0;
    Answers.Reserve last = null;
    for (int i = 0; i < 25; i++) {
      last = step("worker", "run-a", "a-" + i, T0.plusSeconds(i));
      if (last.granted()) {
        granted++;
      }
    }
    assertEquals(10, granted, "$10 run ceiling at $1 a step");
    assertFalse(last.granted());
    assertEquals("run", last.refusedBy().orElseThrow().scope());
    assertEquals(new BigDecimal("0.00"), last.refusedBy().orElseThrow().remainingUsd());
    assertEquals(null, last.refusedBy().orElseThrow().resetsAt());
    assertTrue(
        step("worker", "run-b", "b-0", T0.plusSeconds(30)).granted(),
        "another run of the same agent");
    assertTrue(step("other", "run-a2", "o-0", T0.plusSeconds(31)).granted(), "another agent");
  }

  @Test
  void aTrailingHourCapStopsTheLoopAtExactlyItsLimitAndFreesAsSpendAgesOut() throws Exception {
    int granted = 0;
    Answers.Reserve last = null;
    for (int i = 0; i < 20; i++) { // one step a minute, each in a run of its own
      last = step("looper", "r" + i, "l-" + i, T0.plusSeconds(60L * i));
      if (last.granted()) {
        granted++;
      }
    }
    assertEquals(5, granted, "$5 an hour at $1 a step");
    assertEquals("agent_last_hour", last.refusedBy().orElseThrow().scope());
    assertTrue(
        step("bystander", null, "x-0", T0.plusSeconds(60L * 20)).granted(), "other agents go on");
    // The first settle (T0 + 10 ms) leaves the window an hour later: one step fits again.
    Answers.Reserve late0 = step("looper", "late-0", "late-0", T0.plusSeconds(3600));
    assertFalse(late0.granted(), late0.toString());
    assertTrue(step("looper", "late-1", "late-1", T0.plusSeconds(3600).plusMillis(11)).granted());
    assertFalse(step("looper", "late-2", "late-2", T0.plusSeconds(3600).plusMillis(30)).granted());
  }
}

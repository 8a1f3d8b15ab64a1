package dev.burnrate.reserve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.burnrate.budget.AlertAction;
import dev.burnrate.budget.AlertThreshold;
import dev.burnrate.budget.Budget;
import dev.burnrate.budget.TeamBudget;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class AdmissionTest {
  static final Instant NOW = Instant.parse("2026-03-10T12:30:00Z");
  static final long USD = 1_000_000_000L;

  static Budget budget() {
    return new Budget(
        ZoneId.of("UTC"),
        Optional.of(new BigDecimal("50000")),
        Map.of("coder-1", new BigDecimal("8000")),
        List.of(
            new AlertThreshold(new BigDecimal("80"), AlertAction.NOTIFY),
            new AlertThreshold(new BigDecimal("95"), AlertAction.FREEZE_AND_ESCALATE)),
        Map.of("coder-1", new BigDecimal("600")),
        Map.of(
            "dev", new TeamBudget("dev", new BigDecimal("12000"), List.of("coder-1", "coder-2"))),
        Budget.EMPTY.downgrade(),
        Budget.EMPTY.notifications(),
        Budget.EMPTY.costSources());
  }

  static ReservePolicy policy() {
    return new ReservePolicy(
        Duration.ofMinutes(5),
        Duration.ofHours(1),
        Optional.of(new BigDecimal("25")),
        Map.of("coder-1", new BigDecimal("60")),
        Map.of(
            "coder-1",
            new ReservePolicy.RollingCaps(
                Optional.of(new BigDecimal("40")), Optional.of(new BigDecimal("300")))));
  }

  @Test
  void everyScopeAppliesInOrderWithTheFreezeThresholdAsTheMonthlyLimit() {
    List<Scope> s = Scopes.applicable(budget(), policy(), "coder-1", Optional.of("r-17"), NOW);
    assertEquals(
        List.of(
            ScopeKind.AGENT_MONTH,
            ScopeKind.TEAM_MONTH,
            ScopeKind.FLEET_MONTH,
            ScopeKind.AGENT_DAY,
            ScopeKind.RUN,
            ScopeKind.AGENT_LAST_HOUR,
            ScopeKind.AGENT_LAST_24H),
        s.stream().map(Scope::kind).toList());
    assertEquals(7600 * USD, s.get(0).limitNanos(), "95 % of $8,000");
    assertEquals(Instant.parse("2026-04-01T00:00:00Z"), s.get(0).resetsAt());
    assertEquals(Instant.parse("2026-03-11T00:00:00Z"), s.get(3).resetsAt());
    assertEquals(60 * USD, s.get(4).limitNanos());
    assertEquals(null, s.get(4).resetsAt());
    assertEquals(NOW.minusSeconds(3600), s.get(5).windowStart());
  }

  @Test
  void anAgentWithoutLimitsOfItsOwnIsCheckedOnlyAgainstTheFleetAndTheDefaultRunCeiling() {
    List<Scope> s = Scopes.applicable(budget(), policy(), "other", Optional.of("r-1"), NOW);
    assertEquals(
        List.of(ScopeKind.FLEET_MONTH, ScopeKind.RUN), s.stream().map(Scope::kind).toList());
    assertEquals(25 * USD, s.get(1).limitNanos());
  }

  @Test
  void grantsExactlyUpToTheLimitAndNamesTheTightestScopeWhenItRefuses() {
    Scope hour =
        new Scope(
            ScopeKind.AGENT_LAST_HOUR,
            "a",
            40 * USD,
            NOW.minusSeconds(3600),
            NOW.plusSeconds(3600));
    Scope month =
        new Scope(
            ScopeKind.AGENT_MONTH,
            "a",
            1000 * USD,
            NOW.minusSeconds(86400),
            NOW.plusSeconds(86400));
    List<Tally> t = List.of(new Tally(month, 100 * USD, 0), new Tally(hour, 31 * USD, 6 * USD));
    Admission.Decision ok = Admission.decide(t, 3 * USD);
    assertTrue(ok.granted());
    assertEquals(new BigDecimal("0.00"), ok.scopes().get(1).remainingUsd());
    assertEquals(new BigDecimal("9.00"), ok.scopes().get(1).reservedUsd());
    Admission.Decision no = Admission.decide(t, 3 * USD + 1);
    assertFalse(no.granted());
    assertEquals("agent_last_hour", no.refusedBy().orElseThrow().scope());
    assertEquals(new BigDecimal("3.00"), no.refusedBy().orElseThrow().remainingUsd());
    assertEquals(NOW.plusSeconds(3600).toString(), no.refusedBy().orElseThrow().resetsAt());
  }

  @Test
  void withNoScopeEveryEstimateIsGranted() {
    assertTrue(Admission.decide(List.of(), 5 * USD).granted());
  }
}

package dev.burnrate.budget;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.burnrate.budget.PreflightDecision.Pass;
import dev.burnrate.budget.PreflightDecision.Veto;
import dev.burnrate.downgrade.Downgrade;
import dev.burnrate.usage.Round;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Budget status and the preflight gate on hand-made spend, without a store or a CLI. The README's
 * reference case: a $50,000 monthly ceiling, $47,500 spent by March 20th, a $2,800 deploy.
 */
class PreflightTest {
  static final Instant NOW = Instant.parse("2026-03-20T12:00:00Z");
  static final List<AlertThreshold> ALERTS =
      List.of(
          new AlertThreshold(BigDecimal.valueOf(80), AlertAction.NOTIFY),
          new AlertThreshold(BigDecimal.valueOf(95), AlertAction.VETO_NEW_DEPLOYS),
          new AlertThreshold(BigDecimal.valueOf(100), AlertAction.FREEZE_AND_ESCALATE));

  static Budget budget(String total, Map<String, BigDecimal> perAgent) {
    return new Budget(
        ZoneId.of("UTC"),
        Optional.ofNullable(total).map(BigDecimal::new),
        perAgent,
        ALERTS,
        Map.of(),
        Map.of(),
        Downgrade.DISABLED,
        Notifications.NONE,
        Set.of(CostSource.USAGE));
  }

  /** Spend as {@code agent day usd} triples over the series {@link BudgetStatus} expects. */
  static SpendByAgent spend(Budget budget, String... agentDayUsd) {
    LocalDate first = BudgetStatus.seriesStart(budget, NOW);
    int days = BudgetStatus.seriesDays(budget, NOW);
    TreeMap<String, long[]> usd = new TreeMap<>();
    for (int i = 0; i < agentDayUsd.length; i += 3) {
      int day = (int) (LocalDate.parse(agentDayUsd[i + 1]).toEpochDay() - first.toEpochDay());
      usd.computeIfAbsent(agentDayUsd[i], a -> new long[days])[day] +=
          new BigDecimal(agentDayUsd[i + 2]).movePointRight(9).longValueExact();
    }
    List<String> names = new ArrayList<>(usd.keySet());
    long[][] nanos = new long[names.size()][];
    long[][] calls = new long[names.size()][days];
    for (int i = 0; i < names.size(); i++) {
      nanos[i] = usd.get(names.get(i));
      for (int j = 0; j < days; j++) {
        calls[i][j] = nanos[i][j] > 0 ? 1 : 0;
      }
    }
    return new SpendByAgent(
        first,
        days,
        names,
        nanos,
        calls,
        new long[names.size()][days],
        new long[names.size()][days],
        new long[names.size()][days],
        nanos, // every dollar an event's own cost_usd
        new long[names.size()][days],
        Optional.empty());
  }

  static BudgetStatus referenceMonth(String ingestUsd) {
    Budget b = budget("50000", Map.of());
    return BudgetStatus.compute(
        b,
        spend(
            b,
            "release-2",
            "2026-02-27",
            "900000", // February: not this month's
            "release-2",
            "2026-03-05",
            "20000",
            "release-2",
            "2026-03-12",
            "20000",
            "ingest-1",
            "2026-03-15",
            ingestUsd),
        NOW);
  }

  static PreflightDecision preflight(
      BudgetStatus status, String estimate, Optional<DeployOverride> override) {
    return Preflight.decide(
        status,
        "release-2:2.0.1",
        Optional.of(new BigDecimal(estimate)),
        Optional.empty(),
        override,
        "cost/overrides/release-2.yaml",
        List.of());
  }

  static String plain(BigDecimal decimal) {
    return decimal.toPlainString();
  }

  @Test
  void theReferenceMonthIsAt95PercentAndAtTheVetoThreshold() {
    BudgetStatus s = referenceMonth("7500");
    assertEquals(0, new BigDecimal("47500").compareTo(s.total().mtdUsd()));
    assertEquals("95.0", Round.pct1(s.total().pct()).toPlainString());
    assertEquals(AlertLevel.VETO_NEW_DEPLOYS, s.total().level());
    assertEquals(
        0,
        new BigDecimal("40000").compareTo(s.agent("release-2").mtdUsd()),
        "February is not counted");
    assertEquals(AlertLevel.OK, s.agent("release-2").level(), "no ceiling of its own");
  }

  @Test
  void vetoesTheReferenceDeployBecauseTheProjectionReaches100Point6Percent() {
    PreflightDecision d = preflight(referenceMonth("7500"), "2800", Optional.empty());
    assertInstanceOf(PreflightDecision.Veto.class, d);
    assertEquals("projected monthly ceiling exceeded", d.findings().reason());
    assertEquals(PreflightDecision.Rule.CEILING, d.findings().rule());
    assertEquals("50300.00", plain(d.findings().projectedUsd()));
    assertEquals("100.6", plain(d.findings().projectedPct()));
  }

  @Test
  void aProjectionOfExactlyTheCeilingPassesTheCeilingRuleButNotTheVetoThreshold() {
    PreflightDecision d = preflight(referenceMonth("7500"), "2500", Optional.empty());
    assertInstanceOf(PreflightDecision.Veto.class, d);
    assertEquals(
        PreflightDecision.Rule.VETO_NEW_DEPLOYS,
        d.findings().rule(),
        "50,000 is not above the ceiling; 95 % is at the threshold");
  }

  @Test
  void belowTheVetoThresholdADeployUpToTheCeilingPassesWithANotifyWarning() {
    BudgetStatus s = referenceMonth("5000"); // MTD 45,000 = 90 %
    PreflightDecision d = preflight(s, "5000", Optional.empty());
    assertInstanceOf(PreflightDecision.Pass.class, d);
    assertEquals("100.0", plain(d.findings().projectedPct()));
    List<String> warnings = d.findings().warnings();
    assertTrue(
        warnings.stream().anyMatch(w -> w.contains("80 % notify threshold")), warnings.toString());

    PreflightDecision over = preflight(s, "5000.01", Optional.empty());
    assertInstanceOf(PreflightDecision.Veto.class, over);
    assertEquals(PreflightDecision.Rule.CEILING, over.findings().rule());
  }

  @Test
  void anActiveOverrideLiftsTheVetoAndAnExpiredOneDoesNot() {
    BudgetStatus s = referenceMonth("7500");
    DeployOverride active =
        new DeployOverride(
            "release-2",
            "launch week",
            "cfo",
            NOW.plusSeconds(3600),
            "cost/overrides/release-2.yaml");
    PreflightDecision d = preflight(s, "2800", Optional.of(active));
    assertInstanceOf(PreflightDecision.Pass.class, d);
    assertTrue(d.findings().override().applied());
    assertTrue(
        d.findings().reason().endsWith("without it: projected monthly ceiling exceeded"),
        d.toString());

    DeployOverride expired =
        new DeployOverride("release-2", "launch week", "cfo", NOW, "cost/overrides/release-2.yaml");
    assertEquals(
        "veto", preflight(s, "2800", Optional.of(expired)).decision(), "expiry is exclusive");
  }

  @Test
  void agentsAtTheirOwnCeilingsGetTheHighestThresholdReached() {
    Budget b =
        budget(
            null,
            Map.of(
                "alpha",
                new BigDecimal("1000"),
                "beta",
                new BigDecimal("1000"),
                "gamma",
                new BigDecimal("1000")));
    BudgetStatus s =
        BudgetStatus.compute(
            b,
            spend(
                b,
                "alpha",
                "2026-03-10",
                "804",
                "beta",
                "2026-03-10",
                "950",
                "gamma",
                "2026-03-10",
                "1000"),
            NOW);
    assertEquals(AlertLevel.NOTIFY, s.agent("alpha").level());
    assertEquals("80.4", Round.pct1(s.agent("alpha").pct()).toPlainString());
    assertEquals(AlertLevel.VETO_NEW_DEPLOYS, s.agent("beta").level());
    assertEquals(AlertLevel.FREEZE_AND_ESCALATE, s.agent("gamma").level());
    assertEquals(AlertLevel.OK, s.total().level(), "no fleet ceiling");
  }

  @Test
  void theHeadroomIsTheLargestEstimateThatStillPassesInEachScope() {
    // The gate said pass or veto and left the caller to search for an estimate that would pass.
    Budget b = budget("50000", Map.of("release-2", new BigDecimal("50000")));
    BudgetStatus s =
        BudgetStatus.compute(
            b,
            spend(b, "release-2", "2026-03-05", "40000", "ingest-1", "2026-03-15", "5000.005"),
            NOW);
    PreflightDecision.Headroom h = preflight(s, "1", Optional.empty()).findings().headroom();
    assertEquals("4999.99", plain(h.totalUsd()), "rounded down, so the amount shown passes");
    assertEquals("10000.00", plain(h.agentUsd()));
    assertInstanceOf(Pass.class, preflight(s, "4999.99", Optional.empty()));
    assertInstanceOf(Veto.class, preflight(s, "5000.00", Optional.empty()));
  }

  @Test
  void atTheVetoThresholdNoEstimatePassesAndAScopeWithoutACeilingHasNoLimit() {
    PreflightDecision.Headroom h =
        preflight(referenceMonth("7500"), "1", Optional.empty()).findings().headroom();
    assertEquals("0.00", plain(h.totalUsd()), "95 % reached: any estimate is vetoed");
    assertEquals(null, h.agentUsd(), "release-2 has no ceiling of its own");
  }

  @Test
  void aVetoSaysWhichFieldsTheOverrideNeedsAndHowToGetOne() {
    // A veto named the override's path but not what to write in it.
    PreflightDecision d = preflight(referenceMonth("7500"), "2800", Optional.empty());
    PreflightDecision.OverrideRequest r = d.findings().override().request().orElseThrow();
    assertEquals("release-2", r.fields().agent());
    assertEquals(NOW.plusSeconds(86_400), r.fields().expiresAt());
    assertTrue(r.how().contains("cost/overrides/release-2.yaml"), r.how());
    assertTrue(r.how().startsWith("ask a budget owner to approve"), r.how());
    assertEquals(
        Optional.empty(),
        preflight(referenceMonth("5000"), "10", Optional.empty()).findings().override().request(),
        "a pass needs no override");
  }
}

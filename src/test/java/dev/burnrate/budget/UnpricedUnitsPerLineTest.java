package dev.burnrate.budget;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.burnrate.downgrade.Downgrade;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Every budget line says what share of its own month's cost units its dollars leave out: an agent
 * whose renders are unpriced is not hidden behind a fleet figure diluted by priced chat. Days
 * before the month (the burn rate's) do not count; a line of cloud bill alone has no usage to
 * measure.
 */
class UnpricedUnitsPerLineTest {
  static final Budget BUDGET =
      new Budget(
          ZoneId.of("UTC"),
          Optional.of(new BigDecimal("1000")),
          Map.of(),
          PreflightTest.ALERTS,
          Map.of(),
          Map.of(
              "media", new TeamBudget("media", new BigDecimal("500"), List.of("artist", "coder"))),
          Downgrade.DISABLED,
          Notifications.NONE,
          Set.of(CostSource.USAGE, CostSource.AWS_COST_EXPLORER));

  /**
   * March 2026 so far: artist (4 calls, one an unpriced render of 30 of its 40 units; $2 of which
   * $0.50 from a tool rate), coder (10 priced calls, 10 units, $5 of which $1 its own cost_usd),
   * tester (2 calls, one unpriced, 10 of 50 units unpriced, no dollars), and a cloud bill line of
   * $12.50 without an agent tag.
   */
  static BudgetReport month() {
    LocalDate first = BudgetStatus.seriesStart(BUDGET, PreflightTest.NOW);
    int days = BudgetStatus.seriesDays(BUDGET, PreflightTest.NOW);
    int march2 = (int) (LocalDate.parse("2026-03-02").toEpochDay() - first.toEpochDay());
    int feb25 = (int) (LocalDate.parse("2026-02-25").toEpochDay() - first.toEpochDay());
    long[][] nanos = new long[3][days];
    long[][] calls = new long[3][days];
    long[][] unpriced = new long[3][days];
    long[][] units = new long[3][days];
    long[][] unpricedUnits = new long[3][days];
    // artist: 4 calls, 1 of them an unpriced render of 30 of its 40 units.
    nanos[0][march2] = 2_000_000_000L;
    calls[0][march2] = 4;
    unpriced[0][march2] = 1;
    units[0][march2] = 400_000;
    unpricedUnits[0][march2] = 300_000;
    // ...and in February (before the month: the burn rate only), all of it unpriced.
    calls[0][feb25] = 5;
    unpriced[0][feb25] = 5;
    units[0][feb25] = 900_000;
    unpricedUnits[0][feb25] = 900_000;
    // coder: 10 priced calls, 10 units.
    nanos[1][march2] = 5_000_000_000L;
    calls[1][march2] = 10;
    units[1][march2] = 100_000;
    long[][] eventNanos = new long[3][days];
    long[][] toolNanos = new long[3][days];
    toolNanos[0][march2] = 500_000_000L;
    eventNanos[1][march2] = 1_000_000_000L;
    // tester: 2 calls, 1 unpriced, 50 units of which 10 unpriced.
    calls[2][march2] = 2;
    unpriced[2][march2] = 1;
    units[2][march2] = 500_000;
    unpricedUnits[2][march2] = 100_000;
    SpendByAgent usage =
        new SpendByAgent(
            first,
            days,
            List.of("artist", "coder", "tester"),
            nanos,
            calls,
            unpriced,
            units,
            unpricedUnits,
            eventNanos,
            toolNanos,
            Optional.of("bundled litellm 2026-07-24"));
    CloudSpend bill =
        new CloudSpend.Builder(first, days)
            .add("untagged", LocalDate.parse("2026-03-03"), new BigDecimal("12.50"))
            .build(new CloudSpend.Note("fresh", 0, BigDecimal.ZERO));

    return BudgetStatus.compute(BUDGET, usage, bill, PreflightTest.NOW).report(null);
  }

  @Test
  void eachAgentTeamAndTheFleetHasItsOwnShare() {
    BudgetReport r = month();

    Map<String, BudgetReport.Line> agents = new java.util.TreeMap<>();
    r.agents().forEach(l -> agents.put(l.agent().orElseThrow(), l));
    assertEquals(Optional.of(new BigDecimal("0.7500")), share(agents.get("artist")), "30 of 40");
    assertEquals(Optional.of(new BigDecimal("0.0000")), share(agents.get("coder")), "all priced");
    assertEquals(Optional.of(new BigDecimal("0.2000")), share(agents.get("tester")), "10 of 50");
    assertEquals(Optional.empty(), share(agents.get("untagged")), "bill only: no usage counted");
    assertEquals(0, agents.get("untagged").unpricedCalls());
    assertEquals(
        Optional.of(new BigDecimal("0.6000")), share(r.teams().get(0)), "artist + coder: 30 of 50");
    assertEquals(Optional.of(new BigDecimal("0.4000")), share(r.total()), "40 of 100");
    assertEquals(2, r.total().unpricedCalls());
  }

  @Test
  void anAgentWithACeilingAndNoCallsThisMonthHasNoShare() {
    Budget b = PreflightTest.budget(null, Map.of("idle", new BigDecimal("10")));
    SpendByAgent none =
        SpendByAgent.none(
            BudgetStatus.seriesStart(b, PreflightTest.NOW),
            BudgetStatus.seriesDays(b, PreflightTest.NOW));
    BudgetReport r = BudgetStatus.compute(b, none, PreflightTest.NOW).report(null);
    assertEquals(Optional.empty(), share(r.agents().get(0)));
    assertEquals(Optional.empty(), share(r.total()));
  }

  private static Optional<BigDecimal> share(BudgetReport.Line l) {
    return l.unpricedCostUnitsShare();
  }
}

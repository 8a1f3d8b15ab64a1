package dev.burnrate.mcp.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.burnrate.budget.AlertLevel;
import dev.burnrate.budget.BudgetReport;
import java.math.BigDecimal;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * check_budget's agent list for an on-call reader: agents with a ceiling come first, the worst
 * alert level before the others and then the biggest spend, and only {@code limit} of the rest,
 * biggest spend first.
 */
class CheckBudgetOrderTest {
  private static BudgetReport.Line line(String agent, String mtd, String ceiling, AlertLevel lvl) {
    return new BudgetReport.Line(
        Optional.empty(),
        Optional.of(agent),
        Optional.empty(),
        new BigDecimal(mtd),
        ceiling == null ? null : new BigDecimal(ceiling),
        null,
        BigDecimal.ZERO,
        BigDecimal.ZERO,
        BigDecimal.ZERO,
        null,
        null,
        lvl,
        null,
        List.of(),
        0,
        BigDecimal.ZERO,
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty());
  }

  @Test
  void agentsWithACeilingComeFirstWorstLevelFirstThenTheBiggestOfTheRest() {
    List<BudgetReport.Line> agents =
        List.of(
            line("a-small", "1.00", null, AlertLevel.OK),
            line("b-capped", "2.00", "100", AlertLevel.OK),
            line("c-big", "90.00", null, AlertLevel.OK),
            line("d-frozen", "0.50", "1", AlertLevel.FREEZE_AND_ESCALATE),
            line("e-notify", "80.00", "100", AlertLevel.NOTIFY),
            line("f-mid", "5.00", null, AlertLevel.OK));
    List<String> shown =
        CheckBudgetTool.ordered(agents, 2).stream().map(l -> l.agent().orElseThrow()).toList();
    assertEquals(List.of("d-frozen", "e-notify", "b-capped", "c-big", "f-mid"), shown);
  }

  @Test
  void aLimitOfZeroKeepsOnlyTheAgentsWithACeiling() {
    List<BudgetReport.Line> agents =
        List.of(line("a", "1.00", null, AlertLevel.OK), line("b", "2.00", "100", AlertLevel.OK));
    assertEquals(1, CheckBudgetTool.ordered(agents, 0).size());
  }
}

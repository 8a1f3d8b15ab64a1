package dev.burnrate.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The budget says what share of the month's cost units the dollars leave out, and it is the share a
 * report over the same month gives (the fixture's budget is in UTC).
 */
class UnpricedUnitsInBudgetTest {
  static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path root;

  @Test
  void theBudgetsShareIsTheMonthsReportShare() throws Exception {
    Path audit = Fixture.auditDir(root);
    Path data = root.resolve("data");
    Fixture.Result budget = Fixture.run(data, audit, List.of("budget", "--format", "json"));
    assertEquals(0, budget.exit(), budget.err());
    Fixture.Result report =
        Fixture.run(
            data,
            audit,
            List.of(
                "report",
                "--from",
                "2026-02-01",
                "--to",
                Fixture.NOW.toString(),
                "--format",
                "json"));
    assertEquals(0, report.exit(), report.err());
    JsonNode share = JSON.readTree(budget.out()).get("unpriced_cost_units_share");
    JsonNode expected = JSON.readTree(report.out()).at("/totals/unpriced_cost_units_share");
    assertTrue(share.isNumber(), budget.out());
    assertEquals(expected.decimalValue(), share.decimalValue());
    assertTrue(share.decimalValue().signum() > 0, "the fixture has unpriced renders: " + share);
  }
}

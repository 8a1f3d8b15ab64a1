package dev.burnrate.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each budget line says what share of the month's cost units its dollars leave out, and it is the
 * share a report over the same month gives: the fleet's its totals, each agent's its agent_id row
 * (the fixture's budget is in UTC).
 */
class UnpricedUnitsInBudgetTest {
  static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path root;

  @Test
  void eachLinesShareIsTheMonthsReportShare() throws Exception {
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
                "--group-by",
                "agent_id",
                "--top-n",
                "1000",
                "--format",
                "json"));
    assertEquals(0, report.exit(), report.err());
    JsonNode month = JSON.readTree(budget.out());
    JsonNode totals = JSON.readTree(report.out()).get("totals");
    JsonNode share = month.at("/total/unpriced_cost_units_share");
    assertTrue(share.isNumber(), budget.out());
    assertEquals(totals.get("unpriced_cost_units_share").decimalValue(), share.decimalValue());
    assertTrue(share.decimalValue().signum() > 0, "the fixture has unpriced renders: " + share);
    Map<String, JsonNode> rows = new HashMap<>();
    JSON.readTree(report.out())
        .at("/breakdowns/agent_id")
        .forEach(r -> rows.put(r.get("agent_id").textValue(), r));
    Set<BigDecimal> shares = new HashSet<>();
    for (JsonNode line : month.get("agents")) {
      JsonNode row = rows.get(line.get("agent").textValue());
      assertEquals(
          row.get("unpriced_cost_units_share").decimalValue(),
          line.get("unpriced_cost_units_share").decimalValue(),
          line.toString());
      assertEquals(row.get("unpriced_calls").longValue(), line.get("unpriced_calls").longValue());
      shares.add(line.get("unpriced_cost_units_share").decimalValue());
    }
    assertTrue(shares.size() > 1, "agents differ, so each line has its own: " + shares);
  }
}

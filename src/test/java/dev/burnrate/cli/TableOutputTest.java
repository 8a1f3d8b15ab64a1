package dev.burnrate.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TableOutputTest {
  @TempDir static Path root;
  static Path audit;

  @BeforeAll
  static void data() throws Exception {
    audit = Fixture.auditDir(root);
  }

  @Test
  void breakdownTablesLeadWithCallsUnitsAndDollars() {
    Fixture.Result r =
        Fixture.run(
            root.resolve("data"),
            audit,
            List.of("report", "--group-by", "model", "--format", "table"));
    assertEquals(0, r.exit(), r.err());
    String header =
        r.out()
            .lines()
            .filter(l -> l.trim().startsWith("model ") && l.contains("count"))
            .findFirst()
            .orElseThrow(() -> new AssertionError("no model table in:\n" + r.out()));
    List<String> cols = List.of(header.trim().split("\\s+"));
    assertEquals(
        List.of(
            "model",
            "count",
            "cost_units",
            "cost_usd",
            "unpriced_calls",
            "unpriced_cost_units_share",
            "error_rate",
            "failed_count",
            "denied_count"),
        cols);
    assertTrue(r.out().contains("claude-sonnet-4-6"), r.out());
  }
}

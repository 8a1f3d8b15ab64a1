package dev.burnrate.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.burnrate.budget.Budget;
import dev.burnrate.budget.DeployOverride;
import dev.burnrate.budget.Preflight;
import dev.burnrate.budget.PreflightDecision;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Override files as the gate reads them: well-formed, malformed (located), expired. */
class OverridesTest {
  @TempDir Path data;

  private Optional<DeployOverride> read(String agent, String yaml, List<String> warnings)
      throws Exception {
    Path f = data.resolve("cost/overrides/" + agent + ".yaml");
    Files.createDirectories(f.getParent());
    Files.writeString(f, yaml);
    return new Overrides(data).read(agent, warnings);
  }

  @Test
  void aWellFormedOverrideIsRead() throws Exception {
    List<String> warnings = new ArrayList<>();
    DeployOverride o =
        read(
                "release-2",
                "agent: release-2\nreason: launch\napprover: cfo\n"
                    + "expires_at: 2026-03-21T00:00:00Z\n",
                warnings)
            .orElseThrow();
    assertEquals(List.of(), warnings);
    assertEquals(Instant.parse("2026-03-21T00:00:00Z"), o.expiresAt());
    assertEquals("cost/overrides/release-2.yaml", o.path());
    assertEquals("launch", o.reason());
  }

  @Test
  void noFileIsNoOverrideAndNoWarning() throws Exception {
    List<String> warnings = new ArrayList<>();
    assertFalse(new Overrides(data).read("release-2", warnings).isPresent());
    assertEquals(List.of(), warnings);
  }

  @Test
  void aMalformedOverrideIsIgnoredWithAWarningThatNamesLineAndColumn() throws Exception {
    List<String> warnings = new ArrayList<>();
    assertFalse(read("a", "agent: a\nreason: [unclosed\n", warnings).isPresent());
    assertEquals(1, warnings.size(), warnings.toString());
    assertTrue(
        warnings
            .get(0)
            .startsWith(
                "the override at cost/overrides/a.yaml is not readable YAML and was"
                    + " ignored (cost/overrides/a.yaml:3:1: YAML syntax error"),
        warnings.get(0));

    warnings.clear();
    read("a", "agent: a\nreason: fix\napprover: ops\nexpires_at: soon\ncolour: red\n", warnings);
    assertEquals(
        "the override at cost/overrides/a.yaml was ignored: 4:13: expires_at 'soon' is not an"
            + " ISO-8601 time with a zone; 5:1: unknown key 'colour'",
        warnings.get(0));
  }

  @Test
  void aDuplicateKeyIsReportedWhereTheSecondOneIs() throws Exception {
    List<String> warnings = new ArrayList<>();
    read(
        "a",
        "agent: a\nreason: fix\napprover: ops\nexpires_at: 2026-03-21T00:00:00Z\nagent: b\n",
        warnings);
    assertEquals(1, warnings.size(), warnings.toString());
    assertTrue(
        warnings.get(0).contains("5:1: duplicate key 'agent' (first at line 1)"), warnings.get(0));
  }

  @Test
  void anOverrideLiftsAVetoUntilItExpiresAndNotAtTheInstantItDoes() throws Exception {
    Budget budget = Months.budget("1000", Map.of());
    List<String> warnings = new ArrayList<>();
    Optional<DeployOverride> o =
        read(
            "a",
            "agent: a\nreason: launch\napprover: cfo\nexpires_at: "
                + Months.NOW.plusSeconds(1)
                + "\n",
            warnings);
    PreflightDecision lifted =
        Preflight.decide(
            Months.status(budget, "a", "990"),
            "a",
            Optional.of(new BigDecimal("50")),
            Optional.empty(),
            o,
            "cost/overrides/a.yaml",
            warnings);
    assertTrue(lifted.passed(), lifted.toString());
    assertTrue(lifted.findings().override().applied());

    Optional<DeployOverride> expired =
        read(
            "a",
            "agent: a\nreason: launch\napprover: cfo\nexpires_at: " + Months.NOW + "\n",
            warnings);
    PreflightDecision vetoed =
        Preflight.decide(
            Months.status(budget, "a", "990"),
            "a",
            Optional.of(new BigDecimal("50")),
            Optional.empty(),
            expired,
            "cost/overrides/a.yaml",
            warnings);
    assertFalse(vetoed.passed());
    assertTrue(
        vetoed
            .findings()
            .warnings()
            .contains(
                "the override at cost/overrides/a.yaml expired at "
                    + Months.NOW
                    + " and was ignored"),
        vetoed.findings().warnings().toString());
  }
}

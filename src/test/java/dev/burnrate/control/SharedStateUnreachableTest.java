package dev.burnrate.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.burnrate.budget.PreflightDecision;
import dev.burnrate.store.GovernanceState;
import dev.burnrate.store.postgres.Database;
import dev.burnrate.store.postgres.PgCluster;
import dev.burnrate.store.postgres.PgSettings;
import dev.burnrate.store.postgres.PostgresGovernanceState;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A preflight while the shared governance state cannot be read (a real cluster, stopped): a freeze
 * or an override may be missed, so the gate fails closed (rule store-unavailable), or with
 * preflight_fail_open passes saying what it assumed; the decision it cannot record is answered all
 * the same, with a warning; once the database is back it decides again.
 */
class SharedStateUnreachableTest {
  static final Instant NOW = Instant.parse("2026-02-23T12:00:00Z");
  @TempDir Path data;

  @Test
  void theGateFailsClosedOrOpenAsConfiguredAndRecoversWithTheDatabase() throws Exception {
    try (PgCluster cluster = PgCluster.start()) {
      PgSettings s = new PgSettings(cluster.createDatabase(), PgCluster.USER, null, 2, "burnrate");
      try (Database db = Database.connect(s)) {
        db.migrate();
      }
      try (GovernanceState state = PostgresGovernanceState.open(Database.connect(s))) {
        Governance closed =
            Governance.over(ReserveMain.fleet(100), data, () -> state)
                .watchingStore(Optional::empty, false);
        Governance open =
            Governance.over(ReserveMain.fleet(100), data, () -> state)
                .watchingStore(Optional::empty, true);
        var engine = UnseenTargetTest.engineWith("a1");
        assertNotEquals(
            PreflightDecision.Rule.STORE_UNAVAILABLE,
            closed.preflight(engine, "a1", Optional.empty(), NOW).findings().rule());

        cluster.stop();
        PreflightDecision d = closed.preflight(engine, "a1", Optional.empty(), NOW);
        assertEquals(PreflightDecision.Rule.STORE_UNAVAILABLE, d.findings().rule(), d.toString());
        assertTrue(
            d.findings().reason().contains("freezes and overrides are unknown: "),
            d.findings().reason());
        assertTrue(d.findings().reason().contains("the gate fails closed"), d.findings().reason());
        assertTrue(
            d.findings().warnings().stream()
                .anyMatch(w -> w.startsWith("this decision could not be recorded: ")),
            "answered all the same, saying so: " + d.findings().warnings());

        d = open.preflight(engine, "a1", Optional.empty(), NOW);
        assertNotEquals(PreflightDecision.Rule.STORE_UNAVAILABLE, d.findings().rule());
        assertTrue(
            d.findings().warnings().stream()
                .anyMatch(
                    w ->
                        w.startsWith("freezes and overrides are unknown")
                            && w.contains("assumes none (preflight_fail_open")),
            d.findings().warnings().toString());

        cluster.restart();
        d = closed.preflight(engine, "a1", Optional.empty(), NOW);
        assertNotEquals(PreflightDecision.Rule.STORE_UNAVAILABLE, d.findings().rule(), "back");
      }
    }
  }
}

package dev.burnrate.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.burnrate.budget.PreflightDecision;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A preflight while the reservation ledger cannot be read: open reservations are spend on its way,
 * so without them the gate fails closed (rule store-unavailable), as it does when the event log
 * cannot be read; with preflight_fail_open it passes on the figures it has and says so.
 */
class LedgerUnreadableTest {
  static final Instant NOW = Instant.parse("2026-02-23T12:00:00Z");
  @TempDir Path data;

  private Governance governance(boolean failOpen) {
    return Governance.over(ReserveMain.fleet(100), data)
        .watchingStore(Optional::empty, failOpen)
        .countingReservations(
            at -> {
              throw new UncheckedIOException(
                  "could not read the reservation ledger",
                  new dev.burnrate.store.postgres.StoreUnavailableException(
                      "the reservation ledger: cannot reach PostgreSQL at jdbc:postgresql://db/x"));
            });
  }

  @Test
  void preflightVetoesWithStoreUnavailableWhenTheLedgerCannotBeRead() throws Exception {
    PreflightDecision d =
        governance(false).preflight(UnseenTargetTest.engineWith("a1"), "a1", Optional.empty(), NOW);
    assertEquals(PreflightDecision.Rule.STORE_UNAVAILABLE, d.findings().rule(), d.toString());
    assertTrue(
        d.findings()
            .reason()
            .contains(
                "open reservations are unknown: the reservation ledger: cannot reach PostgreSQL"
                    + " at jdbc:postgresql://db/x; the gate fails closed"),
        d.findings().reason());
  }

  @Test
  void withFailOpenItPassesSayingReservationsWereNotCounted() throws Exception {
    PreflightDecision d =
        governance(true).preflight(UnseenTargetTest.engineWith("a1"), "a1", Optional.empty(), NOW);
    assertTrue(d.findings().rule() != PreflightDecision.Rule.STORE_UNAVAILABLE, d.toString());
    assertTrue(
        d.findings().warnings().stream()
            .anyMatch(
                w -> w.startsWith("open reservations are unknown") && w.contains("counts none")),
        d.findings().warnings().toString());
  }
}

package dev.burnrate.store.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.burnrate.reserve.LedgerEntry;
import dev.burnrate.store.ReservationLedger;
import dev.burnrate.store.ReservationLedger.Change;
import dev.burnrate.store.ReservationLedgerContract;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The ledger contract on PostgreSQL (each instance its own pool, as a replica has), and what only
 * the database can do to it: a commit that fails after the steps ran, an entry the table cannot
 * hold, the server going away.
 */
class PostgresReservationLedgerContractTest extends ReservationLedgerContract {
  private PgSettings settings;

  @BeforeEach
  void freshDatabase() throws Exception {
    settings = settings(PgCluster.shared().createDatabase());
    try (Database db = Database.connect(settings)) {
      db.migrate();
    }
  }

  private static PgSettings settings(String url) {
    return new PgSettings(url, PgCluster.USER, null, 4, "burnrate");
  }

  @Override
  protected ReservationLedger openInstance() throws Exception {
    return PostgresReservationLedger.open(Database.connect(settings));
  }

  /** Cuts every connection the ledgers of this test's database hold (not the test's own). */
  private void terminateLedgerConnections() {
    try (Connection c = DriverManager.getConnection(settings.url(), PgCluster.USER, "");
        Statement s = c.createStatement()) {
      s.execute(
          "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
              + " WHERE datname = current_database() AND application_name = 'burnrate'");
    } catch (SQLException e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void aTurnWhoseCommitFailsCountsNothingOfItAndTheNextReplaysTheTable() throws Exception {
    ReservationLedger ledger = open();
    ledger.update(book -> Change.append(reserved("before"), null));
    StoreUnavailableException e =
        assertThrows(
            StoreUnavailableException.class,
            () ->
                ledger.update(
                    book -> {
                      // The step has decided; the connection dies before its entry is inserted.
                      terminateLedgerConnections();
                      return Change.append(reserved("lost"), null);
                    }));
    assertTrue(e.getMessage().startsWith("the reservation ledger: "), e.getMessage());
    assertEquals(
        false,
        ledger.read(book -> book.byId("lost").isPresent()),
        "the failed turn's entry is gone");
    assertEquals(
        true, ledger.read(book -> book.byId("before").isPresent()), "the committed one stays");
    ledger.update(book -> Change.append(reserved("after"), null));
    assertEquals(
        java.util.List.of(true, false, true),
        open()
            .read(
                book ->
                    java.util.List.of(
                        book.byId("before").isPresent(),
                        book.byId("lost").isPresent(),
                        book.byId("after").isPresent())));
  }

  @Test
  void anEntryTheTableCannotHoldFailsItsOwnStepAndNothingElse() throws Exception {
    ReservationLedger ledger = open();
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                ledger.update(
                    book ->
                        Change.append(
                            new LedgerEntry.Reserved(
                                "nul", "req\0", "a", null, 1, NOW, NOW.plusSeconds(1)),
                            null)));
    assertTrue(
        e.getMessage().contains("req_id must be 1 to 256 characters without NUL"), e.getMessage());
    assertEquals(
        false, ledger.read(book -> book.byId("nul").isPresent()), "nothing of it in the book");
    ledger.update(book -> Change.append(reserved("fine"), null));
    assertEquals(true, open().read(book -> book.byId("fine").isPresent()));
  }

  @Test
  void whileTheServerIsDownEveryStepFailsSayingSoAndNothingIsAppended() throws Exception {
    try (PgCluster own = PgCluster.start()) {
      PgSettings s = settings(own.createDatabase());
      try (Database db = Database.connect(s)) {
        db.migrate();
      }
      try (ReservationLedger ledger = PostgresReservationLedger.open(Database.connect(s))) {
        ledger.update(book -> Change.append(reserved("first"), null));
        own.stop();
        StoreUnavailableException e =
            assertThrows(
                StoreUnavailableException.class,
                () -> ledger.update(book -> Change.append(reserved("during"), true)));
        assertTrue(e.getMessage().contains("PostgreSQL at " + s.url()), e.getMessage());
        own.restart();
        ledger.update(book -> Change.append(reserved("after"), null));
        assertEquals(
            java.util.List.of(true, false, true),
            ledger.read(
                book ->
                    java.util.List.of(
                        book.byId("first").isPresent(),
                        book.byId("during").isPresent(),
                        book.byId("after").isPresent())));
      }
    }
  }
}

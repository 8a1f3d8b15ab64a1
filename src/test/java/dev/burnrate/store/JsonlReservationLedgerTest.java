package dev.burnrate.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.burnrate.reserve.LedgerEntry;
import dev.burnrate.store.ReservationLedger.Change;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What only the JSONL ledger has to get right (the rest is {@link ReservationLedgerContract}): a
 * torn tail is skipped once, and what follows it counts.
 */
class JsonlReservationLedgerTest {
  static final Instant NOW = Instant.parse("2026-02-23T12:00:00Z");
  @TempDir Path data;

  static LedgerEntry.Reserved reserved(String id) {
    return new LedgerEntry.Reserved(id, "req-" + id, "a", null, 1, NOW, NOW.plusSeconds(60));
  }

  @Test
  void everyEntryReadsBackAsWrittenWhateverItsNamesHold() throws Exception {
    String hostile = "a\"b\\c\n\u0000\u2028é😀</script>";
    Instant at = Instant.parse("2026-02-23T12:00:00.123456Z");
    for (LedgerEntry e :
        java.util.List.of(
            new LedgerEntry.Reserved("rsv_1", hostile, hostile, hostile, 7, at, at.plusSeconds(9)),
            new LedgerEntry.Reserved("rsv_2", "r", "a", null, Long.MAX_VALUE, at, at),
            new LedgerEntry.Settled("rsv_1", 0, at),
            new LedgerEntry.Released(hostile, at))) {
      String line = JsonlReservationLedger.line(e);
      assertTrue(line.indexOf('\n') < 0, "one line: " + line);
      assertEquals(e, JsonlReservationLedger.parse(dev.burnrate.wire.Wire.MAPPER.readTree(line)));
    }
  }

  @Test
  void aTornTailIsSkippedOnceAndWhatFollowsItCounts() throws Exception {
    Path file = data.resolve("reservations/ledger.jsonl");
    try (JsonlReservationLedger ledger = JsonlReservationLedger.open(data)) {
      ledger.update(book -> Change.append(reserved("first"), null));
    }
    Files.writeString(file, "{\"op\":\"reserve\",\"id\":\"torn", StandardOpenOption.APPEND);
    try (JsonlReservationLedger ledger = JsonlReservationLedger.open(data)) {
      ledger.update(book -> Change.append(reserved("after"), null));
      assertEquals(1, ledger.unreadableLines());
      assertTrue((boolean) ledger.read(book -> book.byId("after").isPresent()));
    }
    try (JsonlReservationLedger reader = JsonlReservationLedger.open(data)) {
      assertTrue((boolean) reader.read(book -> book.byId("first").isPresent()));
      assertTrue((boolean) reader.read(book -> book.byId("after").isPresent()));
      assertEquals(1, reader.unreadableLines(), "the torn line, once");
    }
    assertThrows(
        IllegalArgumentException.class,
        () -> {
          try (JsonlReservationLedger ledger = JsonlReservationLedger.open(data)) {
            ledger.update(
                book -> {
                  throw new IllegalArgumentException("no");
                });
          }
        });
  }
}

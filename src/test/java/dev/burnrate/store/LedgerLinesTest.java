package dev.burnrate.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Ledger lines write instants exactly as {@link Instant#toString} does, which they replaced. */
class LedgerLinesTest {
  static String iso(Instant t) {
    StringBuilder b = new StringBuilder();
    LedgerLines.iso(b, t);
    return b.toString();
  }

  @Test
  void instantsAreWrittenAsInstantToStringWritesThem() {
    List<Instant> cases =
        new ArrayList<>(
            List.of(
                Instant.EPOCH,
                Instant.parse("2026-02-23T12:00:00Z"),
                Instant.parse("2026-02-23T12:00:00.100Z"),
                Instant.parse("2026-02-23T12:00:00.000100Z"),
                Instant.parse("2026-02-23T12:00:00.000000100Z"),
                Instant.parse("2026-12-31T23:59:59.999999999Z"),
                Instant.parse("0001-01-01T00:00:00Z"),
                Instant.parse("9999-12-31T23:59:59.999999999Z"),
                Instant.parse("1969-12-31T23:59:59.5Z"),
                Instant.parse("0999-03-01T01:02:03.004Z"),
                Instant.MIN,
                Instant.MAX,
                Instant.parse("0000-12-31T23:59:59Z"),
                Instant.parse("+10000-01-01T00:00:00Z")));
    Random rnd = new Random(7);
    for (int i = 0; i < 100_000; i++) {
      long sec = -62_135_596_800L + (long) (rnd.nextDouble() * 315_537_897_600L);
      int nano =
          switch (rnd.nextInt(4)) {
            case 0 -> 0;
            case 1 -> rnd.nextInt(1_000) * 1_000_000;
            case 2 -> rnd.nextInt(1_000_000) * 1_000;
            default -> rnd.nextInt(1_000_000_000);
          };
      cases.add(Instant.ofEpochSecond(sec, nano));
    }
    for (Instant t : cases) {
      assertEquals(t.toString(), iso(t));
    }
  }

  @Test
  void aReserveLineReadsBackAsWritten() throws Exception {
    var e =
        new dev.burnrate.reserve.LedgerEntry.Reserved(
            "rsv_1",
            "req \"1\"",
            "agent-é",
            null,
            1_234,
            Instant.parse("2026-02-23T12:00:00.123456Z"),
            Instant.parse("2026-02-23T12:01:00Z"));
    String line = LedgerLines.line(e);
    assertEquals(e, LedgerLines.parse(dev.burnrate.wire.Wire.MAPPER.readTree(line)));
  }
}

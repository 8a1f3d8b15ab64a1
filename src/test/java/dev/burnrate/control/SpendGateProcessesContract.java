package dev.burnrate.control;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.burnrate.reserve.ReservePolicy;
import dev.burnrate.reserve.Tally;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Check-and-reserve is one step across real processes sharing a store: a data directory, or one
 * PostgreSQL database with every process a replica of its own (its own pool and book).
 */
abstract class SpendGateProcessesContract {
  static final Instant NOW = Instant.parse("2026-03-10T12:00:00Z");
  static final long USD = 1_000_000_000L;

  /** The store every process opens (ReserveMain's STORE). */
  abstract String store() throws Exception;

  static Process start(String... args) throws Exception {
    List<String> cmd =
        new ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                "-Xshare:auto",
                "-XX:TieredStopAtLevel=1",
                ReserveMain.class.getName()));
    cmd.addAll(List.of(args));
    return new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
  }

  static List<String> lines(Process p) throws Exception {
    List<String> out = new ArrayList<>();
    try (BufferedReader r =
        new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
      for (String l; (l = r.readLine()) != null; ) {
        out.add(l);
      }
    }
    return out;
  }

  private static SpendGate gate(ReserveMain.Store s) {
    return new SpendGate(ReserveMain.fleet(100), ReservePolicy.DEFAULT, s.ledger(), s::log);
  }

  @Test
  void eightProcessesOfSixteenThreadsGetExactlyThirtyThreeThreeDollarReservationsOutOfAHundred()
      throws Exception {
    String store = store();
    List<Process> ps = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      ps.add(start("reserve", store, NOW.toString(), "p" + i, "16"));
    }
    List<String> granted = new ArrayList<>();
    for (Process p : ps) {
      granted.addAll(lines(p));
      p.waitFor(120, TimeUnit.SECONDS);
      assertEquals(0, p.exitValue());
    }
    assertEquals(33, granted.size(), "granted: " + granted);
    try (ReserveMain.Store s = ReserveMain.Store.open(store, "index-parent")) {
      SpendGate g = gate(s);
      Instant later = NOW.plusSeconds(60);
      assertEquals(1 * USD, fleet(g, later).headroomNanos());
      for (String id : granted) {
        g.settle(id, new BigDecimal("2"), Optional.empty(), later);
      }
      Tally t = fleet(g, later.plusSeconds(1));
      assertEquals(66 * USD, t.settledNanos());
      assertEquals(0, t.reservedNanos());
      assertEquals(34 * USD, t.headroomNanos());
    }
    // A fresh process-like view (its own index, the ledger replayed) agrees: settles counted once.
    try (ReserveMain.Store s = ReserveMain.Store.open(store, "index-fresh")) {
      assertEquals(34 * USD, fleet(gate(s), NOW.plusSeconds(120)).headroomNanos());
      assertEquals(
          66 * USD,
          dev.burnrate.engine.WindowSpend.between(s.log().index(), NOW, NOW.plusSeconds(120))
              .totalNanos(),
          "every settle wrote its usage event once");
    }
  }

  @Test
  void aHolderKilledWithKillNineStopsCountingAtItsTtl() throws Exception {
    String store = store();
    Process p = start("hold", store, NOW.toString(), "30");
    String id;
    try (BufferedReader r =
        new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
      id = r.readLine();
    }
    assertEquals(true, id.startsWith("rsv_"), id);
    p.destroyForcibly(); // SIGKILL: nothing runs in the holder after this
    p.waitFor(30, TimeUnit.SECONDS);
    try (ReserveMain.Store s = ReserveMain.Store.open(store, "index-parent")) {
      SpendGate g = gate(s);
      assertEquals(50 * USD, fleet(g, NOW.plusSeconds(29)).headroomNanos(), "counts until its TTL");
      assertEquals(100 * USD, fleet(g, NOW.plusSeconds(30)).headroomNanos(), "and not from it on");
    }
  }

  private static Tally fleet(SpendGate g, Instant at) throws Exception {
    return g.tallies("anyone", Optional.empty(), at).get(0);
  }
}

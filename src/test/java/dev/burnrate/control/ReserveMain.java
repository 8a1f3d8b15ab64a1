package dev.burnrate.control;

import dev.burnrate.budget.Budget;
import dev.burnrate.engine.EventIndex;
import dev.burnrate.engine.Pricer;
import dev.burnrate.reserve.Answers;
import dev.burnrate.reserve.ReservePolicy;
import dev.burnrate.store.EventLog;
import dev.burnrate.store.JsonlEventLog;
import dev.burnrate.store.JsonlReservationLedger;
import dev.burnrate.store.ReservationLedger;
import dev.burnrate.store.postgres.Database;
import dev.burnrate.store.postgres.PgCluster;
import dev.burnrate.store.postgres.PgSettings;
import dev.burnrate.store.postgres.PostgresEventLog;
import dev.burnrate.store.postgres.PostgresReservationLedger;
import dev.burnrate.usage.CostWeights;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;

/**
 * A separate process using the spend gate, for the cross-process tests. {@code reserve STORE NOW
 * PREFIX THREADS}: each thread reserves $3 against a $100 fleet once, all released by one latch;
 * prints one granted reservation id per line. {@code hold STORE NOW TTL}: reserves $50, prints its
 * id and waits to be killed. STORE is a data directory, or the JDBC URL of a migrated PostgreSQL
 * database (then this process is one replica, with a pool of its own).
 */
public final class ReserveMain {
  public static void main(String[] args) throws Exception {
    Instant now = Instant.parse(args[2]);
    try (Store store = Store.open(args[1], "index-" + ProcessHandle.current().pid())) {
      EventLog log = store.log();
      ReservationLedger ledger = store.ledger();
      SpendGate gate = new SpendGate(fleet(100), ReservePolicy.DEFAULT, ledger, () -> log);
      if (args[0].equals("hold")) {
        Answers.Reserve a =
            gate.reserve(
                new SpendGate.Request(
                    "holder",
                    Optional.empty(),
                    new BigDecimal("50"),
                    Optional.of(Duration.ofSeconds(Long.parseLong(args[3]))),
                    "hold-1"),
                now);
        System.out.println(a.reservationId().orElse("denied"));
        System.out.flush();
        Thread.sleep(600_000);
        return;
      }
      String prefix = args[3];
      int threads = Integer.parseInt(args[4]);
      CountDownLatch start = new CountDownLatch(1);
      List<String> granted = java.util.Collections.synchronizedList(new ArrayList<>());
      List<Thread> ts = new ArrayList<>();
      for (int i = 0; i < threads; i++) {
        String req = prefix + "-" + i;
        Thread t =
            new Thread(
                () -> {
                  try {
                    start.await();
                    Answers.Reserve a =
                        gate.reserve(
                            new SpendGate.Request(
                                "agent-" + prefix,
                                Optional.empty(),
                                new BigDecimal("3"),
                                Optional.of(Duration.ofMinutes(30)),
                                req),
                            now);
                    a.reservationId().ifPresent(granted::add);
                  } catch (Exception e) {
                    throw new RuntimeException(e);
                  }
                });
        t.start();
        ts.add(t);
      }
      start.countDown();
      for (Thread t : ts) {
        t.join();
      }
      granted.forEach(System.out::println);
    }
  }

  static Budget fleet(int usd) {
    return new Budget(
        Budget.EMPTY.timezone(),
        Optional.of(BigDecimal.valueOf(usd)),
        Map.of(),
        List.of(),
        Map.of(),
        Map.of(),
        Budget.EMPTY.downgrade(),
        Budget.EMPTY.notifications(),
        Budget.EMPTY.costSources());
  }

  /** The event log and reservation ledger one process opens over STORE. */
  record Store(EventLog log, ReservationLedger ledger) implements AutoCloseable {
    static Store open(String where, String indexName) throws java.io.IOException {
      EventIndex index = new EventIndex(CostWeights.BUILT_IN, Pricer.NONE);
      if (where.startsWith("jdbc:")) {
        PostgresEventLog log =
            PostgresEventLog.open(
                Database.connect(new PgSettings(where, PgCluster.USER, null, 4, "burnrate")),
                index);
        return new Store(log, PostgresReservationLedger.beside(log));
      }
      Path data = Path.of(where);
      return new Store(
          JsonlEventLog.open(data.resolve("audit"), data.resolve(indexName), index),
          JsonlReservationLedger.open(data));
    }

    @Override
    public void close() {
      ledger.close();
      log.close();
    }
  }
}

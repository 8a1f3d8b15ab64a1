package dev.burnrate.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.burnrate.budget.Scope;
import dev.burnrate.store.GovernanceState.AlertKey;
import java.math.BigDecimal;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link GovernanceState} promises, run against each implementation. Two instances over
 * the same store stand in for two processes or replicas (for PostgreSQL each has its own pool).
 */
public abstract class GovernanceStateContract {
  protected static final YearMonth MONTH = YearMonth.of(2026, 3);
  private final List<GovernanceState> opened = new ArrayList<>();

  /** A new instance over the store this test uses (as another process or replica would open it). */
  protected abstract GovernanceState openInstance() throws Exception;

  protected final GovernanceState open() throws Exception {
    GovernanceState s = openInstance();
    opened.add(s);
    return s;
  }

  @AfterEach
  void closeInstances() {
    opened.forEach(GovernanceState::close);
  }

  private static AlertKey key(YearMonth month, Scope scope, String name, int pct) {
    return new AlertKey(month, scope, name, BigDecimal.valueOf(pct));
  }

  @Test
  void sixteenCallersOnTwoInstancesRaiseEachAlertExactlyOnce() throws Exception {
    List<AlertKey> keys = new ArrayList<>();
    for (YearMonth m : List.of(MONTH, MONTH.plusMonths(1))) {
      for (int pct : new int[] {80, 95, 100}) {
        keys.add(key(m, Scope.TOTAL, "total", pct));
        keys.add(key(m, Scope.AGENT, "media-1", pct));
        keys.add(key(m, Scope.AGENT, "media 1/ünïcode", pct));
        keys.add(key(m, Scope.TEAM, "media-1", pct)); // a team named like an agent is its own scope
      }
    }
    List<GovernanceState> replicas = List.of(open(), open());
    Map<AlertKey, AtomicInteger> wins = new ConcurrentHashMap<>();
    ExecutorService pool = Executors.newFixedThreadPool(16);
    CountDownLatch start = new CountDownLatch(1);
    List<Future<Integer>> calls = new ArrayList<>();
    try {
      for (int t = 0; t < 16; t++) {
        GovernanceState state = replicas.get(t % 2);
        List<AlertKey> order = new ArrayList<>(keys);
        Collections.shuffle(order, new Random(t));
        int caller = t;
        calls.add(
            pool.submit(
                () -> {
                  start.await();
                  int won = 0;
                  for (AlertKey k : order) {
                    if (state.claimAlert(k, "alert-" + caller, "{}\n")) {
                      wins.computeIfAbsent(k, x -> new AtomicInteger()).incrementAndGet();
                      won++;
                    }
                  }
                  return won;
                }));
      }
      start.countDown();
      int total = 0;
      for (Future<Integer> f : calls) {
        total += f.get();
      }
      assertEquals(keys.size(), total, "every key won by exactly one caller in all");
    } finally {
      pool.shutdownNow();
    }
    for (AlertKey k : keys) {
      assertEquals(1, wins.getOrDefault(k, new AtomicInteger()).get(), k.toString());
    }
  }

  @Test
  void aClaimHoldsForEveryOtherInstanceAndOnlyForItsOwnKey() throws Exception {
    GovernanceState first = open();
    assertTrue(first.claimAlert(key(MONTH, Scope.AGENT, "a", 80), "x", "{}\n"));
    GovernanceState second = open();
    assertFalse(second.claimAlert(key(MONTH, Scope.AGENT, "a", 80), "y", "{}\n"), "claimed");
    assertFalse(first.claimAlert(key(MONTH, Scope.AGENT, "a", 80), "z", "{}\n"), "by itself too");
    assertTrue(second.claimAlert(key(MONTH, Scope.AGENT, "a", 95), "y", "{}\n"), "threshold");
    assertTrue(second.claimAlert(key(MONTH, Scope.AGENT, "b", 80), "y", "{}\n"), "name");
    assertTrue(second.claimAlert(key(MONTH, Scope.TEAM, "a", 80), "y", "{}\n"), "scope");
    assertTrue(second.claimAlert(key(MONTH.plusMonths(1), Scope.AGENT, "a", 80), "y", "{}\n"));
  }
}

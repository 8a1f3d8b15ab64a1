package dev.burnrate.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.burnrate.budget.DeployOverride;
import dev.burnrate.budget.Scope;
import dev.burnrate.store.GovernanceState.AlertKey;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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

  @Test
  void aFreezeSetThroughOneInstanceIsSeenByEveryOtherForItsMonthOnly() throws Exception {
    GovernanceState first = open();
    GovernanceState second = open();
    assertEquals(Optional.empty(), second.freeze(MONTH));
    first.setFreeze(MONTH, "20260320T120000Z-total-100", "{\"id\":1}\n");
    assertTrue(second.freeze(MONTH).isPresent(), "seen by the other instance");
    assertTrue(first.freeze(MONTH).isPresent(), "and by its own");
    assertEquals(Optional.empty(), second.freeze(MONTH.plusMonths(1)), "the next month is free");
    assertEquals(Optional.empty(), second.freeze(MONTH.minusMonths(1)), "so was the last one");
    second.setFreeze(MONTH, "20260320T130000Z-agent-a-100", "{\"id\":2}\n");
    assertTrue(first.freeze(MONTH).isPresent(), "a second freeze keeps the month frozen");
  }

  @Test
  void anOverrideWrittenThroughOneInstanceIsReadByAnotherUntilRevoked() throws Exception {
    GovernanceState first = open();
    GovernanceState second = open();
    List<String> warnings = new ArrayList<>();
    assertEquals(Optional.empty(), second.override("release-2", warnings));
    assertFalse(second.revokeOverride("release-2"), "nothing to revoke yet");
    Instant until = Instant.parse("2026-03-21T12:00:00Z");
    String reason = "hotfix: \"incident\" #4411 — ünïcode";
    first.writeOverride("release-2", reason, "dana@example.com", until);
    DeployOverride read = second.override("release-2", warnings).orElseThrow();
    assertEquals(
        List.of("release-2", reason, "dana@example.com", until, second.overridePath("release-2")),
        List.of(read.agent(), read.reason(), read.approver(), read.expiresAt(), read.path()));
    assertEquals(List.of(), warnings);
    assertEquals(Optional.empty(), second.override("release-3", warnings), "its agent's only");

    first.writeOverride("release-2", "second thoughts", "ops lead", until.plusSeconds(60));
    read = second.override("release-2", warnings).orElseThrow();
    assertEquals("second thoughts", read.reason(), "the newer one replaces it");
    assertEquals(until.plusSeconds(60), read.expiresAt());

    assertTrue(second.revokeOverride("release-2"));
    assertEquals(Optional.empty(), first.override("release-2", warnings), "revoked for everyone");
    assertFalse(first.revokeOverride("release-2"), "revoked once");
    first.writeOverride("release-2", "again", "cfo", until);
    assertEquals("again", second.override("release-2", warnings).orElseThrow().reason());
  }

  @Test
  void anExpiredOverrideIsStillReadSoTheGateCanSayItExpired() throws Exception {
    GovernanceState state = open();
    Instant past = Instant.parse("2026-03-19T00:00:00Z");
    state.writeOverride(".hidden agent", "last week's hotfix", "dana", past);
    DeployOverride read = open().override(".hidden agent", new ArrayList<>()).orElseThrow();
    assertEquals(past, read.expiresAt());
    assertFalse(read.activeAt(Instant.parse("2026-03-20T12:00:00Z")), "expired");
    assertTrue(read.activeAt(Instant.parse("2026-03-18T12:00:00Z")));
  }

  @Test
  void readersSeeTheOldOverrideOrTheNewOneWhileWritersReplaceIt() throws Exception {
    GovernanceState writer = open();
    GovernanceState reader = open();
    Instant until = Instant.parse("2026-03-21T12:00:00Z");
    writer.writeOverride("a", "reason-0", "approver-0", until);
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<Integer>> reads = new ArrayList<>();
      CountDownLatch start = new CountDownLatch(1);
      for (int w = 0; w < 4; w++) {
        int from = w * 25;
        pool.submit(
            () -> {
              start.await();
              for (int i = from + 1; i <= from + 25; i++) {
                writer.writeOverride("a", "reason-" + i, "approver-" + i, until);
              }
              return null;
            });
      }
      for (int r = 0; r < 4; r++) {
        reads.add(
            pool.submit(
                () -> {
                  start.await();
                  int n = 0;
                  for (; n < 50; n++) {
                    DeployOverride o = reader.override("a", new ArrayList<>()).orElseThrow();
                    // Reason and approver were written together: never one write's with another's.
                    assertEquals(
                        o.reason().substring("reason-".length()),
                        o.approver().substring("approver-".length()));
                  }
                  return n;
                }));
      }
      start.countDown();
      for (Future<Integer> f : reads) {
        assertEquals(50, f.get());
      }
    } finally {
      pool.shutdown();
      assertTrue(pool.awaitTermination(60, java.util.concurrent.TimeUnit.SECONDS));
    }
  }

  @Test
  void theLastDecisionPerTargetIsWhatEveryInstanceReadsBack() throws Exception {
    GovernanceState first = open();
    GovernanceState second = open();
    String target = "release-2:1.4.0";
    assertEquals(Optional.empty(), second.lastDecision(target));
    Instant at = Instant.parse("2026-03-20T12:00:00Z");
    String pass =
        "{\n  \"target\" : \"release-2:1.4.0\",\n  \"decision\" : \"pass\", \"ü\" : 1\n}\n";
    first.recordDecision(target, at, pass);
    assertEquals(Optional.of(pass), second.lastDecision(target), "as written, byte for byte");
    String veto = pass.replace("pass", "veto");
    second.recordDecision(target, at.plusSeconds(1), veto);
    assertEquals(Optional.of(veto), first.lastDecision(target), "the newer one");
    assertEquals(Optional.empty(), first.lastDecision("release-2"), "its target's only");
  }

  @Test
  void decisionsRecordedConcurrentlyThroughTwoInstancesEachEndAtTheirLast() throws Exception {
    List<GovernanceState> replicas = List.of(open(), open());
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int t = 0; t < 8; t++) {
        GovernanceState state = replicas.get(t % 2);
        String target = "agent-" + t;
        done.add(
            pool.submit(
                () -> {
                  for (int i = 0; i < 20; i++) {
                    state.recordDecision(target, Instant.EPOCH, "{\"n\":" + i + "}\n");
                  }
                  return null;
                }));
      }
      for (Future<?> f : done) {
        f.get();
      }
    } finally {
      pool.shutdownNow();
    }
    for (int t = 0; t < 8; t++) {
      assertEquals(
          Optional.of("{\"n\":19}\n"), replicas.get((t + 1) % 2).lastDecision("agent-" + t));
    }
  }

  @Test
  void deliveryAttemptsLoggedThroughEitherInstanceReadBackInOrderPerAlert() throws Exception {
    GovernanceState first = open();
    GovernanceState second = open();
    Instant at = Instant.parse("2026-03-20T12:00:00Z");
    GovernanceState.Delivery refused =
        new GovernanceState.Delivery(
            at, "alert-1", "ops", "https://hooks.example/***", 1, 503, "retrying", "HTTP 503");
    GovernanceState.Delivery delivered =
        new GovernanceState.Delivery(
            at.plusSeconds(1),
            "alert-1",
            "ops",
            "https://hooks.example/***",
            2,
            200,
            "delivered",
            null);
    GovernanceState.Delivery other =
        new GovernanceState.Delivery(
            at, "alert-2", "chat", "https://chat.example/", 1, null, "gave_up", "ConnectException");
    first.recordDelivery(refused);
    second.recordDelivery(other);
    second.recordDelivery(delivered);
    assertEquals(List.of(refused, delivered), first.deliveries("alert-1"));
    assertEquals(List.of(other), first.deliveries("alert-2"));
    assertEquals(List.of(), second.deliveries("alert-3"));
  }

  @Test
  void sixteenThreadsLogEveryAttemptOnceAndWhole() throws Exception {
    List<GovernanceState> replicas = List.of(open(), open());
    ExecutorService pool = Executors.newFixedThreadPool(16);
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int t = 0; t < 16; t++) {
        GovernanceState state = replicas.get(t % 2);
        String webhook = "hook-" + t;
        done.add(
            pool.submit(
                () -> {
                  for (int i = 1; i <= 10; i++) {
                    state.recordDelivery(
                        new GovernanceState.Delivery(
                            Instant.EPOCH, "a", webhook, "https://x/", i, 500, "retrying", "e"));
                  }
                  return null;
                }));
      }
      for (Future<?> f : done) {
        f.get();
      }
    } finally {
      pool.shutdownNow();
    }
    List<GovernanceState.Delivery> all = replicas.get(0).deliveries("a");
    assertEquals(160, all.size());
    for (int t = 0; t < 16; t++) {
      String webhook = "hook-" + t;
      assertEquals(
          List.of(1, 2, 3, 4, 5, 6, 7, 8, 9, 10),
          all.stream().filter(d -> d.webhook().equals(webhook)).map(d -> d.attempt()).toList(),
          "each thread's attempts once, in its order");
    }
  }
}

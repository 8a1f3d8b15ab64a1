package dev.burnrate.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.burnrate.reserve.Book;
import dev.burnrate.store.ReservationLedger.Change;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** What a turn leaves to run afterwards holds up none of the steps it answered. */
class GroupCommitTest {
  @Test
  @Timeout(30)
  void workLeftForAfterwardsRunsOnceEveryStepOfTheTurnIsAnswered() throws Exception {
    GroupCommit commit = new GroupCommit();
    Book book = new Book();
    CountDownLatch inTurn = new CountDownLatch(1);
    CountDownLatch bAnswered = new CountDownLatch(1);
    AtomicReference<String> afterwards = new AtomicReference<>("not run");
    Thread a =
        new Thread(
            () -> {
              try {
                commit.update(
                    b -> Change.none("a"),
                    steps -> {
                      inTurn.countDown();
                      // b queues meanwhile: this turn answers it too.
                      java.util.concurrent.locks.LockSupport.parkNanos(300_000_000L);
                      steps.run(book, e -> {});
                      steps.afterwards(
                          () -> {
                            try {
                              // Run before b was woken, this would wait out its whole bound.
                              afterwards.set(
                                  bAnswered.await(10, TimeUnit.SECONDS) ? "after b" : "before b");
                            } catch (InterruptedException e) {
                              Thread.currentThread().interrupt();
                            }
                          });
                    });
              } catch (Exception e) {
                afterwards.set(e.toString());
              }
            });
    a.start();
    assertTrue(inTurn.await(10, TimeUnit.SECONDS));
    String answer =
        commit.update(
            b -> Change.none("b"),
            steps -> {
              throw new AssertionError("b's step ran in a turn of its own");
            });
    bAnswered.countDown();
    a.join();
    assertEquals("b", answer);
    assertEquals("after b", afterwards.get());
  }
}

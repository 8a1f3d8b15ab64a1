package dev.burnrate.store;

import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Catching up on a few appended lines must not put a fresh buffer on the heap each time. */
class ReadBufferTest {
  /** Runs {@code check} on a thread of its own: the buffers are per thread. */
  private static void onFreshThread(Runnable check) throws InterruptedException {
    Throwable[] failed = new Throwable[1];
    Thread t = new Thread(check);
    t.setUncaughtExceptionHandler((th, e) -> failed[0] = e);
    t.start();
    t.join();
    if (failed[0] != null) {
      throw new AssertionError(failed[0]);
    }
  }

  @Test
  void smallReadsReuseOneSmallBufferPerThread() throws InterruptedException {
    onFreshThread(ReadBufferTest::smallReads);
  }

  @Test
  void blockSizedReadsKeepTheirOwnBuffer() throws InterruptedException {
    onFreshThread(ReadBufferTest::blockReads);
  }

  private static void smallReads() {
    byte[] first = RangeIndexer.buffer(300);
    assertTrue(first.length >= 300 && first.length < RangeIndexer.PERSIST_AT, "" + first.length);
    assertSame(first, RangeIndexer.buffer(200));
    assertSame(first, RangeIndexer.buffer(first.length));
    byte[] grown = RangeIndexer.buffer(first.length + 1);
    assertTrue(grown.length > first.length && grown.length <= RangeIndexer.PERSIST_AT);
    assertSame(grown, RangeIndexer.buffer(first.length + 1));
  }

  private static void blockReads() {
    int block = (int) RangeIndexer.PERSIST_AT * 2;
    byte[] big = RangeIndexer.buffer(block);
    assertTrue(big.length >= block);
    assertSame(big, RangeIndexer.buffer(block));
    assertSame(big, RangeIndexer.buffer(100), "a thread that has a large buffer reads into it");
  }
}

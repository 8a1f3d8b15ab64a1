package dev.burnrate.mcp.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Access-log lines leave from a thread of their own, every one of them, whole. */
class AccessLogTest {
  @Test
  void everyLineFromManyThreadsIsWrittenOnceAndWhole() throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    PrintStream out = new PrintStream(bytes, false, StandardCharsets.UTF_8);
    AccessLog log = new AccessLog(out);
    List<Thread> threads = new ArrayList<>();
    for (int t = 0; t < 8; t++) {
      int id = t;
      Thread thread =
          new Thread(
              () -> {
                for (int i = 0; i < 5_000; i++) {
                  log.write("{\"event\":\"access\",\"thread\":" + id + ",\"i\":" + i + "}");
                }
              });
      thread.start();
      threads.add(thread);
    }
    for (Thread t : threads) {
      t.join();
    }
    log.close();
    String[] lines = bytes.toString(StandardCharsets.UTF_8).split("\n");
    assertEquals(40_000, lines.length);
    assertEquals(40_000, Arrays.stream(lines).distinct().count(), "no line twice");
    assertTrue(
        Arrays.stream(lines)
            .allMatch(l -> l.matches("\\{\"event\":\"access\",\"thread\":\\d,\"i\":\\d+}")),
        "no line torn or joined");
  }

  @Test
  void aRequestWritesItsOwnLineWhenTheQueueIsFullAndNothingIsLost() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    OutputStream stuckForTheWriter =
        new OutputStream() {
          @Override
          public void write(int b) {
            write(new byte[] {(byte) b}, 0, 1);
          }

          @Override
          public void write(byte[] b, int off, int len) {
            if (Thread.currentThread().getName().equals("burnrate-access-log")) {
              try {
                release.await(); // stderr that nobody reads
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            }
            synchronized (bytes) {
              bytes.write(b, off, len);
            }
          }
        };
    AccessLog log =
        new AccessLog(new PrintStream(stuckForTheWriter, true, StandardCharsets.UTF_8), 4);
    Thread requests =
        new Thread(
            () -> {
              for (int i = 0; i < 50; i++) {
                log.write("line " + i);
              }
            });
    requests.start();
    requests.join(TimeUnit.SECONDS.toMillis(10));
    assertTrue(!requests.isAlive(), "requests waited for a stuck writer");
    String direct;
    synchronized (bytes) {
      direct = bytes.toString(StandardCharsets.UTF_8);
    }
    assertTrue(direct.contains("line 49\n"), "a full queue's line is written by its request");
    release.countDown();
    log.close();
    List<String> lines = Arrays.asList(bytes.toString(StandardCharsets.UTF_8).split("\n"));
    assertEquals(50, lines.size(), lines.toString());
    for (int i = 0; i < 50; i++) {
      assertTrue(lines.contains("line " + i), "line " + i + " lost");
    }
  }
}

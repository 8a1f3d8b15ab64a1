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
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    List<String> writers = java.util.Collections.synchronizedList(new ArrayList<>());
    OutputStream slowForTheWriter =
        new OutputStream() {
          @Override
          public void write(int b) {
            write(new byte[] {(byte) b}, 0, 1);
          }

          @Override
          public void write(byte[] b, int off, int len) {
            String thread = Thread.currentThread().getName();
            writers.add(thread);
            if (thread.equals("burnrate-access-log")) {
              try {
                Thread.sleep(100); // stderr read slower than requests arrive
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
        new AccessLog(new PrintStream(slowForTheWriter, true, StandardCharsets.UTF_8), 4);
    Thread requests =
        new Thread(
            () -> {
              for (int i = 0; i < 50; i++) {
                log.write("line " + i);
              }
            },
            "request");
    requests.start();
    requests.join(TimeUnit.SECONDS.toMillis(30));
    assertTrue(!requests.isAlive(), "requests never got their lines out");
    log.close();
    assertTrue(writers.contains("request"), "a full queue's line is written by its request");
    List<String> lines = Arrays.asList(bytes.toString(StandardCharsets.UTF_8).split("\n"));
    assertEquals(50, lines.size(), lines.toString());
    for (int i = 0; i < 50; i++) {
      assertTrue(lines.contains("line " + i), "line " + i + " lost");
    }
  }
}

package dev.burnrate.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The preflight command answers first and spends a bounded time on webhooks afterwards. */
class PreflightWebhookTest {
  @TempDir Path root;

  @Test
  void preflightPrintsItsDecisionBeforeASlowWebhookAndExitsWithinTheBound() throws Exception {
    // preflight waited for webhook delivery before printing its decision: 26 s with a receiver
    // that answers slowly, and a deployer gating on it waited as long.
    CountDownLatch release = new CountDownLatch(1);
    HttpServer receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    receiver.setExecutor(Executors.newCachedThreadPool());
    receiver.createContext(
        "/hook",
        ex -> {
          ex.getRequestBody().readAllBytes();
          try {
            release.await(20, TimeUnit.SECONDS);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          ex.sendResponseHeaders(204, -1);
          ex.close();
        });
    receiver.start();
    try {
      Path config = Files.createDirectories(root.resolve("config"));
      Path audit = Files.createDirectories(root.resolve("audit"));
      Path data = root.resolve("data");
      Files.writeString(
          config.resolve("budget.yaml"),
          "monthly_ceiling_usd:\n  total: 100\n"
              + BudgetGovernanceTest.ALERTS
              + "notifications:\n  webhooks:\n    - {name: slow, url: 'http://127.0.0.1:"
              + receiver.getAddress().getPort()
              + "/hook'}\n  retries: 5\n  backoff_ms: 50\n");
      Files.writeString(
          audit.resolve("tool_audit_2026-03-19.jsonl"),
          "{\"ts\":\"2026-03-19T10:00:00Z\","
              + "\"tool\":\"llm_chat\",\"agent_id\":\"a\",\"status\":\"pass\",\"duration_ms\":1000,\"cost_usd\":85}\n");

      TimedOutput out = new TimedOutput();
      ByteArrayOutputStream err = new ByteArrayOutputStream();
      long start = System.nanoTime();
      int exit =
          run(
              out,
              err,
              "preflight",
              "a",
              "--estimate",
              "1",
              "--format",
              "table",
              "--config",
              config.toString(),
              "--data",
              data.toString(),
              "--audit-dir",
              audit.toString(),
              "--now",
              "2026-03-20T12:00:00Z");
      long totalMs = (System.nanoTime() - start) / 1_000_000;

      assertEquals(0, exit, err.toString(StandardCharsets.UTF_8));
      assertTrue(out.text().contains("decision  PASS"), out.text());
      long printedMs = (out.decisionAt - start) / 1_000_000;
      assertTrue(printedMs < 4_000, "the decision came " + printedMs + " ms after the start");
      long afterPrint = totalMs - printedMs;
      assertTrue(
          afterPrint < BudgetCommands.PREFLIGHT_DELIVERY_WAIT.toMillis() + 3_000,
          "exited " + afterPrint + " ms after printing");
      List<String> log = Files.readAllLines(data.resolve("cost/alerts/deliveries.jsonl"));
      assertTrue(log.get(log.size() - 1).contains("\"outcome\":\"abandoned\""), log.toString());
      for (int i = 0; i < log.size(); i++) {
        assertTrue(
            log.get(i).contains("\"attempt\":" + (i + 1) + ","), "one line per attempt: " + log);
      }
    } finally {
      release.countDown();
      receiver.stop(0);
    }
  }

  private static int run(TimedOutput out, ByteArrayOutputStream err, String... args) {
    synchronized (Fixture.class) { // Fixture.runRaw swaps System.out under the same lock
      PrintStream oldOut = System.out;
      PrintStream oldErr = System.err;
      PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
      PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8);
      System.setOut(o);
      System.setErr(e);
      try {
        return Main.run(args, o, e);
      } finally {
        System.setOut(oldOut);
        System.setErr(oldErr);
      }
    }
  }

  /** Captures output and notes when the decision line was written. */
  private static final class TimedOutput extends OutputStream {
    private final ByteArrayOutputStream buf = new ByteArrayOutputStream();
    volatile long decisionAt = Long.MAX_VALUE;

    @Override
    public synchronized void write(int b) throws IOException {
      buf.write(b);
      noteDecision();
    }

    @Override
    public synchronized void write(byte[] b, int off, int len) throws IOException {
      buf.write(b, off, len);
      noteDecision();
    }

    private void noteDecision() {
      if (decisionAt == Long.MAX_VALUE && text().contains("decision  ")) {
        decisionAt = System.nanoTime();
      }
    }

    synchronized String text() {
      return buf.toString(StandardCharsets.UTF_8);
    }
  }
}

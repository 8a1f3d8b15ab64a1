package dev.burnrate.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import dev.burnrate.budget.Notifications;
import dev.burnrate.budget.Webhook;
import dev.burnrate.store.AtomicFiles;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Webhook delivery: one log line per attempt whatever the receiver does, and a log fit to keep. */
class NotifierTest {
  @TempDir Path root;

  private Path log() {
    return root.resolve("data/cost/alerts/deliveries.jsonl");
  }

  @Test
  void anAttemptCutOffByATricklingBodyIsStillLogged() throws Exception {
    // A receiver that answered its headers and then a byte at a time kept an attempt open past
    // every socket timeout, and the process exited without a line for it.
    try (ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      Thread trickler = new Thread(() -> trickle(server), "trickling-receiver");
      trickler.setDaemon(true);
      trickler.start();
      URI url = URI.create("http://127.0.0.1:" + server.getLocalPort() + "/hook");
      Notifier n =
          new Notifier(
              new Notifications(List.of(new Webhook("slow", url)), 1, 10),
              log(),
              Duration.ofMillis(800));
      n.post("alert-1", Map.of("level", "notify"), "over 80 %");
      assertTrue(n.awaitIdle(Duration.ofSeconds(8)), "both attempts end at their deadline");
      List<String> lines = Files.readAllLines(log());
      assertEquals(2, lines.size(), lines.toString());
      assertTrue(
          lines.get(0).contains("\"attempt\":1")
              && lines.get(0).contains("\"outcome\":\"retrying\"")
              && lines.get(0).contains("no complete response within 800 ms"),
          lines.get(0));
      assertTrue(
          lines.get(1).contains("\"attempt\":2")
              && lines.get(1).contains("\"outcome\":\"gave_up\""),
          lines.get(1));
    }
  }

  /**
   * Answers each request with headers and a 200-byte body sent one byte every 50 ms (10 s at most).
   */
  private static void trickle(ServerSocket server) {
    while (!server.isClosed()) {
      try (Socket s = server.accept()) {
        s.setSoTimeout(2_000);
        InputStream in = s.getInputStream();
        int matched = 0;
        byte[] end = "\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
        while (matched < end.length) {
          int b = in.read();
          if (b < 0) {
            break;
          }
          matched = b == end[matched] ? matched + 1 : (b == end[0] ? 1 : 0);
        }
        OutputStream out = s.getOutputStream();
        out.write(
            "HTTP/1.1 200 OK\r\nContent-Length: 200\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        out.flush();
        for (int i = 0; i < 200; i++) {
          out.write('x');
          out.flush();
          Thread.sleep(50);
        }
      } catch (IOException e) {
        // the client gave up on this connection: wait for the next one
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  @Test
  void theDeliveryLogHidesCredentialsAndSecretPathsAndOnlyItsOwnerCanReadIt() throws Exception {
    // deliveries.jsonl was created world-readable and logged full URLs, user:password@ and Slack's
    // secret /services/T.../B.../... path included.
    Assumptions.assumeTrue(root.getFileSystem().supportedFileAttributeViews().contains("posix"));
    HttpServer receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    receiver.createContext(
        "/services",
        ex -> {
          ex.getRequestBody().readAllBytes();
          ex.sendResponseHeaders(204, -1);
          ex.close();
        });
    receiver.start();
    try {
      int port = receiver.getAddress().getPort();
      URI url =
          URI.create(
              "http://alice:s3cr3tpw@127.0.0.1:"
                  + port
                  + "/services/T024BE7LD/B01234ABCD/XXXXXXXXXXXXXXXXXXXXXXXX?token=abc123");
      Notifier n = new Notifier(new Notifications(List.of(new Webhook("ops", url)), 0, 10), log());
      n.post("alert-1", Map.of("level", "notify"), "over 80 %");
      assertTrue(n.awaitIdle(Duration.ofSeconds(10)));
      String text = Files.readString(log());
      assertTrue(
          text.contains("\"url\":\"http://127.0.0.1:" + port + "/services/***/***/***?***\""),
          text);
      for (String secret :
          List.of("alice", "s3cr3tpw", "T024BE7LD", "B01234ABCD", "XXXXXXXX", "abc123")) {
        assertFalse(text.contains(secret), secret + " leaked: " + text);
      }
      assertEquals(
          "rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(log())));
      assertEquals(
          "rwx------",
          PosixFilePermissions.toString(Files.getPosixFilePermissions(log().getParent())));
    } finally {
      receiver.stop(0);
    }
  }

  @Test
  void aWorldReadableDeliveryLogFromBeforeIsTightened() throws Exception {
    // Logs created by earlier versions stayed world-readable.
    Assumptions.assumeTrue(root.getFileSystem().supportedFileAttributeViews().contains("posix"));
    Files.createDirectories(log().getParent());
    Files.writeString(log(), "");
    Files.setPosixFilePermissions(log(), PosixFilePermissions.fromString("rw-r--r--"));
    Notifier n =
        new Notifier(
            new Notifications(
                List.of(new Webhook("dead", URI.create("http://127.0.0.1:9/hook"))), 0, 10),
            log());
    n.post("alert-1", Map.of(), "x");
    assertTrue(n.awaitIdle(Duration.ofSeconds(10)));
    assertEquals(1, Files.readAllLines(log()).size());
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(log())));
  }

  @Test
  void redactionKeepsWhereTheHookIsAndDropsWhatOpensIt() {
    assertEquals(
        "https://hooks.slack.com/services/***/***/***",
        Notifier.redact(
            URI.create(
                "https://hooks.slack.com/services/T024BE7LD/B01234ABCD/aBcDeFgHiJkLmNoPqRsTuVwX")));
    assertEquals(
        "https://discord.com/api/webhooks/***/***",
        Notifier.redact(
            URI.create(
                "https://discord.com/api/webhooks/123456789012345678/Zx_9-abcdefghijklmnop")));
    assertEquals(
        "http://example.com:8080/hooks/burnrate?***#***",
        Notifier.redact(URI.create("http://bob:pw@example.com:8080/hooks/burnrate?key=k#frag")));
    assertEquals("https://example.com", Notifier.redact(URI.create("https://example.com")));
  }

  @Test
  void atomicWritesCreateOwnerOnlyFilesAndDirectories() throws Exception {
    // Alert files and preflight state sat in world-readable directories.
    Assumptions.assumeTrue(root.getFileSystem().supportedFileAttributeViews().contains("posix"));
    Path file = root.resolve("data/state/preflight-a.json");
    AtomicFiles.write(file, "{}");
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
    assertEquals(
        "rwx------",
        PosixFilePermissions.toString(Files.getPosixFilePermissions(file.getParent())));
    assertEquals(
        "rwx------",
        PosixFilePermissions.toString(Files.getPosixFilePermissions(root.resolve("data"))));
  }
}

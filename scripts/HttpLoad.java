import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Load for {@code burnrate serve --http}, from a JVM rather than Python (whose interpreter, not the
 * server, bounds scripts/bench_http.py above a few hundred calls a second): SESSIONS concurrent
 * Streamable HTTP sessions, each initialized, then making CALLS tool calls in turn
 * (get_top_spenders, detect_anomalies, check_budget), each timed from request to the end of its
 * answer. Loopback only; bounded by SESSIONS x CALLS.
 *
 * <p>With RATE (calls a second, all sessions together) the calls are paced: call i of session s
 * is due at (i * SESSIONS + s) / RATE seconds after the start, waits until then, and is timed from
 * then, so a stall counts against every call it delays. Without it each session sends its next
 * call as soon as the last is answered: the most calls a second, with SESSIONS calls always in
 * flight, so the mean latency is SESSIONS / (calls a second) by Little's law.
 *
 * <p>Each session speaks HTTP/1.1 on a keep-alive connection of its own, written and read
 * directly on the socket (requests with a Content-Length; answers as JSON or an SSE stream, with a
 * Content-Length or chunked): the client shares the server's two cores, and the JDK's HttpClient
 * took about 0.45 ms of CPU a call, as much as the server's own work. A call counts as answered
 * only with status 200, a JSON-RPC result and no {@code "isError":true}; anything else is an error.
 *
 * <p>Usage: {@code BURNRATE_TOKEN=... java scripts/HttpLoad.java http://127.0.0.1:PORT/mcp
 * [SESSIONS] [CALLS] [RATE]}
 */
public class HttpLoad {
  static final String[] CALLS = {
    "{\"name\":\"get_top_spenders\",\"arguments\":{\"top_n\":5}}",
    "{\"name\":\"detect_anomalies\",\"arguments\":{}}",
    "{\"name\":\"check_budget\",\"arguments\":{}}"
  };

  public static void main(String[] args) throws Exception {
    URI mcp = URI.create(args[0]);
    if (!"127.0.0.1".equals(mcp.getHost()) && !"localhost".equals(mcp.getHost())) {
      throw new IllegalArgumentException("loopback only: " + mcp);
    }
    int sessions = args.length > 1 ? Integer.parseInt(args[1]) : 200;
    int calls = args.length > 2 ? Integer.parseInt(args[2]) : 50;
    double rate = args.length > 3 ? Double.parseDouble(args[3]) : 0;
    String token = System.getenv("BURNRATE_TOKEN");
    if (token == null) {
      throw new IllegalArgumentException("set BURNRATE_TOKEN");
    }
    List<Long> latencies = Collections.synchronizedList(new ArrayList<>());
    AtomicInteger errors = new AtomicInteger();
    CountDownLatch ready = new CountDownLatch(sessions);
    CountDownLatch go = new CountDownLatch(1);
    long[] start = new long[1];
    List<Thread> threads = new ArrayList<>();
    for (int s = 0; s < sessions; s++) {
      int offset = s;
      Thread t =
          new Thread(
              () -> {
                try (Connection http = new Connection(mcp, token)) {
                  Answer init =
                      http.post(
                          "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"protocolVersion\":\"2025-11-25\",\"capabilities\":{},\"clientInfo\":{\"name\":\"HttpLoad\",\"version\":\"1\"}}}");
                  if (init.status() != 200 || init.session() == null) {
                    throw new IOException("initialize answered " + init.status() + ": " + init.body());
                  }
                  http.session = init.session();
                  http.post("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}");
                  ready.countDown();
                  go.await();
                  for (int i = 0; i < calls; i++) {
                    String body =
                        "{\"jsonrpc\":\"2.0\",\"id\":"
                            + (i + 2)
                            + ",\"method\":\"tools/call\",\"params\":"
                            + CALLS[(i + offset) % CALLS.length]
                            + "}";
                    long t0 = System.nanoTime();
                    if (rate > 0) {
                      long due = start[0] + (long) (((double) i * sessions + offset) * 1e9 / rate);
                      while (t0 < due) {
                        long wait = due - t0;
                        Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                        t0 = System.nanoTime();
                      }
                      t0 = due;
                    }
                    Answer r = http.post(body);
                    long took = System.nanoTime() - t0;
                    if (r.status() != 200
                        || !r.body().contains("\"result\"")
                        || r.body().contains("\"isError\":true")) {
                      errors.incrementAndGet();
                    } else {
                      latencies.add(took);
                    }
                  }
                } catch (Exception e) {
                  errors.incrementAndGet();
                  ready.countDown();
                  System.err.println("session failed: " + e);
                }
              });
      t.start();
      threads.add(t);
    }
    ready.await();
    start[0] = System.nanoTime() + 10_000_000L;
    go.countDown();
    for (Thread t : threads) {
      t.join();
    }
    double seconds = (System.nanoTime() - start[0]) / 1e9;
    List<Long> sorted = new ArrayList<>(latencies);
    Collections.sort(sorted);
    System.out.printf(
        "%d sessions x %d calls%s: %d ok, %d errors in %.2f s = %.0f calls/s%n",
        sessions,
        calls,
        rate > 0 ? String.format(" paced at %.0f/s", rate) : "",
        sorted.size(),
        errors.get(),
        seconds,
        sorted.size() / seconds);
    if (!sorted.isEmpty()) {
      System.out.printf(
          "latency ms: p50 %.1f  p95 %.1f  p99 %.1f  max %.1f%n",
          pct(sorted, 50), pct(sorted, 95), pct(sorted, 99), sorted.get(sorted.size() - 1) / 1e6);
    }
  }

  static double pct(List<Long> sorted, double p) {
    int i = (int) Math.min(sorted.size() - 1, Math.round(p / 100 * (sorted.size() - 1)));
    return sorted.get(i) / 1e6;
  }

  record Answer(int status, String session, String body) {}

  /** One keep-alive HTTP/1.1 connection to the server, used by one thread. */
  static final class Connection implements AutoCloseable {
    private final URI mcp;
    private final byte[] head;
    private final ByteArrayOutputStream body = new ByteArrayOutputStream(16 * 1024);
    private final StringBuilder line = new StringBuilder(128);
    private Socket socket;
    private InputStream in;
    private OutputStream out;
    String session;

    Connection(URI mcp, String token) {
      this.mcp = mcp;
      this.head =
          ("POST "
                  + mcp.getRawPath()
                  + " HTTP/1.1\r\nHost: "
                  + mcp.getHost()
                  + ":"
                  + mcp.getPort()
                  + "\r\nAuthorization: Bearer "
                  + token
                  + "\r\nContent-Type: application/json"
                  + "\r\nAccept: application/json, text/event-stream\r\n")
              .getBytes(StandardCharsets.ISO_8859_1);
    }

    Answer post(String json) throws IOException {
      if (socket == null) {
        socket = new Socket();
        socket.setTcpNoDelay(true);
        socket.connect(new InetSocketAddress(mcp.getHost(), mcp.getPort()), 10_000);
        socket.setSoTimeout(60_000);
        in = new BufferedInputStream(socket.getInputStream(), 16 * 1024);
        out = socket.getOutputStream();
      }
      byte[] payload = json.getBytes(StandardCharsets.UTF_8);
      String tail =
          (session == null ? "" : "Mcp-Session-Id: " + session + "\r\n")
              + "Content-Length: "
              + payload.length
              + "\r\n\r\n";
      byte[] t = tail.getBytes(StandardCharsets.ISO_8859_1);
      byte[] request = new byte[head.length + t.length + payload.length];
      System.arraycopy(head, 0, request, 0, head.length);
      System.arraycopy(t, 0, request, head.length, t.length);
      System.arraycopy(payload, 0, request, head.length + t.length, payload.length);
      out.write(request);
      out.flush();
      String status = readLine();
      int code = Integer.parseInt(status.substring(9, 12));
      long length = -1;
      boolean chunked = false;
      boolean close = false;
      String answeredSession = null;
      for (String h = readLine(); !h.isEmpty(); h = readLine()) {
        int colon = h.indexOf(':');
        String name = h.substring(0, colon).trim().toLowerCase(java.util.Locale.ROOT);
        String value = h.substring(colon + 1).trim();
        switch (name) {
          case "content-length" -> length = Long.parseLong(value);
          case "transfer-encoding" -> chunked = value.equalsIgnoreCase("chunked");
          case "connection" -> close = value.equalsIgnoreCase("close");
          case "mcp-session-id" -> answeredSession = value;
          default -> {}
        }
      }
      body.reset();
      if (chunked) {
        for (int size = Integer.parseInt(readLine().trim(), 16);
            size > 0;
            size = Integer.parseInt(readLine().trim(), 16)) {
          copy(size);
          readLine(); // the chunk's CRLF
        }
        while (!readLine().isEmpty()) {} // trailers, then the blank line
      } else if (length >= 0) {
        copy(length);
      } else {
        close = true;
        in.transferTo(body);
      }
      if (close) {
        close();
      }
      return new Answer(code, answeredSession, body.toString(StandardCharsets.UTF_8));
    }

    private void copy(long n) throws IOException {
      byte[] buf = new byte[8192];
      while (n > 0) {
        int r = in.read(buf, 0, (int) Math.min(buf.length, n));
        if (r < 0) {
          throw new IOException("the server closed the connection mid-answer");
        }
        body.write(buf, 0, r);
        n -= r;
      }
    }

    private String readLine() throws IOException {
      line.setLength(0);
      for (int c = in.read(); c != '\n'; c = in.read()) {
        if (c < 0) {
          throw new IOException("the server closed the connection");
        }
        if (c != '\r') {
          line.append((char) c);
        }
      }
      return line.toString();
    }

    @Override
    public void close() throws IOException {
      if (socket != null) {
        socket.close();
        socket = null;
      }
    }
  }
}

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
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
    HttpClient http =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10))
            .build();
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
                try {
                  HttpResponse<String> init =
                      post(
                          http,
                          mcp,
                          token,
                          null,
                          "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"protocolVersion\":\"2025-11-25\",\"capabilities\":{},\"clientInfo\":{\"name\":\"HttpLoad\",\"version\":\"1\"}}}");
                  String session = init.headers().firstValue("Mcp-Session-Id").orElseThrow();
                  post(
                      http,
                      mcp,
                      token,
                      session,
                      "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}");
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
                    HttpResponse<String> r = post(http, mcp, token, session, body);
                    long took = System.nanoTime() - t0;
                    if (r.statusCode() != 200
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

  static HttpResponse<String> post(
      HttpClient http, URI mcp, String token, String session, String body) throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(mcp)
            .timeout(Duration.ofSeconds(60))
            .header("Authorization", "Bearer " + token)
            .header("Content-Type", "application/json")
            .header("Accept", "application/json, text/event-stream")
            .POST(HttpRequest.BodyPublishers.ofString(body));
    if (session != null) {
      b.header("Mcp-Session-Id", session);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }
}

package dev.burnrate.cloud;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * An AWS JSON 1.1 endpoint on 127.0.0.1 that answers each operation (by {@code X-Amz-Target}) from
 * a script of recorded or handwritten responses, and records what it was asked. An operation with
 * nothing left in its script answers HTTP 500 so a test sees the extra request.
 */
final class AwsStub implements AutoCloseable {
  static final ObjectMapper JSON = new ObjectMapper();
  static final String CE = "AWSInsightsIndexService.GetCostAndUsage";
  static final String PRICING = "AWSPriceListService.GetProducts";

  record Reply(int status, String body) {}

  record Seen(String target, JsonNode body) {}

  private final HttpServer server;
  private final Map<String, Deque<Function<JsonNode, Reply>>> scripts = new HashMap<>();
  final List<Seen> seen = Collections.synchronizedList(new ArrayList<>());

  AwsStub() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
        "/",
        exchange -> {
          String target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
          JsonNode body = JSON.readTree(exchange.getRequestBody().readAllBytes());
          seen.add(new Seen(target, body));
          Function<JsonNode, Reply> next;
          synchronized (scripts) {
            Deque<Function<JsonNode, Reply>> q = scripts.get(target);
            next = q == null ? null : q.poll();
          }
          Reply r =
              next == null
                  ? new Reply(
                      500,
                      "{\"__type\":\"InternalFailure\",\"message\":\"stub: nothing scripted for "
                          + target
                          + "\"}")
                  : next.apply(body);
          byte[] bytes = r.body().getBytes(StandardCharsets.UTF_8);
          exchange.getResponseHeaders().add("Content-Type", "application/x-amz-json-1.1");
          exchange.getResponseHeaders().add("x-amzn-RequestId", "stub-" + seen.size());
          exchange.sendResponseHeaders(r.status(), bytes.length);
          try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
          }
        });
    server.start();
  }

  URI endpoint() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  AwsStub then(String target, int status, String body) {
    return then(target, req -> new Reply(status, body));
  }

  AwsStub then(String target, Function<JsonNode, Reply> reply) {
    synchronized (scripts) {
      scripts.computeIfAbsent(target, t -> new ArrayDeque<>()).add(reply);
    }
    return this;
  }

  static String error(String type, String message) {
    return "{\"__type\":\"" + type + "\",\"message\":\"" + message + "\"}";
  }

  List<JsonNode> bodies(String target) {
    synchronized (seen) {
      return seen.stream().filter(s -> target.equals(s.target())).map(Seen::body).toList();
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}

package dev.burnrate.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.burnrate.config.ToolLimits;
import dev.burnrate.cost.Status;
import dev.burnrate.cost.UsageEvent;
import io.modelcontextprotocol.common.McpTransportContext;
import io.modelcontextprotocol.json.schema.JsonSchemaValidator;
import io.modelcontextprotocol.json.schema.JsonSchemaValidator.ValidationResponse;
import io.modelcontextprotocol.server.McpServerFeatures.SyncToolSpecification;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one boundary between MCP and the tools: every {@code tools/call} passes RBAC, the input size
 * limit, the rate limit, input schema validation, the concurrency limit and the timeout, in that
 * order; the result is checked against the output schema and trimmed to {@code max_bytes_out}.
 * Whatever happens, the caller gets a {@link CallToolResult} (never a protocol error or a stack
 * trace) and the audit sink gets one event.
 */
final class ToolGateway implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ToolGateway.class);

  private final ServerSpec spec;
  private final JsonSchemaValidator validator;
  private final Map<String, Registered> tools = new LinkedHashMap<>();
  private final RateLimiter rateLimiter;
  private final ExecutorService executor;

  private record Registered(
      CostTool tool,
      String entitlement,
      ToolLimits limits,
      Semaphore permits,
      Map<String, Object> outputSchema) {}

  private record Outcome(Status status, CallToolResult result, String text) {}

  ToolGateway(ServerSpec spec, JsonSchemaValidator validator) {
    this.spec = spec;
    this.validator = validator;
    this.rateLimiter = new RateLimiter(spec.clock());
    for (CostTool t : spec.tools()) {
      ToolLimits limits = spec.limits().forTool(t.name());
      tools.put(
          t.name(),
          new Registered(
              t,
              Principals.entitlementFor(spec.rbac(), t),
              limits,
              new Semaphore(limits.concurrency(), true),
              withTruncated(t.outputSchema())));
    }
    AtomicInteger n = new AtomicInteger();
    this.executor =
        Executors.newCachedThreadPool(
            r -> {
              Thread th = new Thread(r, "burnrate-tool-" + n.incrementAndGet());
              th.setDaemon(true);
              return th;
            });
  }

  /** Every tool, for registration with the SDK, in registration order. */
  List<SyncToolSpecification> specifications() {
    return specifications(context -> spec.principal());
  }

  /**
   * Every tool, each call running as the principal {@code who} finds in the request's transport
   * context (HTTP: whoever authenticated that request).
   */
  List<SyncToolSpecification> specifications(Function<McpTransportContext, Principal> who) {
    List<SyncToolSpecification> out = new ArrayList<>();
    for (Registered r : tools.values()) {
      out.add(
          SyncToolSpecification.builder()
              .tool(sdkTool(r.tool(), r.outputSchema()))
              .callHandler(
                  (exchange, request) ->
                      call(who.apply(exchange.transportContext()), request.name(), request.arguments()))
              .build());
    }
    return out;
  }

  /** Whether the principal may call the tool, which is what {@code tools/list} shows. */
  boolean visible(String toolName) {
    return visible(spec.principal(), toolName);
  }

  /** Whether {@code p} may call the tool. */
  boolean visible(Principal p, String toolName) {
    Registered r = tools.get(toolName);
    return r != null && p.has(r.entitlement());
  }

  /** The longest any call can take before the gateway answers it. */
  long longestTimeoutMs() {
    return tools.values().stream().mapToLong(r -> r.limits().timeoutMs()).max().orElse(0);
  }

  static McpSchema.Tool sdkTool(CostTool t, Map<String, Object> outputSchema) {
    return McpSchema.Tool.builder(t.name(), t.inputSchema())
        .title(t.title())
        .description(t.description())
        .outputSchema(outputSchema)
        .annotations(
            new McpSchema.ToolAnnotations(
                t.title(), t.readOnly(), t.destructive(), t.idempotent(), false, null))
        .build();
  }

  /** The tool's output schema, plus a top-level {@code truncated} flag when it lacks one. */
  @SuppressWarnings("unchecked")
  static Map<String, Object> withTruncated(Map<String, Object> schema) {
    Map<String, Object> copy = new LinkedHashMap<>(schema);
    Object props = copy.get("properties");
    Map<String, Object> properties =
        props instanceof Map ? new LinkedHashMap<>((Map<String, Object>) props) : new LinkedHashMap<>();
    properties.putIfAbsent(
        "truncated",
        Map.of(
            "type",
            "boolean",
            "description",
            "Present and true when lists were shortened to fit the size limit"));
    copy.put("properties", properties);
    return copy;
  }

  CallToolResult call(String toolName, Map<String, Object> arguments) {
    return call(spec.principal(), toolName, arguments);
  }

  /** One call as {@code p}, whatever principal the server was started for. */
  CallToolResult call(Principal p, String toolName, Map<String, Object> arguments) {
    long startNanos = System.nanoTime();
    Instant ts = spec.clock().instant();
    String reqId = UUID.randomUUID().toString();
    Map<String, Object> args = arguments == null ? Map.of() : arguments;
    String canonical = Json.canonical(args);
    Outcome outcome;
    try {
      outcome = decide(p, toolName, args, canonical, startNanos, reqId);
    } catch (RuntimeException e) {
      LOG.error("request {}: tool '{}' failed in the serving layer", reqId, toolName, e);
      outcome = error(unexpected(toolName, reqId));
    }
    long durationMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos);
    audit(p, ts, reqId, toolName, outcome, durationMs, canonical);
    return outcome.result();
  }

  private Outcome decide(
      Principal p,
      String toolName,
      Map<String, Object> args,
      String canonical,
      long startNanos,
      String reqId) {
    Registered r = tools.get(toolName);
    if (r == null) {
      return failed("unknown tool '" + toolName + "'; call tools/list for the tools you may use");
    }
    if (!p.has(r.entitlement())) {
      return denied(denial(p, toolName, r.entitlement()));
    }
    ToolLimits limits = r.limits();
    if (limits.maxCharsIn() > 0 && canonical.length() > limits.maxCharsIn()) {
      return failed(
          "arguments of '"
              + toolName
              + "' are "
              + canonical.length()
              + " characters, over the limit of "
              + limits.maxCharsIn()
              + " (max_chars_in); send fewer or shorter arguments");
    }
    long waitMs = rateLimiter.tryAcquire(p.name() + '\u0000' + toolName, limits.rateLimitRpm());
    if (waitMs > 0) {
      long seconds = (waitMs + 999) / 1000;
      return denied(
          "rate limit of "
              + limits.rateLimitRpm()
              + " calls per minute (rate_limit_rpm) for '"
              + toolName
              + "' reached; retry in "
              + seconds
              + " s");
    }
    ValidationResponse input = validator.validate(r.tool().inputSchema(), args);
    if (!input.valid()) {
      return failed(
          "arguments of '"
              + toolName
              + "' do not match its input schema: "
              + input.errorMessage()
              + "; fix them and call again");
    }
    return execute(p, r, args, startNanos, reqId);
  }

  private Outcome execute(
      Principal p, Registered r, Map<String, Object> args, long startNanos, String reqId) {
    String name = r.tool().name();
    long timeoutMs = r.limits().timeoutMs();
    long deadline = startNanos + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
    try {
      if (!r.permits().tryAcquire(deadline - System.nanoTime(), TimeUnit.NANOSECONDS)) {
        return error(
            "'"
                + name
                + "' is busy: "
                + r.limits().concurrency()
                + " calls already running (concurrency) and none finished within "
                + timeoutMs
                + " ms; retry shortly");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return error("'" + name + "' was interrupted while waiting to run; retry");
    }
    AtomicBoolean claimed = new AtomicBoolean();
    ToolCall call = new ToolCall(p.name(), args);
    Future<Object> future =
        executor.submit(
            () -> {
              if (claimed.getAndSet(true)) {
                return null;
              }
              try {
                return r.tool().call(call);
              } finally {
                r.permits().release();
              }
            });
    Object value;
    try {
      value = future.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      future.cancel(true);
      if (!claimed.getAndSet(true)) {
        r.permits().release();
      }
      return error(
          "'"
              + name
              + "' did not finish within "
              + timeoutMs
              + " ms (timeout_ms); narrow the request or retry later");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      future.cancel(true);
      return error("'" + name + "' was interrupted; retry");
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof ToolInputException) {
        return failed(cause.getMessage());
      }
      LOG.error("request {}: tool '{}' failed", reqId, name, cause);
      return error(unexpected(name, reqId));
    }
    return render(r, value, reqId);
  }

  private Outcome render(Registered r, Object value, String reqId) {
    String name = r.tool().name();
    JsonNode tree = value == null ? null : Json.tree(value);
    if (tree == null || !tree.isObject()) {
      LOG.error(
          "request {}: tool '{}' returned {}, not a JSON object",
          reqId,
          name,
          tree == null ? "null" : tree.getNodeType());
      return error(unexpected(name, reqId));
    }
    ValidationResponse check = validator.validate(r.outputSchema(), Json.toMap(tree));
    if (!check.valid()) {
      LOG.error(
          "request {}: result of '{}' does not match its output schema: {}",
          reqId,
          name,
          check.errorMessage());
      return error(unexpected(name, reqId));
    }
    long max = r.limits().maxBytesOut();
    Optional<ObjectNode> fitted = OutputTrimmer.fit((ObjectNode) tree, max);
    if (fitted.isEmpty()) {
      return error(
          "the result of '"
              + name
              + "' does not fit in "
              + max
              + " bytes (max_bytes_out) even with its lists emptied; narrow the request");
    }
    ObjectNode out = fitted.get();
    String text = Json.write(out);
    CallToolResult result =
        CallToolResult.builder()
            .structuredContent(Json.toMap(out))
            .addTextContent(text)
            .isError(false)
            .build();
    return new Outcome(Status.PASS, result, text);
  }

  private void audit(
      Principal p, Instant ts, String reqId, String tool, Outcome o, long durationMs, String canonical) {
    UsageEvent event =
        new UsageEvent(
            ts.getEpochSecond() * 1_000_000L + ts.getNano() / 1_000,
            reqId,
            spec.workspaceId(),
            spec.userId(),
            p.name(),
            tool,
            "call",
            o.status(),
            durationMs,
            canonical.length(),
            o.text().getBytes(StandardCharsets.UTF_8).length,
            Json.sha256Hex(canonical),
            null,
            null,
            null,
            null,
            -1,
            -1,
            -1,
            -1,
            null,
            Double.NaN,
            null,
            null);
    try {
      spec.audit().record(event);
    } catch (RuntimeException e) {
      LOG.error("request {}: the audit sink failed; the call was answered anyway", reqId, e);
    }
  }

  private static String denial(Principal p, String tool, String entitlement) {
    return "principal '"
        + p.name()
        + "' (roles: "
        + (p.roles().isEmpty() ? "none" : String.join(", ", p.roles()))
        + ") lacks entitlement '"
        + entitlement
        + "' required by '"
        + tool
        + "'; grant it to one of these roles in rbac.yml or run as a principal that has it";
  }

  private static String unexpected(String tool, String reqId) {
    return "'"
        + tool
        + "' failed unexpectedly; the cause is in the server log under request "
        + reqId
        + ". Retry later or report it";
  }

  private static CallToolResult errorResult(String message) {
    return CallToolResult.builder().addTextContent(message).isError(true).build();
  }

  private static Outcome denied(String message) {
    return new Outcome(Status.DENIED, errorResult(message), message);
  }

  private static Outcome failed(String message) {
    return new Outcome(Status.FAILED, errorResult(message), message);
  }

  private static Outcome error(String message) {
    return new Outcome(Status.ERROR, errorResult(message), message);
  }

  @Override
  public void close() {
    executor.shutdownNow();
  }
}

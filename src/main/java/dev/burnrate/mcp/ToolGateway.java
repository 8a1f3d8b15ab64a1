package dev.burnrate.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.burnrate.config.ToolLimits;
import dev.burnrate.usage.Status;
import dev.burnrate.usage.UsageEvent;
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
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one boundary between MCP and the tools: every {@code tools/call} passes the rate limit, RBAC,
 * the input size limit, input schema validation, the concurrency limit and the timeout, in that
 * order; the result is checked against the output schema and trimmed to {@code max_bytes_out}.
 * Whatever happens, the caller gets a {@link CallToolResult} (never a protocol error or a stack
 * trace) and the audit sink gets one event. Calls the SDK never sees (an unknown tool, malformed
 * params) are reported by the stdio guard through {@link #refused}, and are rate-limited and
 * audited the same way. (It runs longer than most files because those steps are one ordered
 * sequence that reads best in one place; flood bookkeeping lives in {@link Floods}.)
 *
 * <p>The rate limit comes first so that nothing a caller sends, denied or not, escapes it: the key
 * is principal and tool for registered tools, and one bucket per principal (at the default limit)
 * for every unknown name, so inventing names does not buy fresh budget. A flood is answered call by
 * call but not audited call by call: within one rate-limit window per key the first rejection is
 * audited as {@code denied}, the rest are only counted, and the count is written as one {@code
 * denied} event with action {@code rate_limited:<count>} when the window ends (checked every few
 * seconds, at the key's next admitted call, and at close). So a flood costs at most about two audit
 * events per key per minute.
 */
final class ToolGateway implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ToolGateway.class);

  private final ServerSpec spec;
  private final JsonSchemaValidator validator;
  private final Map<String, Registered> tools = new LinkedHashMap<>();
  private final RateLimiter rateLimiter;
  private final ExecutorService executor;
  private final ScheduledExecutorService floodTimer;

  /** Open windows of rate-limited calls, by rate-limit key. */
  private final Floods floods;

  /** Longest tool name written to the audit log, and how much of an unknown name is kept. */
  static final int MAX_AUDIT_TOOL_CHARS = 128;

  static final int MAX_UNKNOWN_NAME_CHARS = 64;

  static final String UNKNOWN_PREFIX = "unknown:";

  private static final String UNKNOWN_BUCKET = "\u0000(unknown tool)";

  private record Registered(
      CostTool tool,
      String entitlement,
      ToolLimits limits,
      Semaphore permits,
      Map<String, Object> outputSchema) {}

  private record Outcome(Status status, CallToolResult result, String text, boolean rateLimited) {
    Outcome(Status status, CallToolResult result, String text) {
      this(status, result, text, false);
    }
  }

  ToolGateway(ServerSpec spec, JsonSchemaValidator validator) {
    this.spec = spec;
    this.validator = validator;
    this.rateLimiter = new RateLimiter(spec.clock());
    this.floods = new Floods(spec.clock(), this::writeSummary);
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
    this.floodTimer =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread th = new Thread(r, "burnrate-audit-floods");
              th.setDaemon(true);
              return th;
            });
    floodTimer.scheduleWithFixedDelay(this::flushEndedFloods, 5, 5, TimeUnit.SECONDS);
  }

  /** Whether a tool of this name is registered (visible or not). */
  boolean knows(String toolName) {
    return tools.containsKey(toolName);
  }

  /**
   * The tool field of an audit event: a registered name as it is, anything else as {@code unknown:}
   * plus at most {@value #MAX_UNKNOWN_NAME_CHARS} characters of it, each outside {@code
   * [A-Za-z0-9._-]} replaced by {@code _}, so a caller cannot write megabytes or control characters
   * into the log through a name.
   */
  String auditTool(String toolName) {
    if (toolName != null && tools.containsKey(toolName)) {
      return toolName.length() <= MAX_AUDIT_TOOL_CHARS
          ? toolName
          : toolName.substring(0, MAX_AUDIT_TOOL_CHARS);
    }
    if (toolName == null) {
      return UNKNOWN_PREFIX;
    }
    StringBuilder safe = new StringBuilder(UNKNOWN_PREFIX);
    int end = Math.min(toolName.length(), MAX_UNKNOWN_NAME_CHARS);
    for (int i = 0; i < end; i++) {
      char c = toolName.charAt(i);
      boolean ok =
          (c >= 'a' && c <= 'z')
              || (c >= 'A' && c <= 'Z')
              || (c >= '0' && c <= '9')
              || c == '.'
              || c == '_'
              || c == '-';
      safe.append(ok ? c : '_');
    }
    return safe.toString();
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
                      call(
                          who.apply(exchange.transportContext()),
                          request.name(),
                          request.arguments()))
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
            // No title here: the tool's own title says it once.
            new McpSchema.ToolAnnotations(
                null, t.readOnly(), t.destructive(), t.idempotent(), false, null))
        .build();
  }

  /** The tool's output schema, plus a top-level {@code truncated} flag when it lacks one. */
  @SuppressWarnings("unchecked")
  static Map<String, Object> withTruncated(Map<String, Object> schema) {
    Map<String, Object> copy = new LinkedHashMap<>(schema);
    Object props = copy.get("properties");
    Map<String, Object> properties =
        props instanceof Map
            ? new LinkedHashMap<>((Map<String, Object>) props)
            : new LinkedHashMap<>();
    // An ordered map, so the manifest written from it is the same on every run.
    Map<String, Object> truncated = new LinkedHashMap<>();
    truncated.put("type", "boolean");
    properties.putIfAbsent("truncated", truncated);
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
      LOG.error("request {}: tool '{}' failed in the serving layer", reqId, auditTool(toolName), e);
      outcome = error(unexpected(auditTool(toolName), reqId));
    }
    long durationMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos);
    if (floods.shouldAudit(
        p.name(), limitKey(p, toolName), auditTool(toolName), outcome.rateLimited())) {
      audit(p.name(), ts, reqId, auditTool(toolName), "call", outcome, durationMs, canonical);
    }
    return outcome.result();
  }

  /**
   * Rate-limits and audits a {@code tools/call} answered before it reaches the SDK: {@code
   * toolName} (null when the params name none) is unknown, or the params are malformed. {@code
   * status} is how it is audited ({@code denied} for an unknown tool, {@code failed} for malformed
   * params); {@code paramsJson} gives the event's size and hash, never its content.
   */
  void refused(String toolName, Status status, String paramsJson, String message) {
    Instant ts = spec.clock().instant();
    String reqId = UUID.randomUUID().toString();
    Principal p = spec.principal();
    String key = limitKey(p, toolName);
    boolean limited = rateLimiter.tryAcquire(key, limitFor(toolName)) > 0;
    Outcome o = limited ? denied(message) : new Outcome(status, errorResult(message), message);
    if (floods.shouldAudit(p.name(), key, auditTool(toolName), limited)) {
      audit(
          p.name(),
          ts,
          reqId,
          auditTool(toolName),
          "call",
          o,
          0,
          paramsJson == null ? "" : paramsJson);
    }
  }

  private String limitKey(Principal p, String toolName) {
    String who = p.name();
    return toolName != null && tools.containsKey(toolName)
        ? who + '\u0000' + toolName
        : who + UNKNOWN_BUCKET;
  }

  private int limitFor(String toolName) {
    Registered r = toolName == null ? null : tools.get(toolName);
    return r != null ? r.limits().rateLimitRpm() : spec.limits().defaults().rateLimitRpm();
  }

  /**
   * Writes the count of every flood window that has ended; the timer calls it every few seconds.
   */
  void flushEndedFloods() {
    floods.flushEnded();
  }

  private void writeSummary(Floods.Flood f) {
    String text = f.suppressed + " more calls refused by the rate limit";
    try {
      audit(
          f.principal,
          spec.clock().instant(),
          UUID.randomUUID().toString(),
          f.auditTool,
          "rate_limited:" + f.suppressed,
          new Outcome(Status.DENIED, null, text, true),
          0,
          "");
    } catch (RuntimeException e) {
      LOG.error("could not audit a rate-limit summary for '{}'", f.auditTool, e);
    }
  }

  private Outcome decide(
      Principal p,
      String toolName,
      Map<String, Object> args,
      String canonical,
      long startNanos,
      String reqId) {
    Registered r = tools.get(toolName);
    int rpm = limitFor(toolName);
    long waitMs = rateLimiter.tryAcquire(limitKey(p, toolName), rpm);
    if (waitMs > 0) {
      long seconds = (waitMs + 999) / 1000;
      String what = r == null ? "unknown tools" : "'" + toolName + "'";
      String message =
          "rate limit of "
              + rpm
              + " calls per minute (rate_limit_rpm) for "
              + what
              + " reached; retry in "
              + seconds
              + " s";
      return new Outcome(Status.DENIED, errorResult(message), message, true);
    }
    if (r == null) {
      return denied(
          "unknown tool '" + auditTool(toolName) + "'; call tools/list for the tools you may use");
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
      if (cause instanceof java.io.UncheckedIOException io) {
        // A store or disk we do not control: the tool's own message says what to retry; the
        // cause goes to the log only.
        LOG.warn(
            "request {}: tool '{}' could not reach its store: {}",
            reqId,
            name,
            io.getCause().toString());
        return error("'" + name + "' " + io.getMessage());
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
      String principal,
      Instant ts,
      String reqId,
      String tool,
      String action,
      Outcome o,
      long durationMs,
      String canonical) {
    UsageEvent event =
        new UsageEvent(
            ts.getEpochSecond() * 1_000_000L + ts.getNano() / 1_000,
            reqId,
            spec.workspaceId(),
            spec.userId(),
            principal,
            tool,
            action,
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
    floodTimer.shutdownNow();
    floods.closeAll();
    executor.shutdownNow();
  }
}

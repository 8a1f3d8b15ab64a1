package dev.burnrate.mcp;

import static dev.burnrate.mcp.Outcome.denied;
import static dev.burnrate.mcp.Outcome.error;
import static dev.burnrate.mcp.Outcome.errorResult;
import static dev.burnrate.mcp.Outcome.failed;
import static dev.burnrate.mcp.Outcome.unexpected;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.burnrate.config.ToolLimits;
import dev.burnrate.usage.Status;
import dev.burnrate.usage.UsageEvent;
import io.modelcontextprotocol.common.McpTransportContext;
import io.modelcontextprotocol.json.schema.JsonSchemaValidator.ValidationResponse;
import io.modelcontextprotocol.server.McpServerFeatures.AsyncToolSpecification;
import io.modelcontextprotocol.server.McpServerFeatures.SyncToolSpecification;
import io.modelcontextprotocol.server.McpSyncServerExchange;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

/**
 * The one boundary between MCP and the tools: every {@code tools/call} passes the rate limit, RBAC,
 * the input size limit, input schema validation, the concurrency limit and the timeout, in that
 * order; the result is checked against the output schema and trimmed to {@code max_bytes_out}.
 * Whatever happens, the caller gets a {@link CallToolResult} (never a protocol error or a stack
 * trace) and the audit sink gets one event. Calls the SDK never sees (an unknown tool, malformed
 * params) are reported by the stdio guard through {@link #refused}, and are rate-limited and
 * audited the same way. (It runs longer than most files because those steps are one ordered
 * sequence that reads best in one place; flood bookkeeping lives in {@link Floods}, running a tool
 * within its limits in {@link ToolRunner}.)
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
  private final LazySchemaValidator validator;
  private final Map<String, Registered> tools = new LinkedHashMap<>();
  private final RateLimiter rateLimiter;
  private final ToolRunner runner = new ToolRunner();
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
      Map<String, Object> inputSchema,
      Map<String, Object> outputSchema) {}

  /** Calls the client may cancel, by the key the edge gave them. */
  private final InFlight inFlight = new InFlight();

  /** Sends progress for calls that asked for it and run longer than {@code progressAfter}. */
  private final ScheduledExecutorService progressTimer;

  ToolGateway(ServerSpec spec, LazySchemaValidator validator) {
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
              // Built once: the validator compiles a schema once per map it is handed, and a
              // tool builds a new map each time it is asked.
              t.inputSchema(),
              withEnvelope(t.outputSchema())));
    }
    this.floodTimer =
        Executors.newSingleThreadScheduledExecutor(
            dev.burnrate.usage.DaemonThreads.named("burnrate-audit-floods"));
    floodTimer.scheduleWithFixedDelay(this::flushEndedFloods, 5, 5, TimeUnit.SECONDS);
    this.progressTimer =
        Executors.newSingleThreadScheduledExecutor(
            dev.burnrate.usage.DaemonThreads.named("burnrate-progress"));
  }

  /** The calls in flight, for the edge that reads the client's cancellations. */
  InFlight inFlight() {
    return inFlight;
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

  /**
   * Every tool, for registration with the stdio server, in registration order: each call runs as
   * the session's principal.
   */
  List<SyncToolSpecification> specifications() {
    List<SyncToolSpecification> out = new ArrayList<>();
    for (Registered r : tools.values()) {
      out.add(
          SyncToolSpecification.builder()
              .tool(listed(r))
              .callHandler(
                  // A cancelled call answers null: the SDK then sends no response at all.
                  (exchange, request) ->
                      call(
                          spec.principal(),
                          request.name(),
                          request.arguments(),
                          scope(exchange, request)))
              .build());
    }
    return out;
  }

  /** A registered tool as {@code tools/list} shows it. */
  private static McpSchema.Tool listed(Registered r) {
    return sdkTool(r.tool(), Listing.output(r.outputSchema()));
  }

  private CallScope scope(McpSyncServerExchange exchange, McpSchema.CallToolRequest request) {
    return new CallScope(
        exchange, request.progressToken(), request.meta(), inFlight.find(request.meta()));
  }

  /**
   * Every tool for a transport whose request thread waits for the answer (HTTP): each call runs on
   * that thread ({@link #callHere}) as the principal {@code who} finds in its transport context.
   */
  List<AsyncToolSpecification> specificationsHere(Function<McpTransportContext, Principal> who) {
    List<AsyncToolSpecification> out = new ArrayList<>();
    for (Registered r : tools.values()) {
      out.add(
          AsyncToolSpecification.builder()
              .tool(listed(r))
              .callHandler(
                  (exchange, request) ->
                      Mono.<CallToolResult>create(
                          sink ->
                              callHere(
                                  who.apply(exchange.transportContext()),
                                  request.name(),
                                  request.arguments(),
                                  scope(new McpSyncServerExchange(exchange), request),
                                  // A cancelled call completes empty: nothing is sent.
                                  result -> {
                                    if (result == null) {
                                      sink.success();
                                    } else {
                                      sink.success(result);
                                    }
                                  })))
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
    // No title, here or in the annotations: clients show the name when there is none, and the
    // names say what the titles did, in an agent's context a second time (the manifest has them).
    // Hints left out are the spec's defaults: not read-only, not idempotent.
    return McpSchema.Tool.builder(t.name(), Listing.input(t.inputSchema()))
        .description(t.description())
        .outputSchema(outputSchema)
        .annotations(
            new McpSchema.ToolAnnotations(
                null,
                t.readOnly() ? Boolean.TRUE : null,
                unlessReadOnly(t, t.destructive()),
                t.idempotent() ? unlessReadOnly(t, true) : null,
                false,
                null))
        .build();
  }

  /**
   * A write hint, left out of a read-only tool's annotations: the MCP spec gives destructiveHint
   * and idempotentHint meaning only when readOnlyHint is false, and every listed word costs an
   * agent's context.
   */
  static Boolean unlessReadOnly(CostTool t, boolean hint) {
    return t.readOnly() ? null : hint;
  }

  /**
   * The tool's output schema with what the gateway adds to every answer: the server's {@code now}
   * and, when the tool lacks one, a top-level {@code truncated} flag.
   */
  @SuppressWarnings("unchecked")
  static Map<String, Object> withEnvelope(Map<String, Object> schema) {
    Map<String, Object> copy = new LinkedHashMap<>(schema);
    Object props = copy.get("properties");
    Map<String, Object> properties =
        props instanceof Map
            ? new LinkedHashMap<>((Map<String, Object>) props)
            : new LinkedHashMap<>();
    // Ordered maps, so the manifest written from them is the same on every run.
    Map<String, Object> truncated = new LinkedHashMap<>();
    truncated.put("type", "boolean");
    properties.putIfAbsent("truncated", truncated);
    Map<String, Object> now = new LinkedHashMap<>();
    now.put("type", "string");
    // What now means is said once, in the server's instructions, not in every tool's schema.
    properties.putIfAbsent(NOW, now);
    Map<String, Object> stale = new LinkedHashMap<>();
    stale.put("type", "string");
    properties.putIfAbsent(STALE_SINCE, stale);
    copy.put("properties", properties);
    List<String> required = new ArrayList<>();
    if (copy.get("required") instanceof List<?> r) {
      r.forEach(x -> required.add(String.valueOf(x)));
    }
    if (!required.contains(NOW)) {
      required.add(NOW);
    }
    copy.put("required", required);
    return copy;
  }

  /**
   * A random (version 4) UUID naming one call in the audit log and the server log. Drawn from the
   * thread's own generator: an id must be unique, not unguessable, and {@link UUID#randomUUID()}
   * shares one locked SecureRandom among all concurrent calls.
   */
  static String requestId() {
    java.util.concurrent.ThreadLocalRandom r = java.util.concurrent.ThreadLocalRandom.current();
    long msb = (r.nextLong() & ~0xF000L) | 0x4000L;
    long lsb = (r.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
    return new UUID(msb, lsb).toString();
  }

  /** The property every answer carries: when the server answered, by its clock. */
  static final String NOW = "now";

  /** Set, beside now, while the shared store cannot be read: when answers were last fresh. */
  static final String STALE_SINCE = "stale_since";

  CallToolResult call(String toolName, Map<String, Object> arguments) {
    return call(spec.principal(), toolName, arguments);
  }

  /** One call as {@code p}, whatever principal the server was started for. */
  CallToolResult call(Principal p, String toolName, Map<String, Object> arguments) {
    return call(p, toolName, arguments, CallScope.NONE);
  }

  /**
   * One call as {@code p}, telling its client about progress and outcome through {@code scope};
   * null when the client cancelled it (it is audited, and must not be answered).
   */
  CallToolResult call(
      Principal p, String toolName, Map<String, Object> arguments, CallScope scope) {
    long startNanos = System.nanoTime();
    Instant ts = spec.clock().instant();
    String reqId = requestId();
    Map<String, Object> args = arguments == null ? Map.of() : arguments;
    String canonical = Json.canonical(args);
    Outcome outcome;
    try {
      outcome = decide(p, toolName, args, canonical, startNanos, reqId, ts, scope, null);
    } catch (RuntimeException e) {
      LOG.error("request {}: tool '{}' failed in the serving layer", reqId, auditTool(toolName), e);
      outcome = error(unexpected(auditTool(toolName), reqId));
    }
    return finish(p, toolName, ts, reqId, canonical, startNanos, scope, outcome);
  }

  /**
   * As {@link #call(Principal, String, Map, CallScope)}, but the tool runs on this thread, for
   * transports whose request thread waits for the answer anyway (HTTP): handing it to the executor
   * and waiting cost two thread wake-ups per call. {@code answer} gets the result exactly once,
   * null when cancelled: on this thread when the tool returns in time, else on another at the
   * timeout or the cancellation, as promptly as before; the tool then runs on here, interrupted,
   * until it stops, and holds its concurrency permit until then, as it did on the executor.
   */
  void callHere(
      Principal p,
      String toolName,
      Map<String, Object> arguments,
      CallScope scope,
      Consumer<CallToolResult> answer) {
    long startNanos = System.nanoTime();
    Instant ts = spec.clock().instant();
    String reqId = requestId();
    Map<String, Object> args = arguments == null ? Map.of() : arguments;
    String canonical = Json.canonical(args);
    Delivery delivery =
        new Delivery(
            o -> answer.accept(finish(p, toolName, ts, reqId, canonical, startNanos, scope, o)));
    Outcome outcome;
    try {
      outcome = decide(p, toolName, args, canonical, startNanos, reqId, ts, scope, delivery);
    } catch (RuntimeException e) {
      LOG.error("request {}: tool '{}' failed in the serving layer", reqId, auditTool(toolName), e);
      outcome = error(unexpected(auditTool(toolName), reqId));
    }
    if (outcome != null) {
      delivery.deliver(outcome);
    }
  }

  /** Answers a call run here once, whoever comes first; stops its progress reports then. */
  private static final class Delivery {
    private final Consumer<Outcome> finish;
    private final AtomicBoolean done = new AtomicBoolean();
    private volatile ScheduledFuture<?> ticker;

    Delivery(Consumer<Outcome> finish) {
      this.finish = finish;
    }

    void deliver(Outcome o) {
      if (done.compareAndSet(false, true)) {
        ScheduledFuture<?> t = ticker;
        if (t != null) {
          t.cancel(false);
        }
        finish.accept(o);
      }
    }
  }

  /** Audits a decided call, tells its client, forgets it; its result (null when cancelled). */
  private CallToolResult finish(
      Principal p,
      String toolName,
      Instant ts,
      String reqId,
      String canonical,
      long startNanos,
      CallScope scope,
      Outcome outcome) {
    long durationMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos);
    if (floods.shouldAudit(
        p.name(), limitKey(p, toolName), auditTool(toolName), outcome.rateLimited())) {
      audit(
          p.name(),
          ts,
          reqId,
          auditTool(toolName),
          outcome.cancelled() ? "cancelled" : "call",
          outcome,
          durationMs,
          canonical);
    }
    if (outcome.cancelled()) {
      scope.log(McpSchema.LoggingLevel.INFO, outcome.text());
    } else {
      scope.outcome(outcome.status(), auditTool(toolName), outcome.text(), durationMs);
    }
    if (scope.call() != null) {
      inFlight.close(scope.meta(), scope.call());
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
    String reqId = requestId();
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
          requestId(),
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
      String reqId,
      Instant arrived,
      CallScope scope,
      Delivery here) {
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
    ValidationResponse input =
        validator.check(r.inputSchema(), Json.MAPPER.<JsonNode>valueToTree(args));
    if (!input.valid()) {
      return failed(
          "arguments of '"
              + toolName
              + "' do not match its input schema: "
              + SchemaErrors.describe(input.errorMessage(), args, r.inputSchema())
              + "; fix them and call again");
    }
    ScheduledFuture<?> ticker =
        scope.reportProgress(
            progressTimer, spec.progressAfter(), toolName, spec.dataReady(), startNanos);
    if (here != null) {
      here.ticker = ticker;
      ToolRunner.Ran ran =
          runner.here(
              r.tool(),
              r.limits(),
              r.permits(),
              new ToolCall(p.name(), args),
              startNanos,
              reqId,
              scope.call(),
              here::deliver);
      return ran == null ? null : rendered(r, ran, reqId, arrived);
    }
    try {
      return rendered(
          r,
          runner.onExecutor(
              r.tool(),
              r.limits(),
              r.permits(),
              new ToolCall(p.name(), args),
              startNanos,
              reqId,
              scope.call()),
          reqId,
          arrived);
    } finally {
      if (ticker != null) {
        ticker.cancel(false);
      }
    }
  }

  private Outcome rendered(Registered r, ToolRunner.Ran ran, String reqId, Instant arrived) {
    return ran.outcome() != null ? ran.outcome() : render(r, ran.value(), reqId, arrived);
  }

  private Outcome render(Registered r, Object value, String reqId, Instant arrived) {
    String name = r.tool().name();
    // A tree is the tool's own answer, built for this call: the gateway takes it as it is rather
    // than copying it through a serialiser (see CostTool#call).
    JsonNode tree = value instanceof JsonNode node ? node : value == null ? null : Json.tree(value);
    if (tree == null || !tree.isObject()) {
      LOG.error(
          "request {}: tool '{}' returned {}, not a JSON object",
          reqId,
          name,
          tree == null ? "null" : tree.getNodeType());
      return error(unexpected(name, reqId));
    }
    ((ObjectNode) tree).put(NOW, arrived.toString());
    spec.staleSince().get().ifPresent(t -> ((ObjectNode) tree).put(STALE_SINCE, t.toString()));
    long max = r.limits().maxBytesOut();
    // Written once: the text that is sent is also what max_bytes_out measures, unless trimmed.
    ObjectNode out = (ObjectNode) tree;
    String text = Json.write(out);
    if (max > 0 && Json.utf8Length(text) > max) {
      Optional<ObjectNode> fitted = OutputTrimmer.fit(out, max);
      if (fitted.isEmpty()) {
        return error(
            "the result of '"
                + name
                + "' does not fit in "
                + max
                + " bytes (max_bytes_out) even with its lists emptied; narrow the request");
      }
      out = fitted.get();
      text = Json.write(out);
    }
    // What is sent is what is checked: the answer after any trimming to max_bytes_out.
    ValidationResponse check = validator.check(r.outputSchema(), out);
    if (!check.valid()) {
      LOG.error(
          "request {}: result of '{}' does not match its output schema: {}",
          reqId,
          name,
          check.errorMessage());
      return error(unexpected(name, reqId));
    }
    StructuredContent structured = new StructuredContent(out);
    validator.checked(structured);
    CallToolResult result =
        CallToolResult.builder()
            .structuredContent(structured)
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
            Json.utf8Length(o.text()),
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

  @Override
  public void close() {
    floodTimer.shutdownNow();
    progressTimer.shutdownNow();
    floods.closeAll();
    runner.close();
  }
}

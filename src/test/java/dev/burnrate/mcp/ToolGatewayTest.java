package dev.burnrate.mcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.burnrate.config.Limits;
import dev.burnrate.config.Rbac;
import dev.burnrate.config.ToolLimits;
import dev.burnrate.usage.Status;
import dev.burnrate.usage.UsageEvent;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import io.modelcontextprotocol.spec.McpSchema.TextContent;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ToolGatewayTest {
  private static final Instant T0 = Instant.parse("2026-02-23T12:00:00Z");

  private final MutableClock clock = new MutableClock(T0);
  private final List<UsageEvent> events = Collections.synchronizedList(new ArrayList<>());
  private final List<ToolGateway> opened = new ArrayList<>();

  @AfterEach
  void close() {
    opened.forEach(ToolGateway::close);
  }

  private ToolGateway gateway(
      String principal, Limits limits, List<CostTool> tools, AuditSink sink) {
    return gateway(ToyTools.rbac(), principal, limits, tools, sink);
  }

  private ToolGateway gateway(
      Rbac rbac, String principal, Limits limits, List<CostTool> tools, AuditSink sink) {
    ServerSpec spec =
        ServerSpec.builder("t", "1")
            .tools(tools)
            .rbac(rbac, Principals.resolve(rbac, principal, null))
            .limits(limits)
            .audit(sink)
            .clock(clock)
            .build();
    ToolGateway g = new ToolGateway(spec, new LazySchemaValidator());
    opened.add(g);
    return g;
  }

  private ToolGateway gateway(String principal) {
    return gateway(principal, ToyTools.limits(), ToyTools.all(), events::add);
  }

  private static String text(CallToolResult r) {
    return ((TextContent) r.content().get(0)).text();
  }

  private UsageEvent onlyEvent() {
    assertEquals(1, events.size(), "one audit event per call");
    return events.get(0);
  }

  @Test
  void aPassingCallReturnsStructuredContentAndItsTextCopy() throws Exception {
    CallToolResult r = gateway("oncall").call("echo", Map.of("text", "hi", "repeat", 2));
    assertFalse(r.isError());
    assertEquals(
        Map.of("text", "hi", "items", List.of("hi", "hi"), "now", "2026-02-23T12:00:00Z"),
        r.structuredContent());
    assertEquals(r.structuredContent(), Json.MAPPER.readValue(text(r), Map.class));
  }

  @Test
  void everyAnswerCarriesTheServersNowAndTheSchemaSaysSo() {
    // An agent could not tell which "now" a default or relative range was counted from.
    clock.advance(java.time.Duration.ofHours(5 * 24 + 12));
    CallToolResult r = gateway("oncall").call("echo", Map.of("text", "hi"));
    assertEquals("2026-03-01T00:00:00Z", ((Map<?, ?>) r.structuredContent()).get("now"));
    Map<String, Object> schema = ToolGateway.withEnvelope(new ToyTools.Echo().outputSchema());
    assertTrue(((Map<?, ?>) schema.get("properties")).containsKey("now"), schema.toString());
    assertTrue(((List<?>) schema.get("required")).contains("now"), schema.toString());
  }

  @Test
  void everyCallIsAuditedWithHashesAndSizesButNoPayload() {
    gateway("oncall").call("echo", Map.of("text", "hi", "repeat", 2));
    UsageEvent e = onlyEvent();
    String canonical = "{\"repeat\":2,\"text\":\"hi\"}";
    assertEquals(Status.PASS, e.status());
    assertEquals("oncall", e.agentId());
    assertEquals("echo", e.tool());
    assertEquals("call", e.action());
    assertEquals("mcp", e.userId());
    assertEquals("local", e.workspaceId());
    assertEquals(T0.getEpochSecond() * 1_000_000L, e.tsMicros());
    assertEquals(canonical.length(), e.inSize());
    assertEquals(Json.sha256Hex(canonical), e.inputHash());
    assertEquals(
        "{\"items\":[\"hi\",\"hi\"],\"text\":\"hi\",\"now\":\"2026-02-23T12:00:00Z\"}".length(),
        e.outSize());
    assertEquals(36, e.reqId().length());
  }

  @Test
  void eachCallGetsAFreshRequestId() {
    ToolGateway g = gateway("oncall");
    g.call("echo", Map.of("text", "a"));
    g.call("echo", Map.of("text", "a"));
    assertNotEquals(events.get(0).reqId(), events.get(1).reqId());
  }

  @Test
  void theToolListShowsOnlyWhatThePrincipalMayCall() {
    ToolGateway g = gateway("oncall");
    assertTrue(g.visible("echo"));
    assertFalse(g.visible("freeze_all"));
    assertFalse(gateway("media").visible("echo"));
  }

  // tools.cost.admin is documented as granting everything, but a principal holding only it saw no
  // tool in tools/list and was denied every call.
  @Test
  void anAdminPrincipalSeesAndMayCallEveryTool() {
    Rbac base = ToyTools.rbac();
    Rbac rbac =
        new Rbac(
            base.toolEntitlements(),
            Map.of("agent_admin", Set.of(ToyTools.ADMIN)),
            Map.of("root", Set.of("agent_admin")),
            Optional.empty());
    ToolGateway g = gateway(rbac, "root", ToyTools.limits(), ToyTools.all(), events::add);
    for (CostTool t : ToyTools.all()) {
      assertTrue(g.visible(t.name()), t.name());
    }
    assertFalse(g.call("echo", Map.of("text", "hi")).isError());
    assertFalse(g.call("freeze_all", Map.of()).isError());
    assertTrue(events.stream().allMatch(e -> e.status() == Status.PASS), events.toString());
  }

  @Test
  void aDeniedCallNamesTheEntitlementAndTheRolesAndIsAudited() {
    CallToolResult r = gateway("media").call("echo", Map.of("text", "hi"));
    assertTrue(r.isError());
    assertEquals(
        "principal 'media' (roles: agent_media) lacks entitlement 'tools.cost.read' required by"
            + " 'echo'; grant it to one of these roles in rbac.yml or run as a principal that has"
            + " it",
        text(r));
    assertEquals(Status.DENIED, onlyEvent().status());
  }

  @Test
  void badInputFromTheToolIsAFailedCall() {
    CallToolResult r = gateway("oncall").call("echo", Map.of("text", "  "));
    assertTrue(r.isError());
    assertEquals("argument 'text' is empty; pass a non-empty string", text(r));
    assertEquals(Status.FAILED, onlyEvent().status());
  }

  @Test
  void argumentsThatBreakTheInputSchemaAreAFailedCall() {
    CallToolResult r = gateway("oncall").call("echo", Map.of("text", "hi", "colour", "red"));
    assertTrue(r.isError());
    assertTrue(text(r).startsWith("arguments of 'echo' do not match its input schema: "), text(r));
    assertTrue(text(r).contains("colour"), text(r));
    assertEquals(Status.FAILED, onlyEvent().status());
  }

  @Test
  void aSchemaErrorNamesTheArgumentAndRepeatsTheBadValue() {
    // Schema errors said "/repeat: must have a maximum value of 10000" and never what was sent.
    CallToolResult r = gateway("oncall").call("echo", Map.of("text", "hi", "repeat", 20_000));
    assertEquals(
        "arguments of 'echo' do not match its input schema: argument 'repeat' is 20000: must have a"
            + " maximum value of 10000; fix them and call again",
        text(r));
  }

  @Test
  void aSchemaErrorShowsAHostileValueCutAndEscaped() {
    CallToolResult r =
        gateway("oncall").call("echo", Map.of("text", "hi", "colour\u001b[2J", "x".repeat(150)));
    assertTrue(
        text(r)
            .startsWith(
                "arguments of 'echo' do not match its input schema: argument 'colour\\u001b[2J'"
                    + " (sent as '"
                    + "x".repeat(60)
                    + "...') is not one this tool takes; valid: "),
        text(r));
    assertTrue(text(r).length() < 300, text(r));
    assertFalse(text(r).contains("\u001b"), "no raw control character");
  }

  @Test
  void anUnexpectedExceptionIsAnErrorWithoutItsMessageOrStackTrace() {
    CallToolResult r = gateway("oncall").call("boom", Map.of());
    assertTrue(r.isError());
    assertFalse(text(r).contains(ToyTools.Boom.SECRET), text(r));
    assertFalse(text(r).contains("IllegalStateException"), text(r));
    assertTrue(text(r).contains(onlyEvent().reqId()), "names the request to find in the log");
    assertEquals(Status.ERROR, onlyEvent().status());
  }

  // Each call asked the tool for its input schema, a new map every time, and the validator (which
  // keeps compiled schemas by map) compiled it again: most of a call's CPU over HTTP.
  @Test
  void anInputSchemaIsCompiledOnceNotOncePerCall() {
    LazySchemaValidator validator = new LazySchemaValidator();
    ServerSpec spec =
        ServerSpec.builder("t", "1")
            .tools(ToyTools.all())
            .rbac(ToyTools.rbac(), Principals.resolve(ToyTools.rbac(), "oncall", null))
            .limits(ToyTools.limits())
            .audit(events::add)
            .clock(clock)
            .build();
    ToolGateway g = new ToolGateway(spec, validator);
    opened.add(g);
    for (int i = 0; i < 20; i++) {
      assertFalse(g.call("echo", Map.of("text", "hi")).isError());
    }
    assertEquals(2, validator.compiledCount(), "its input and its output schema, once each");
  }

  @Test
  void eachCallIsAuditedUnderItsOwnVersion4Uuid() {
    ToolGateway g = gateway("oncall");
    java.util.Set<String> ids = new java.util.HashSet<>();
    for (int i = 0; i < 100; i++) {
      g.call("echo", Map.of("text", "hi"));
    }
    for (UsageEvent e : events) {
      java.util.UUID id = java.util.UUID.fromString(e.reqId());
      assertEquals(4, id.version(), e.reqId());
      assertEquals(2, id.variant(), e.reqId());
      assertEquals(id.toString(), e.reqId());
      ids.add(e.reqId());
    }
    assertEquals(100, ids.size());
  }

  @Test
  void aCallPastItsTimeoutIsAnError() {
    long start = System.nanoTime();
    CallToolResult r = gateway("oncall").call("slow", Map.of("ms", 5_000));
    long tookMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    assertTrue(r.isError());
    assertEquals(
        "'slow' did not finish within 1500 ms (timeout_ms); narrow the request or retry later",
        text(r));
    assertTrue(tookMs < 4_000, "answered at the timeout, took " + tookMs + " ms");
    assertEquals(Status.ERROR, onlyEvent().status());
  }

  @Test
  void aCallRunHereIsAnsweredOnTheCallersThread() {
    ToolGateway g = gateway("oncall");
    List<Thread> answeredOn = new ArrayList<>();
    List<CallToolResult> answers = new ArrayList<>();
    g.callHere(
        Principals.resolve(ToyTools.rbac(), "oncall", null),
        "echo",
        Map.of("text", "hi"),
        CallScope.NONE,
        r -> {
          answeredOn.add(Thread.currentThread());
          answers.add(r);
        });
    assertEquals(List.of(Thread.currentThread()), answeredOn);
    assertEquals("hi", ((Map<?, ?>) answers.get(0).structuredContent()).get("text"));
    assertEquals(Status.PASS, onlyEvent().status());
  }

  @Test
  void aCallRunHerePastItsTimeoutIsAnsweredAtTheTimeoutAndItsThreadIsNotLeftInterrupted()
      throws Exception {
    ToolGateway g = gateway("oncall");
    CompletableFuture<CallToolResult> answer = new CompletableFuture<>();
    CompletableFuture<Boolean> interruptedAfter = new CompletableFuture<>();
    long start = System.nanoTime();
    slowHere(
        g,
        5_000,
        CallScope.NONE,
        answer,
        () -> interruptedAfter.complete(Thread.currentThread().isInterrupted()));
    CallToolResult r = answer.get(4, TimeUnit.SECONDS);
    long tookMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    assertTrue(r.isError());
    assertEquals(
        "'slow' did not finish within 1500 ms (timeout_ms); narrow the request or retry later",
        text(r));
    assertTrue(tookMs >= 1_400 && tookMs < 4_000, "answered at the timeout, took " + tookMs);
    assertFalse(interruptedAfter.get(4, TimeUnit.SECONDS), "the interrupt that stopped it is gone");
    assertEquals(Status.ERROR, onlyEvent().status());
    assertFalse(g.call("slow", Map.of("ms", 1)).isError(), "its permit was given back");
  }

  /**
   * Starts a thread that runs the toy "slow" tool for {@code ms} on itself as oncall ({@link
   * ToolGateway#callHere}), answering into {@code answer}, then runs {@code after} on it.
   */
  private static Thread slowHere(
      ToolGateway g,
      int ms,
      CallScope scope,
      CompletableFuture<CallToolResult> answer,
      Runnable after) {
    Thread caller =
        new Thread(
            () -> {
              g.callHere(
                  Principals.resolve(ToyTools.rbac(), "oncall", null),
                  "slow",
                  Map.of("ms", ms),
                  scope,
                  answer::complete);
              after.run();
            });
    caller.start();
    return caller;
  }

  /** Opens tools/call {@code id} of session "s" as the edge would; its {@code _meta}. */
  private static Map<String, Object> openCall(ToolGateway g, int id) throws Exception {
    com.fasterxml.jackson.databind.node.ObjectNode message =
        (com.fasterxml.jackson.databind.node.ObjectNode)
            Json.MAPPER.readTree(
                "{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"method\":\"tools/call\",\"params\":{}}");
    g.inFlight().open(message, "s");
    return Json.toMap(message.get("params").get("_meta"));
  }

  /** Session "s"'s client cancels request {@code id}; whether a call was stopped. */
  private static boolean cancel(ToolGateway g, int id) throws Exception {
    return g.inFlight()
        .cancel(
            Json.MAPPER.readTree(
                "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/cancelled\","
                    + "\"params\":{\"requestId\":"
                    + id
                    + "}}"),
            "s");
  }

  @Test
  void aCallRunHereThatTheClientCancelsIsAuditedAndNotAnswered() throws Exception {
    ToolGateway g = gateway("oncall");
    Map<String, Object> meta = openCall(g, 3);
    CompletableFuture<CallToolResult> answer = new CompletableFuture<>();
    CountDownLatch returned = new CountDownLatch(1);
    slowHere(
        g,
        60_000,
        new CallScope(null, null, meta, g.inFlight().find(meta)),
        answer,
        returned::countDown);
    Thread.sleep(200);
    assertTrue(cancel(g, 3));
    assertEquals(null, answer.get(2, TimeUnit.SECONDS), "nothing is answered");
    assertTrue(returned.await(2, TimeUnit.SECONDS), "the sleeping tool was interrupted");
    assertEquals("cancelled", onlyEvent().action());
    assertEquals(0, g.inFlight().size(), "forgotten once stopped");
  }

  // A cancellation that arrived while the server was closing was handed to the closed executor,
  // which threw in the edge that read the cancellation.
  @Test
  void aCallRunHereCancelledWhileTheGatewayClosesIsStillStoppedAndAudited() throws Exception {
    ToolGateway g = gateway("oncall");
    Map<String, Object> meta = openCall(g, 4);
    CompletableFuture<CallToolResult> answer = new CompletableFuture<>();
    Thread caller =
        slowHere(
            g, 60_000, new CallScope(null, null, meta, g.inFlight().find(meta)), answer, () -> {});
    Thread.sleep(200);
    g.close();
    assertTrue(cancel(g, 4));
    assertEquals(null, answer.get(2, TimeUnit.SECONDS));
    assertEquals("cancelled", onlyEvent().action());
    caller.join(2_000);
    assertFalse(caller.isAlive(), "the tool was interrupted");
  }

  @Test
  void argumentsOverMaxCharsInAreRefused() {
    CallToolResult r = gateway("oncall").call("echo", Map.of("text", "x".repeat(300)));
    assertTrue(r.isError());
    assertEquals(
        "arguments of 'echo' are 311 characters, over the limit of 200 (max_chars_in); send fewer"
            + " or shorter arguments",
        text(r));
    assertEquals(Status.FAILED, onlyEvent().status());
  }

  @Test
  void aLargeResultIsTrimmedMarkedAndStillValid() {
    CallToolResult r = gateway("oncall").call("echo", Map.of("text", "hello", "repeat", 1000));
    assertFalse(r.isError(), () -> text(r));
    @SuppressWarnings("unchecked")
    Map<String, Object> content = (Map<String, Object>) r.structuredContent();
    assertEquals(true, content.get("truncated"));
    int kept = ((List<?>) content.get("items")).size();
    assertTrue(kept > 10 && kept < 1000, "kept " + kept);
    assertTrue(text(r).length() <= 1_500);
    assertEquals(text(r).length(), onlyEvent().outSize());
  }

  @Test
  void aResultThatCannotBeTrimmedToFitIsAnError() {
    Limits tight =
        new Limits(ToolLimits.DEFAULTS, Map.of("echo", new ToolLimits(5_000, 0, 100, 0, 1)));
    CallToolResult r =
        gateway("oncall", tight, ToyTools.all(), events::add)
            .call("echo", Map.of("text", "x".repeat(200)));
    assertTrue(r.isError());
    assertEquals(
        "the result of 'echo' does not fit in 100 bytes (max_bytes_out) even with its lists"
            + " emptied; narrow the request",
        text(r));
    assertEquals(Status.ERROR, onlyEvent().status());
  }

  @Test
  void theRateLimitIsPerPrincipalAndToolAndSaysHowLongToWait() {
    Limits limits =
        new Limits(ToolLimits.DEFAULTS, Map.of("echo", new ToolLimits(5_000, 0, 0, 2, 4)));
    ToolGateway g = gateway("oncall", limits, ToyTools.all(), events::add);
    assertFalse(g.call("echo", Map.of("text", "a")).isError());
    clock.advance(Duration.ofSeconds(20));
    assertFalse(g.call("echo", Map.of("text", "a")).isError());
    CallToolResult refused = g.call("echo", Map.of("text", "a"));
    assertTrue(refused.isError());
    assertEquals(
        "rate limit of 2 calls per minute (rate_limit_rpm) for 'echo' reached; retry in 40 s",
        text(refused));
    assertEquals(Status.DENIED, events.get(2).status());
    assertFalse(g.call("slow", Map.of()).isError(), "other tools have their own budget");
    clock.advance(Duration.ofSeconds(40));
    assertFalse(g.call("echo", Map.of("text", "a")).isError());
  }

  // RBAC came before the rate limit, so a principal without entitlements made 3,000 denied calls
  // in 23 s, each one written to the audit log as its own event.
  @Test
  void aPrincipalWithoutEntitlementsFloodingCallsIsRateLimitedAndTheAuditDoesNotGrowPerCall() {
    Limits limits =
        new Limits(ToolLimits.DEFAULTS, Map.of("echo", new ToolLimits(5_000, 0, 0, 5, 4)));
    ToolGateway g = gateway("media", limits, ToyTools.all(), events::add);
    List<String> answers = new ArrayList<>();
    for (int i = 0; i < 1_000; i++) {
      CallToolResult r = g.call("echo", Map.of("text", "hi"));
      assertTrue(r.isError());
      answers.add(text(r));
    }
    assertTrue(answers.get(4).contains("lacks entitlement 'tools.cost.read'"), answers.get(4));
    assertEquals(
        "rate limit of 5 calls per minute (rate_limit_rpm) for 'echo' reached; retry in 60 s",
        answers.get(5));
    assertEquals(6, events.size(), "5 denials and the first rate-limited call: " + events);
    assertTrue(events.stream().allMatch(e -> e.status() == Status.DENIED));

    g.flushEndedFloods();
    assertEquals(6, events.size(), "the window is still open");
    clock.advance(Duration.ofSeconds(61));
    g.flushEndedFloods();
    assertEquals(7, events.size());
    UsageEvent summary = events.get(6);
    assertEquals("rate_limited:994", summary.action());
    assertEquals("echo", summary.tool());
    assertEquals(Status.DENIED, summary.status());
    assertEquals("media", summary.agentId());
    g.close();
    assertEquals(7, events.size(), "nothing left to count at close");
  }

  // tools/call of an unknown tool was never audited, and random names could not be rate-limited;
  // an attacker-chosen name of any length must not reach the audit log as it is.
  @Test
  void unknownToolCallsAreAuditedWithABoundedNameAndShareOneRateLimitBucket() {
    Limits limits = new Limits(new ToolLimits(5_000, 0, 0, 3, 4), Map.of());
    ToolGateway g = gateway("oncall", limits, ToyTools.all(), events::add);
    String huge = "evil\u001b[2J\r\n" + "x".repeat(1_000_000);
    CallToolResult r = g.call(huge, Map.of());
    assertTrue(r.isError());
    assertTrue(text(r).length() < 200, "the answer does not echo the name: " + text(r).length());
    UsageEvent e = onlyEvent();
    assertEquals(Status.DENIED, e.status());
    assertEquals("unknown:evil__2J__" + "x".repeat(54), e.tool());
    assertTrue(e.tool().length() <= ToolGateway.MAX_AUDIT_TOOL_CHARS);

    g.call("nope-1", Map.of());
    g.call("nope-2", Map.of());
    CallToolResult limited = g.call("nope-3", Map.of());
    assertEquals(
        "rate limit of 3 calls per minute (rate_limit_rpm) for unknown tools reached; retry in 60 s",
        text(limited));
    for (int i = 4; i < 100; i++) {
      g.call("nope-" + i, Map.of());
    }
    assertEquals(4, events.size(), events.toString());
    assertEquals("unknown:nope-3", events.get(3).tool());
    assertFalse(g.call("echo", Map.of("text", "a")).isError(), "known tools keep their budget");
    g.close();
    assertEquals("rate_limited:96", events.get(events.size() - 1).action(), "counted at close");
  }

  // A tools/call with malformed params or an unknown name, answered by the stdio guard before the
  // SDK sees it, was never audited; now it is, rate-limited like any other call.
  @Test
  void callsRefusedBeforeTheSdkAreAuditedAndRateLimited() {
    Limits limits =
        new Limits(ToolLimits.DEFAULTS, Map.of("echo", new ToolLimits(5_000, 0, 0, 2, 4)));
    ToolGateway g = gateway("oncall", limits, ToyTools.all(), events::add);
    g.refused("echo", Status.FAILED, "{\"name\":\"echo\",\"arguments\":\"x\"}", "bad");
    UsageEvent e = onlyEvent();
    assertEquals("echo", e.tool());
    assertEquals(Status.FAILED, e.status());
    assertEquals(Json.sha256Hex("{\"name\":\"echo\",\"arguments\":\"x\"}"), e.inputHash());
    g.refused(null, Status.FAILED, "[1]", "bad");
    assertEquals("unknown:", events.get(1).tool());
    g.refused("echo", Status.FAILED, "{}", "bad");
    CallToolResult r = g.call("echo", Map.of("text", "a"));
    assertTrue(text(r).startsWith("rate limit of 2 calls per minute"), text(r));
    assertEquals(4, events.size());
    assertEquals(Status.DENIED, events.get(3).status());
  }

  @Test
  void callsBeyondTheConcurrencyLimitWaitThenGiveUp() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    CountDownLatch started = new CountDownLatch(1);
    CostTool stuck =
        new ToyTools.Slow() {
          @Override
          public String name() {
            return "stuck";
          }

          @Override
          public Object call(ToolCall call) {
            started.countDown();
            boolean done = false;
            while (!done) {
              try {
                done = release.await(10, TimeUnit.SECONDS);
                done = true;
              } catch (InterruptedException ignored) {
                // keeps holding its slot, as a tool stuck in I/O would
              }
            }
            return Map.of("slept_ms", 0);
          }
        };
    Limits limits =
        new Limits(ToolLimits.DEFAULTS, Map.of("stuck", new ToolLimits(300, 0, 0, 0, 1)));
    ToolGateway g = gateway("oncall", limits, List.of(stuck), events::add);
    CompletableFuture<CallToolResult> first =
        CompletableFuture.supplyAsync(() -> g.call("stuck", Map.of()));
    assertTrue(started.await(5, TimeUnit.SECONDS));
    CallToolResult second = g.call("stuck", Map.of());
    assertTrue(second.isError());
    assertEquals(
        "'stuck' is busy: 1 calls already running (concurrency) and none finished within 300 ms;"
            + " retry shortly",
        text(second));
    assertTrue(first.get(5, TimeUnit.SECONDS).isError(), "the first call timed out");
    release.countDown();
  }

  @Test
  void aResultThatBreaksItsOutputSchemaIsAnError() {
    CostTool liar =
        new ToyTools.Slow() {
          @Override
          public Object call(ToolCall call) {
            return Map.of("slept_ms", "a while");
          }
        };
    CallToolResult r =
        gateway("oncall", Limits.DEFAULTS, List.of(liar), events::add).call("slow", Map.of());
    assertTrue(r.isError());
    assertEquals(Status.ERROR, onlyEvent().status());
  }

  @Test
  void aFailingAuditSinkDoesNotFailTheCall() {
    AuditSink broken =
        e -> {
          throw new IllegalStateException("disk full");
        };
    CallToolResult r =
        gateway("oncall", ToyTools.limits(), ToyTools.all(), broken)
            .call("echo", Map.of("text", "a"));
    assertFalse(r.isError());
  }

  @Test
  void listedOutputSchemasLeaveTheEnvelopeOpen() {
    gateway("oncall")
        .specifications()
        .forEach(
            s -> {
              Map<String, Object> schema = s.tool().outputSchema();
              assertFalse(
                  Boolean.FALSE.equals(schema.get("additionalProperties")),
                  s.tool().name() + " lets an answer carry now, truncated and stale_since");
              assertFalse(schema.toString().contains("truncated"), s.tool().name());
              assertEquals(false, s.tool().annotations().openWorldHint());
            });
  }
}

package dev.burnrate.demo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The demo month: its shape, its determinism, and the anomalies hidden in its last hour. */
class DemoDataTest {
  /** A Sunday midnight, so the month ends on a weekend night: the hardest case for the spike. */
  static final Instant END = Instant.parse("2026-03-01T00:00:00Z");

  static final int DAYS = 30;
  static final long EVENTS = 300_000;
  static final ObjectMapper JSON = new ObjectMapper();
  static final List<String> REQUIRED =
      List.of(
          "ts",
          "req_id",
          "workspace_id",
          "user_id",
          "agent_id",
          "tool",
          "action",
          "status",
          "duration_ms",
          "in_size",
          "out_size",
          "input_hash");
  static final List<String> OPTIONAL =
      List.of("model", "input_tokens", "output_tokens", "cache_read_tokens", "complexity_score");
  static final Set<String> MODELS =
      Set.of(
          "gpt-4o",
          "gpt-4o-mini",
          "claude-sonnet-4-6",
          "claude-haiku-4-5",
          "anthropic.claude-sonnet-4-6",
          "llama-3.1-70b");
  static final Pattern PYTHON_TS =
      Pattern.compile("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{6}\\+00:00");
  static final Pattern JS_TS =
      Pattern.compile("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z");
  static final Pattern REQ_ID = Pattern.compile("req_[0-9a-f]{24}");
  static final Pattern HASH = Pattern.compile("[0-9a-f]{16}");
  static final Pattern USER = Pattern.compile("user_0(0\\d\\d|1\\d\\d|200)");
  static final Pattern WORKSPACE = Pattern.compile("ws_(0[1-9]|1\\d|20)");

  @TempDir static Path month;
  static DemoData.Summary summary;
  static long millis;
  static List<Event> events;

  /** The fields the tests look at; whole lines are checked by streaming, not kept. */
  record Event(
      String file,
      String tsText,
      Instant ts,
      String agent,
      String tool,
      String status,
      String user,
      String workspace,
      long durationMs,
      double complexity,
      long outputTokens) {}

  @BeforeAll
  static void generateOneMonth() throws IOException {
    long t0 = System.nanoTime();
    summary = DemoData.generate(month, END, DAYS, EVENTS, 7);
    millis = (System.nanoTime() - t0) / 1_000_000;
    events = new ArrayList<>();
    forEachLine(
        month,
        (file, n) ->
            events.add(
                new Event(
                    file,
                    n.get("ts").asText(),
                    parseTs(n.get("ts").asText()),
                    n.get("agent_id").asText(),
                    n.get("tool").asText(),
                    n.get("status").asText(),
                    n.get("user_id").asText(),
                    n.get("workspace_id").asText(),
                    n.get("duration_ms").asLong(),
                    n.has("complexity_score") ? n.get("complexity_score").asDouble() : Double.NaN,
                    n.has("output_tokens") ? n.get("output_tokens").asLong() : -1)));
  }

  @Test
  void sameSeedWritesIdenticalBytesAndAnotherSeedDoesNot(@TempDir Path tmp) throws IOException {
    Instant end = Instant.parse("2026-02-21T12:30:00Z");
    DemoData.generate(tmp.resolve("a"), end, 3, 20_000, 42);
    DemoData.generate(tmp.resolve("b"), end, 3, 20_000, 42);
    DemoData.generate(tmp.resolve("c"), end, 3, 20_000, 43);
    List<Path> a = files(tmp.resolve("a"));
    assertEquals(4, a.size());
    boolean anyDiffers = false;
    for (Path f : a) {
      byte[] bytes = Files.readAllBytes(f);
      assertArrayEquals(bytes, Files.readAllBytes(tmp.resolve("b").resolve(f.getFileName())));
      anyDiffers |=
          !java.util.Arrays.equals(
              bytes, Files.readAllBytes(tmp.resolve("c").resolve(f.getFileName())));
    }
    assertTrue(anyDiffers, "seed 43 wrote the same bytes as seed 42");
  }

  @Test
  void writesExactlyTheRequestedNumberOfEvents() {
    assertEquals(EVENTS, events.size());
    assertEquals(
        new DemoData.Summary(EVENTS, DAYS, END.minus(Duration.ofDays(DAYS)), END), summary);
  }

  @Test
  void writesOneFilePerUtcDayOfTheRange() throws IOException {
    List<String> expected = new ArrayList<>();
    for (LocalDate d = LocalDate.of(2026, 1, 30);
        d.isBefore(LocalDate.of(2026, 3, 1));
        d = d.plusDays(1)) {
      expected.add("tool_audit_" + d + ".jsonl");
    }
    assertEquals(expected, files(month).stream().map(p -> p.getFileName().toString()).toList());
  }

  @Test
  void anEndInsideADayAddsAFileForThePartialFirstDay(@TempDir Path tmp) throws IOException {
    DemoData.Summary s = DemoData.generate(tmp, Instant.parse("2026-02-21T12:30:00Z"), 2, 5_000, 1);
    assertEquals(3, s.files());
    assertEquals(
        List.of(
            "tool_audit_2026-02-19.jsonl",
            "tool_audit_2026-02-20.jsonl",
            "tool_audit_2026-02-21.jsonl"),
        files(tmp).stream().map(p -> p.getFileName().toString()).toList());
  }

  @Test
  void everyLineHasTheAuditFieldsInOrderAndValidValues() throws IOException {
    Set<String> statuses = Set.of("pass", "failed", "error", "denied");
    forEachLine(
        month,
        (file, n) -> {
          List<String> names = new ArrayList<>();
          n.fieldNames().forEachRemaining(names::add);
          assertEquals(REQUIRED, names.subList(0, REQUIRED.size()), n::toString);
          List<String> rest = names.subList(REQUIRED.size(), names.size());
          assertTrue(OPTIONAL.containsAll(rest) && isOrderedLike(rest, OPTIONAL), n::toString);
          assertTrue(statuses.contains(n.get("status").asText()), n::toString);
          assertTrue(REQ_ID.matcher(n.get("req_id").asText()).matches(), n::toString);
          assertTrue(HASH.matcher(n.get("input_hash").asText()).matches(), n::toString);
          assertTrue(USER.matcher(n.get("user_id").asText()).matches(), n::toString);
          assertTrue(WORKSPACE.matcher(n.get("workspace_id").asText()).matches(), n::toString);
          assertTrue(n.get("duration_ms").asLong() >= 1, n::toString);
          if (n.has("model")) {
            assertTrue(MODELS.contains(n.get("model").asText()), n::toString);
            assertTrue(n.has("input_tokens") && n.has("output_tokens"), n::toString);
          }
          if (n.has("cache_read_tokens")) {
            assertTrue(
                n.get("cache_read_tokens").asLong() <= n.get("input_tokens").asLong(), n::toString);
          }
          if (n.has("complexity_score")) {
            double c = n.get("complexity_score").asDouble();
            assertTrue(c > 0 && c < 1, n::toString);
          }
        });
  }

  @Test
  void timestampsMixPythonAndJsStylesAndStayOrderedInsideTheirDayAndRange() {
    long js = 0;
    Instant previous = Instant.MIN;
    String file = "";
    for (Event e : events) {
      String ts = e.tsText();
      boolean isJs = JS_TS.matcher(ts).matches();
      assertTrue(isJs || PYTHON_TS.matcher(ts).matches(), ts);
      js += isJs ? 1 : 0;
      if (!e.file().equals(file)) {
        file = e.file();
        previous = Instant.MIN;
      }
      assertFalse(e.ts().isBefore(previous), () -> ts + " after " + e.file() + " went backwards");
      previous = e.ts();
      assertEquals("tool_audit_" + ts.substring(0, 10) + ".jsonl", e.file());
      assertFalse(e.ts().isBefore(summary.start()) || !e.ts().isBefore(summary.end()), ts);
    }
    assertTrue(js > EVENTS / 10 && js < EVENTS * 9 / 10, "JS-style timestamps: " + js);
  }

  @Test
  void fleetHasFiftyAgentsTwoHundredUsersTwentyWorkspacesAndFortyOneTools() {
    assertEquals(50, events.stream().map(Event::agent).distinct().count());
    assertEquals(200, events.stream().map(Event::user).distinct().count());
    assertEquals(20, events.stream().map(Event::workspace).distinct().count());
    assertEquals(41, events.stream().map(Event::tool).distinct().count());
  }

  @Test
  void statusesAreMostlyPassWithAFewFailuresErrorsAndDenials() {
    Map<String, Long> n = count(events.stream().map(Event::status));
    assertBetween(0.94, 0.96, n.get("pass") / (double) EVENTS, "pass");
    assertBetween(0.02, 0.03, n.get("failed") / (double) EVENTS, "failed");
    assertBetween(0.01, 0.02, n.get("error") / (double) EVENTS, "error");
    assertBetween(0.007, 0.013, n.get("denied") / (double) EVENTS, "denied");
  }

  @Test
  void trafficPeaksInTheAfternoonAndDipsAtNightAndOnWeekends() {
    Map<Integer, Long> byHour =
        count(events.stream().map(e -> e.ts().atOffset(ZoneOffset.UTC).getHour()));
    assertTrue(byHour.get(14) > 3 * byHour.get(3), byHour::toString);
    Map<Boolean, Long> weekend =
        count(
            events.stream()
                .map(e -> e.ts().atOffset(ZoneOffset.UTC).getDayOfWeek().getValue() >= 6));
    // 9 weekend days and 21 weekdays in the range; compare calls per day.
    assertTrue(weekend.get(true) / 9.0 < 0.6 * weekend.get(false) / 21.0, weekend::toString);
  }

  @Test
  void toolsTakeTheirTypicalTimeAndRolesCallTheirOwnTools() {
    assertBetween(40_000, 90_000, median("comfy_generate_video"), "video median ms");
    assertBetween(5_000, 12_000, median("comfy_generate_image"), "image median ms");
    assertBetween(14_000, 28_000, median("pr_reviewer_tool"), "pr review median ms");
    assertBetween(5, 20, median("cache_get"), "cache_get median ms");
    assertTrue(
        events.stream()
            .filter(e -> e.tool().startsWith("comfy_"))
            .allMatch(e -> e.agent().startsWith("media-")));
    assertTrue(
        events.stream()
            .filter(e -> e.tool().equals("deploy_trigger"))
            .allMatch(e -> e.agent().startsWith("release-")));
  }

  @Test
  void supportAgentsAskEasyQuestionsSoTheDowngradeRuleFiresOnlyForThem() {
    for (String role : List.of("support", "coder", "reviewer", "research")) {
      List<Event> llm =
          events.stream()
              .filter(e -> e.agent().startsWith(role + "-"))
              .filter(e -> !Double.isNaN(e.complexity()))
              .toList();
      double avg = llm.stream().mapToDouble(Event::complexity).average().orElseThrow();
      if (role.equals("support")) {
        assertBetween(0.2, 0.35, avg, "support complexity");
        assertTrue(llm.stream().allMatch(e -> e.outputTokens() < 200));
      } else {
        assertTrue(avg > 0.6, role + " complexity " + avg);
      }
    }
  }

  @Test
  void lastHourHasAnEightfoldVideoSpikeMostlyFromMedia2() {
    List<Event> window = lastHour("comfy_generate_video");
    double baselinePerHour = baseline("comfy_generate_video").size() / 24.0;
    double ratio = window.size() / baselinePerHour;
    assertBetween(6, 11, ratio, "video calls vs. baseline hour");
    long media2 = window.stream().filter(e -> e.agent().equals(DemoData.SPIKE_AGENT)).count();
    assertTrue(media2 > 0.6 * window.size(), media2 + " of " + window.size());
  }

  @Test
  void lastHourHasAWebFetchErrorBurstAboveTheMinimumCallCount() {
    List<Event> window = lastHour("web_fetch");
    assertTrue(window.size() >= 10, "web_fetch calls " + window.size());
    assertBetween(0.35, 0.65, failureRate(window), "web_fetch failure rate in the window");
    assertTrue(failureRate(baseline("web_fetch")) < 0.1, "baseline failure rate too high");
    // Cost units grow with calls and milliseconds; the burst must not look like a cost spike too.
    assertTrue(window.size() < 3 * baseline("web_fetch").size() / 24.0, "call-rate spike");
    assertTrue(millis(window) < 3 * millis(baseline("web_fetch")) / 24.0, "duration spike");
  }

  @Test
  void experimentalToolAppearsOnlyInTheLastHourWithTwentyFiveCalls() {
    List<Event> all = events.stream().filter(e -> e.tool().equals("experimental_tool")).toList();
    assertEquals(DemoData.NEW_TOOL_CALLS, all.size());
    assertEquals(all, lastHour("experimental_tool"));
  }

  @Test
  void aMonthOfThreeHundredThousandEventsIsWrittenInSeconds() {
    // Generous against slow CI machines; locally it takes well under a second once warm.
    assertTrue(millis < 10_000, "took " + millis + " ms");
  }

  @Test
  void rejectsArgumentsItCannotHonourAndNamesTheValue(@TempDir Path tmp) {
    String days =
        assertThrows(IllegalArgumentException.class, () -> DemoData.generate(tmp, END, 0, 5_000, 1))
            .getMessage();
    assertEquals("days 0 must be between 1 and 3660", days);
    String events =
        assertThrows(IllegalArgumentException.class, () -> DemoData.generate(tmp, END, 1, 10, 1))
            .getMessage();
    assertEquals("events 10 must be between 1000 and 100000000", events);
    String end =
        assertThrows(
                IllegalArgumentException.class,
                () -> DemoData.generate(tmp, END.plusNanos(1), 1, 5_000, 1))
            .getMessage();
    assertEquals(
        "end 2026-03-01T00:00:00.000000001Z has sub-microsecond digits;"
            + " truncate it to microseconds",
        end);
  }

  private static List<Event> lastHour(String tool) {
    return window(tool, END.minus(Duration.ofHours(1)), END);
  }

  private static List<Event> baseline(String tool) {
    return window(tool, END.minus(Duration.ofHours(25)), END.minus(Duration.ofHours(1)));
  }

  private static List<Event> window(String tool, Instant from, Instant to) {
    return events.stream()
        .filter(e -> e.tool().equals(tool) && !e.ts().isBefore(from) && e.ts().isBefore(to))
        .toList();
  }

  private static double millis(List<Event> calls) {
    return calls.stream().mapToLong(Event::durationMs).sum();
  }

  private static double failureRate(List<Event> calls) {
    return calls.stream()
            .filter(e -> e.status().equals("failed") || e.status().equals("error"))
            .count()
        / (double) calls.size();
  }

  private static double median(String tool) {
    long[] d =
        events.stream()
            .filter(e -> e.tool().equals(tool) && e.status().equals("pass"))
            .mapToLong(Event::durationMs)
            .sorted()
            .toArray();
    return d[d.length / 2];
  }

  private static <K> Map<K, Long> count(Stream<K> keys) {
    return keys.collect(
        java.util.stream.Collectors.groupingBy(k -> k, java.util.stream.Collectors.counting()));
  }

  private static boolean isOrderedLike(List<String> names, List<String> order) {
    Iterator<String> it = order.iterator();
    for (String name : names) {
      while (true) {
        if (!it.hasNext()) {
          return false;
        }
        if (it.next().equals(name)) {
          break;
        }
      }
    }
    return true;
  }

  private static void assertBetween(double lo, double hi, double actual, String what) {
    assertTrue(
        actual >= lo && actual <= hi, what + " " + actual + " not in [" + lo + ", " + hi + "]");
  }

  private static void forEachLine(Path dir, BiConsumer<String, JsonNode> check) throws IOException {
    for (Path f : files(dir)) {
      try (BufferedReader r = Files.newBufferedReader(f)) {
        for (String line = r.readLine(); line != null; line = r.readLine()) {
          check.accept(f.getFileName().toString(), JSON.readTree(line));
        }
      }
    }
  }

  private static Instant parseTs(String ts) {
    return OffsetDateTime.parse(ts).toInstant();
  }

  private static List<Path> files(Path dir) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.sorted().toList();
    }
  }
}

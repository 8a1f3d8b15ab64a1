package dev.burnrate.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.burnrate.engine.CostEngine;
import dev.burnrate.engine.CostReport;
import dev.burnrate.engine.EventIndex;
import dev.burnrate.engine.Pricer;
import dev.burnrate.engine.ReportQuery;
import dev.burnrate.engine.Totals;
import dev.burnrate.usage.CostWeights;
import dev.burnrate.usage.Dimension;
import dev.burnrate.usage.EventBounds;
import dev.burnrate.usage.EventValidator;
import dev.burnrate.usage.TestEvents;
import dev.burnrate.usage.UsageEvent;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Events a hostile or broken writer can produce, through the audit log and through validation. */
class HostileEventsTest {
  static final Instant NOW = Instant.parse("2026-02-24T00:00:00Z");

  /** gpt-4o-like rates, in pico-dollars per token. */
  static final Pricer PRICED =
      (model, day) -> new Pricer.Rates(2_500_000, 10_000_000, 1_250_000, 2_500_000, 0, null);

  @TempDir Path dir;

  JsonlEventLog open() throws IOException {
    return JsonlEventLog.open(
        dir.resolve("audit"), dir.resolve("index"), new EventIndex(CostWeights.BUILT_IN, PRICED));
  }

  void write(String day, String text) throws IOException {
    Files.createDirectories(dir.resolve("audit"));
    Files.writeString(
        dir.resolve("audit").resolve("tool_audit_" + day + ".jsonl"),
        text,
        StandardCharsets.UTF_8,
        StandardOpenOption.CREATE,
        StandardOpenOption.APPEND);
  }

  static CostReport report(JsonlEventLog log) {
    return new CostEngine(log.index())
        .report(
            new ReportQuery(
                Instant.parse("2026-02-01T00:00:00Z"),
                NOW,
                List.of(Dimension.TOOL),
                100,
                true,
                false));
  }

  @SuppressWarnings("unchecked")
  static Totals totals(CostReport report) {
    return report.totals();
  }

  @SuppressWarnings("unchecked")
  static long malformed(CostReport report) {
    return report.dataQuality().malformedLines();
  }

  static Map<String, Object> event(Object... kv) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("ts", "2026-02-23T10:00:00Z");
    m.put("tool", "llm_chat");
    for (int i = 0; i < kv.length; i += 2) {
      m.put((String) kv[i], kv[i + 1]);
    }
    return m;
  }

  // Broke: one line with input_tokens 5000000000000 on a priced model overflowed token pricing,
  // and indexing failed for good: every command and every tool, across restarts.
  @Test
  void aLineWithTrillionsOfTokensIsSkippedAndCountedNotFatal() throws IOException {
    String ok =
        "{\"ts\":\"2026-02-23T10:00:00Z\",\"tool\":\"llm_chat\",\"status\":\"pass\","
            + "\"model\":\"gpt-4o\",\"input_tokens\":1000,\"output_tokens\":100}\n";
    StringBuilder text = new StringBuilder(ok);
    for (String field :
        List.of("input_tokens", "output_tokens", "cache_read_tokens", "cache_write_tokens")) {
      for (String value :
          List.of(
              "5000000000000",
              "9223372036854775807",
              "99999999999999999999999",
              "1e15",
              "1e999999999",
              "-5",
              "1000000001")) {
        text.append("{\"ts\":\"2026-02-23T10:00:01Z\",\"tool\":\"llm_chat\",\"status\":\"pass\",")
            .append("\"model\":\"gpt-4o\",\"")
            .append(field)
            .append("\":")
            .append(value)
            .append("}\n");
      }
    }
    text.append(ok);
    write("2026-02-23", text.toString());
    for (int restart = 0; restart < 2; restart++) {
      try (JsonlEventLog log = open()) {
        CostReport r = report(log);
        assertEquals(2L, totals(r).calls());
        assertEquals(28L, malformed(r));
        // 1000 x $2.50/M + 100 x $10/M = $0.0035 per good line
        assertEquals(new BigDecimal("0.007000"), totals(r).costUsd());
      }
    }
  }

  // Broke: record_usage accepted input_tokens 5e12 (and cost_usd above 9.22e9, which the reader
  // then dropped): whatever it accepts must be counted, so it must reject what the log cannot hold.
  @Test
  void recordUsageRejectsAmountsBeyondTheStatedBounds() {
    for (Map<String, Object> bad :
        List.of(
            event("input_tokens", 5_000_000_000_000L),
            event("output_tokens", EventBounds.MAX_TOKENS + 1),
            event("cache_read_tokens", new BigDecimal("1e999999999")),
            event("cost_usd", new BigDecimal("9223371761.854775808")),
            event("cost_usd", new BigDecimal("1000000.01")),
            event("cost_usd", new BigDecimal("1e-999999999")),
            event("duration_ms", EventBounds.MAX_DURATION_MS + 1),
            event("in_size", Long.MAX_VALUE))) {
      IllegalArgumentException e =
          assertThrows(
              IllegalArgumentException.class,
              () -> EventValidator.validate(bad, NOW),
              "accepted " + bad);
      assertTrue(e.getMessage().length() < 300, e.getMessage());
    }
    UsageEvent atBounds =
        EventValidator.validate(
            event(
                "input_tokens",
                EventBounds.MAX_TOKENS,
                "cost_usd",
                EventBounds.MAX_COST_USD,
                "duration_ms",
                EventBounds.MAX_DURATION_MS),
            NOW);
    assertEquals(EventBounds.MAX_TOKENS, atBounds.inputTokens());
  }

  // Broke: dollar sums were plain += on longs, so two huge events turned $556 into $8.10 and a
  // veto into a pass; sums must never wrap to a smaller figure.
  @Test
  void dollarSumsSaturateAndSayTheyDidInsteadOfWrapping() throws IOException {
    StringBuilder text = new StringBuilder();
    // 9,224 events at the per-event maximum exceed what 64-bit nano-dollars hold.
    for (int i = 0; i < 9_300; i++) {
      text.append(
          "{\"ts\":\"2026-02-23T10:00:00Z\",\"tool\":\"t\",\"status\":\"pass\",\"cost_usd\":1000000}\n");
    }
    write("2026-02-23", text.toString());
    try (JsonlEventLog log = open()) {
      Totals t = totals(report(log));
      assertEquals(9_300L, t.calls());
      assertEquals(java.util.Optional.of(true), t.saturated());
      BigDecimal usd = t.costUsd();
      assertTrue(
          usd.compareTo(new BigDecimal("9000000000")) > 0,
          "never wraps below the true sum: " + usd);
    }
  }

  @Test
  void tokenPricingIsExactBeyondSixtyFourBitsAndSaturatesBeyondThat() {
    Pricer.Rates huge = new Pricer.Rates(Long.MAX_VALUE / 2, 0, 0, 0, 0, null);
    assertEquals(Long.MAX_VALUE, huge.nanos(EventBounds.MAX_TOKENS, 0, 0, 0));
    Pricer.Rates big = new Pricer.Rates(1_000_000_000_000L, 1_000_000_000_000L, 0, 0, 0, null);
    // 2e9 tokens x 1e12 pico = 2e21 pico = 2e18 nano: beyond 64-bit pico, exact in nano.
    assertEquals(
        2_000_000_000_000_000_000L,
        big.nanos(EventBounds.MAX_TOKENS, EventBounds.MAX_TOKENS, 0, 0));
  }

  // Broke: a ts in year 10000 or a negative year was written to tool_audit_+10000-01-01.jsonl,
  // which the reader ignores after a restart: accepted, then never counted.
  @Test
  void recordUsageRejectsTimesOutsideTheWindowAroundNow() {
    for (String ts :
        List.of(
            "+10000-01-01T00:00:00Z",
            "-0001-01-01T00:00:00Z",
            "2026-02-25T00:00:01Z",
            "2025-01-19T00:00:00Z",
            "+999999999-12-31T23:59:59Z")) {
      IllegalArgumentException e =
          assertThrows(
              IllegalArgumentException.class,
              () -> EventValidator.validate(event("ts", ts), NOW),
              ts);
      assertTrue(e.getMessage().contains("ts"), e.getMessage());
    }
    EventValidator.validate(event("ts", "2026-02-24T23:59:59Z"), NOW);
    EventValidator.validate(event("ts", "2025-01-21T00:00:00Z"), NOW);
  }

  // Broke: record_usage answered "ts '2026-02-30T00:00:00Z' is not ISO-8601 with Z or an offset"
  // for a time that has its zone; the date is what does not exist.
  @Test
  void aTimestampOnADayTheCalendarLacksIsCalledAnImpossibleDate() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> EventValidator.validate(event("ts", "2026-02-30T00:00:00Z"), NOW));
    assertEquals(
        "ts '2026-02-30T00:00:00Z' is not a date: 2026-02 has 28 days; pass a day from 01 to 28",
        e.getMessage());
  }

  @Test
  void theLogRefusesToAppendAnEventItCouldNotReadBack() throws IOException {
    try (JsonlEventLog log = open()) {
      UsageEvent e = EventValidator.validate(event(), NOW);
      for (String ts : List.of("+10000-01-01T00:00:00Z", "-0001-12-31T23:59:59Z")) {
        UsageEvent outside = at(ts, e.status());
        IllegalArgumentException refused =
            assertThrows(IllegalArgumentException.class, () -> log.append(List.of(outside)), ts);
        assertTrue(refused.getMessage().contains("outside the years"), refused.getMessage());
      }
      try (Stream<Path> files = Files.list(dir.resolve("audit"))) {
        assertEquals(0, files.count());
      }
      // The years at either end are written where the reader looks, each to its own day's file,
      // also when the day before was the one an append named last.
      log.append(List.of(at("9999-12-31T23:59:59.999999Z", e.status())));
      log.append(List.of(at("0000-01-01T00:00:00Z", e.status())));
      log.append(List.of(at("0000-01-02T00:00:00Z", e.status())));
      try (Stream<Path> files = Files.list(dir.resolve("audit"))) {
        assertEquals(
            List.of(
                "tool_audit_0000-01-01.jsonl",
                "tool_audit_0000-01-02.jsonl",
                "tool_audit_9999-12-31.jsonl"),
            files.map(f -> f.getFileName().toString()).sorted().toList());
      }
    }
  }

  /** An event at {@code ts}, whatever the validator's window around now allows. */
  private static UsageEvent at(String ts, dev.burnrate.usage.Status status) {
    Instant t = Instant.parse(ts);
    long micros = t.getEpochSecond() * 1_000_000L + t.getNano() / 1_000;
    return TestEvents.event(micros, "r", null, "t", status, 0, 0, 0, null);
  }

  // Broke: each record_usage call could create 1,000 day files and every look at the log reopened
  // every file, so an idle server burned most of a core; a look must cost nothing per idle file.
  @Test
  void aLookAtTheLogOnlyReadsFilesThatChanged() throws Exception {
    for (int d = 1; d <= 28; d++) {
      write(
          String.format("2026-02-%02d", d),
          JsonlEventLogTest.line(String.format("2026-02-%02dT10:00:00Z", d), "t"));
    }
    try (JsonlEventLog log = open()) {
      assertEquals(28L, log.index().eventCount());
      write("2026-02-10", JsonlEventLogTest.line("2026-02-10T11:00:00Z", "t"));
      long deadline = System.nanoTime() + 5_000_000_000L;
      while (log.index().eventCount() < 29 && System.nanoTime() < deadline) {
        Thread.sleep(20);
        log.refreshIfOlderThan(0);
      }
      assertEquals(29L, log.index().eventCount());
      assertTrue(log.filesReadLastLook() <= 1, "files read: " + log.filesReadLastLook());
    }
  }

  // Broke: an index built from a line later edited in place (same length) was never noticed, so a
  // stale index was served; a segment older than its log file is now checked against its CRC.
  @Test
  void aLineEditedInPlaceIsReindexedAtTheNextStart() throws IOException {
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < 20_000; i++) {
      text.append(
          "{\"ts\":\"2026-02-23T10:00:00Z\",\"tool\":\"t\",\"status\":\"pass\",\"cost_usd\":1.0}\n");
    }
    write("2026-02-23", text.toString());
    try (JsonlEventLog log = open()) {
      assertEquals(new BigDecimal("20000.000000"), totals(report(log)).costUsd());
    }
    List<Path> segments = new ArrayList<>();
    try (Stream<Path> s = Files.list(dir.resolve("index"))) {
      s.filter(p -> p.toString().endsWith(".seg")).forEach(segments::add);
    }
    assertFalse(segments.isEmpty(), "a persisted segment");
    for (Path seg : segments) {
      Files.setLastModifiedTime(seg, FileTime.from(Instant.parse("2020-01-01T00:00:00Z")));
    }
    Path file = dir.resolve("audit/tool_audit_2026-02-23.jsonl");
    String edited = Files.readString(file).replaceFirst("\"cost_usd\":1.0}", "\"cost_usd\":9.0}");
    Files.writeString(file, edited);
    try (JsonlEventLog log = open()) {
      assertEquals(new BigDecimal("20008.000000"), totals(report(log)).costUsd());
    }
  }

  @Test
  void anUnchangedLogIsTrustedWithoutReadingItAgain() throws IOException {
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < 20_000; i++) {
      text.append(
          "{\"ts\":\"2026-02-23T10:00:00Z\",\"tool\":\"t\",\"status\":\"pass\",\"cost_usd\":1.0}\n");
    }
    write("2026-02-23", text.toString());
    try (JsonlEventLog log = open()) {
      assertEquals(20_000L, log.index().eventCount());
    }
    Path file = dir.resolve("audit/tool_audit_2026-02-23.jsonl");
    Files.setLastModifiedTime(file, FileTime.from(Instant.parse("2020-01-01T00:00:00Z")));
    try (JsonlEventLog log = open()) {
      assertEquals(20_000L, log.index().eventCount());
      assertTrue(totals(report(log)).saturated().isEmpty());
    }
  }
}

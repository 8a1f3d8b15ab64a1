package dev.burnrate.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.burnrate.engine.CostEngine;
import dev.burnrate.engine.EventIndex;
import dev.burnrate.engine.Pricer;
import dev.burnrate.engine.ReportQuery;
import dev.burnrate.usage.CostWeights;
import dev.burnrate.usage.Dimension;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;
import org.junit.jupiter.api.io.TempDir;

/**
 * The parallel first ingest against the single-threaded one on a real month: the 5M-event reference
 * month (1.4 GB, see the README's performance section), named by {@code BURNRATE_REFERENCE_MONTH}.
 * Too large to generate in every build, so it runs when that variable is set: {@code
 * BURNRATE_REFERENCE_MONTH=DIR mvn -B -ntp test -Dtest=ReferenceMonthIngestTest}. {@link
 * ParallelIngestTest} checks the same on generated events in every build.
 */
@EnabledIfEnvironmentVariable(named = "BURNRATE_REFERENCE_MONTH", matches = ".+")
class ReferenceMonthIngestTest {
  @Test
  void parallelIngestAgreesWithTheSingleThreadedOneToTheNanoDollar(@TempDir Path dir)
      throws IOException {
    Path audit = Path.of(System.getenv("BURNRATE_REFERENCE_MONTH"));
    List<LocalDate> days;
    try (var files = Files.list(audit)) {
      days =
          files
              .map(p -> p.getFileName().toString())
              .filter(n -> n.matches("tool_audit_\\d{4}-\\d{2}-\\d{2}\\.jsonl"))
              .map(n -> LocalDate.parse(n.substring(11, 21)))
              .sorted()
              .toList();
    }
    assertTrue(days.size() >= 28, "not a month of audit files in " + audit + ": " + days);
    Instant from = days.get(0).atStartOfDay(ZoneOffset.UTC).toInstant();
    Instant to = days.get(days.size() - 1).plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
    // Every dimension on its own (each of its values a row), and one cross of four.
    List<ReportQuery> queries = new java.util.ArrayList<>();
    for (Dimension d : Dimension.values()) {
      queries.add(new ReportQuery(from, to, List.of(d), 1000, true, true));
    }
    queries.add(
        new ReportQuery(
            from,
            to,
            List.of(Dimension.TOOL, Dimension.AGENT, Dimension.MODEL, Dimension.STATUS),
            1000,
            true,
            true));

    List<Map<String, Object>> expected;
    List<dev.burnrate.engine.Segment.Malformed> expectedBad;
    long events;
    try (JsonlEventLog one = open(audit, dir.resolve("one"), 1)) {
      events = one.index().eventCount();
      expectedBad = one.malformed();
      expected = reports(one, queries);
    }
    assertTrue(events >= 4_000_000, "events: " + events);
    try (JsonlEventLog two = open(audit, dir.resolve("two"), 2)) {
      assertEquals(events, two.index().eventCount());
      assertEquals(expectedBad, two.malformed());
      assertEquals(expected, reports(two, queries));
      assertTrue(
          (Long) two.stats().get("persisted_segments") > days.size(),
          "files were cut into ranges: " + two.stats());
    }
  }

  private static List<Map<String, Object>> reports(JsonlEventLog log, List<ReportQuery> queries) {
    CostEngine engine = new CostEngine(log.index());
    return queries.stream().map(q -> dev.burnrate.wire.Wire.toMap(engine.report(q))).toList();
  }

  private static JsonlEventLog open(Path audit, Path index, int workers) throws IOException {
    return JsonlEventLog.open(
        audit, index, new EventIndex(CostWeights.BUILT_IN, Pricer.NONE), workers, 0);
  }
}

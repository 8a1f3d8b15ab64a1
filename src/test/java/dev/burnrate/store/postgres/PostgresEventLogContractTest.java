package dev.burnrate.store.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.burnrate.store.EventLog;
import dev.burnrate.store.EventLogContract;
import dev.burnrate.usage.UsageEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class PostgresEventLogContractTest extends EventLogContract {
  private PgSettings settings;

  @BeforeEach
  void freshDatabase() throws Exception {
    settings =
        new PgSettings(PgCluster.shared().createDatabase(), PgCluster.USER, null, 4, "burnrate");
    try (Database db = Database.connect(settings)) {
      db.migrate();
    }
  }

  @Override
  protected EventLog openInstance() throws Exception {
    return PostgresEventLog.open(Database.connect(settings), newIndex());
  }

  @Test
  void writersInSeveralInstancesLoseAndDuplicateNothing() throws Exception {
    int writers = 4;
    List<EventLog> logs = new ArrayList<>();
    for (int i = 0; i < writers; i++) {
      logs.add(open());
    }
    ExecutorService pool = Executors.newFixedThreadPool(writers);
    AtomicLong accepted = new AtomicLong();
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int w = 0; w < writers; w++) {
        EventLog log = logs.get(w);
        int me = w;
        done.add(
            pool.submit(
                () -> {
                  for (int b = 0; b < 10; b++) {
                    List<UsageEvent> batch = new ArrayList<>();
                    for (int k = 0; k < 100; k++) { // over COPY_AT: the COPY path under contention
                      batch.add(
                          event(
                              k % 2 == 0 ? "shared-" + b + "-" + k : "w" + me + "-" + b + "-" + k,
                              "a" + me,
                              b));
                    }
                    accepted.addAndGet(count(log.append(batch)));
                  }
                  return null;
                }));
      }
      for (Future<?> f : done) {
        f.get();
      }
    } finally {
      pool.shutdown();
    }
    long expected = 10 * 50 + writers * 10 * 50L;
    assertEquals(expected, accepted.get());
    for (EventLog log : logs) {
      log.refresh();
      assertEquals(expected, log.index().eventCount(), "every instance followed every row once");
    }
  }

  @Test
  void appendsFromManyThreadsShareCommitsAndEachIsInTheIndexWhenItReturns() throws Exception {
    EventLog log = open();
    int threads = 16;
    int each = 25;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    AtomicLong accepted = new AtomicLong();
    AtomicLong unseen = new AtomicLong();
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int me = t;
        done.add(
            pool.submit(
                () -> {
                  for (int i = 0; i < each; i++) {
                    // Half the ids are sent by every thread: one of each may win, whichever.
                    String id = i % 2 == 0 ? "shared-" + i : "t" + me + "-" + i;
                    UsageEvent e = event(id, "a" + me, i);
                    accepted.addAndGet(count(log.append(List.of(e))));
                    if (!log.index()
                        .containsRequest(
                            dev.burnrate.engine.SegmentBuilder.reqHash(id), e.tsMicros())) {
                      unseen.incrementAndGet(); // read-your-writes broken for this caller
                    }
                  }
                  return null;
                }));
      }
      for (Future<?> f : done) {
        f.get();
      }
    } finally {
      pool.shutdown();
    }
    long expected = 13 + threads * 12L;
    assertEquals(expected, accepted.get());
    assertEquals(0, unseen.get(), "every append was in its own process's index when it returned");
    assertEquals(expected, open().index().eventCount());
  }

  @org.junit.jupiter.api.Test
  void aReplicaWithASegmentDirectoryMapsFullSegmentsAndAnswersTheSame(
      @org.junit.jupiter.api.io.TempDir java.nio.file.Path data) throws Exception {
    int saved = PostgresEventLog.segmentEvents;
    PostgresEventLog.segmentEvents = 1_000;
    try {
      java.util.List<dev.burnrate.usage.UsageEvent> events = new java.util.ArrayList<>();
      for (int i = 0; i < 3_500; i++) {
        events.add(event("spill-" + i, "agent-" + (i % 7), i % 3_000));
      }
      open().append(events);
      java.nio.file.Path dir = data.resolve("index/postgres");
      java.nio.file.Files.createDirectories(dir);
      java.nio.file.Files.writeString(dir.resolve("postgres@1-2.seg"), "left by an earlier run");
      try (PostgresEventLog heap = PostgresEventLog.open(Database.connect(settings), newIndex());
          PostgresEventLog mapped =
              PostgresEventLog.open(Database.connect(settings), newIndex(), dir)) {
        org.junit.jupiter.api.Assertions.assertEquals(3_500, mapped.index().eventCount());
        try (java.util.stream.Stream<java.nio.file.Path> files = java.nio.file.Files.list(dir)) {
          org.junit.jupiter.api.Assertions.assertEquals(
              java.util.List.of(
                  "postgres@1-1001.seg", "postgres@1001-2001.seg", "postgres@2001-3001.seg"),
              files
                  .map(f -> f.getFileName().toString())
                  .filter(f -> f.endsWith(".seg"))
                  .sorted()
                  .toList(),
              "three full segments mapped, the rest on the heap, the old file gone");
        }
        org.junit.jupiter.api.Assertions.assertEquals(byAgent(heap), byAgent(mapped));
      }
      // A restart uses the segments again (the files are not rewritten) and reads only the rest.
      java.nio.file.attribute.FileTime written =
          java.nio.file.Files.getLastModifiedTime(dir.resolve("postgres@1-1001.seg"));
      open().append(java.util.List.of(event("after-restart", "agent-x", 10)));
      try (PostgresEventLog again =
              PostgresEventLog.open(Database.connect(settings), newIndex(), dir);
          PostgresEventLog heap = PostgresEventLog.open(Database.connect(settings), newIndex())) {
        org.junit.jupiter.api.Assertions.assertEquals(
            byAgent(heap), byAgent(again), "saved sums answer as the rows do");
        org.junit.jupiter.api.Assertions.assertEquals(3_501, again.index().eventCount());
        try (java.util.stream.Stream<java.nio.file.Path> files = java.nio.file.Files.list(dir)) {
          org.junit.jupiter.api.Assertions.assertEquals(
              3, files.filter(f -> f.toString().endsWith(".rollup")).count(), "their hourly sums");
        }
        org.junit.jupiter.api.Assertions.assertEquals(
            written, java.nio.file.Files.getLastModifiedTime(dir.resolve("postgres@1-1001.seg")));
      }
      // Another database with the same ids: the segments do not describe it, so it is read whole.
      PgSettings other =
          new PgSettings(PgCluster.shared().createDatabase(), PgCluster.USER, null, 4, "burnrate");
      try (Database db = Database.connect(other)) {
        db.migrate();
      }
      java.util.List<dev.burnrate.usage.UsageEvent> others = new java.util.ArrayList<>();
      for (int i = 0; i < 3_200; i++) {
        others.add(event("other-" + i, "someone", i % 3_000));
      }
      try (PostgresEventLog w = PostgresEventLog.open(Database.connect(other), newIndex())) {
        w.append(others);
      }
      try (PostgresEventLog o = PostgresEventLog.open(Database.connect(other), newIndex(), dir)) {
        org.junit.jupiter.api.Assertions.assertEquals(3_200, o.index().eventCount());
        String answer = byAgent(o).toString();
        org.junit.jupiter.api.Assertions.assertTrue(
            answer.contains("someone") && !answer.contains("agent-"),
            "nothing of the first database: " + answer);
      }
    } finally {
      PostgresEventLog.segmentEvents = saved;
    }
  }

  /** The last two hours by agent, as answered from {@code log}'s index. */
  private static com.fasterxml.jackson.databind.JsonNode byAgent(PostgresEventLog log) {
    return dev.burnrate.wire.Wire.tree(
        new dev.burnrate.engine.CostEngine(log.index())
            .report(
                new dev.burnrate.engine.ReportQuery(
                    NOW.minusSeconds(7_200),
                    NOW,
                    java.util.List.of(dev.burnrate.usage.Dimension.AGENT),
                    100,
                    true,
                    false)));
  }

  @org.junit.jupiter.api.Test
  void namesReadBackFromTheTableAreTheNamesWritten() throws Exception {
    java.util.List<String> names =
        java.util.List.of("café-agent", "agent \"quoted\" \\ back", "😀 emoji", "tab\there", "日本語");
    java.util.List<dev.burnrate.usage.UsageEvent> events = new java.util.ArrayList<>();
    for (int i = 0; i < names.size(); i++) {
      events.add(event("name-" + i + "-" + names.get(i), names.get(i), i));
    }
    open().append(events);
    try (PostgresEventLog fresh = PostgresEventLog.open(Database.connect(settings), newIndex())) {
      com.fasterxml.jackson.databind.JsonNode report = byAgent(fresh);
      java.util.List<String> seen = new java.util.ArrayList<>();
      report.at("/breakdowns/agent_id").forEach(row -> seen.add(row.path("agent_id").asText()));
      org.junit.jupiter.api.Assertions.assertEquals(
          names.stream().sorted().toList(), seen.stream().sorted().toList(), report.toString());
      for (int i = 0; i < names.size(); i++) {
        org.junit.jupiter.api.Assertions.assertTrue(
            fresh
                .index()
                .containsRequest(
                    dev.burnrate.engine.SegmentBuilder.reqHash("name-" + i + "-" + names.get(i)),
                    events.get(i).tsMicros()),
            "req_id " + i + " is known by its hash");
      }
    }
  }

  @Test
  void largeBatchesAreStoredInTheirOrderWithTheirNamesWhetherOrNotOneIsAResend() throws Exception {
    List<String> names = List.of("plain", "tab\there", "back\\slash", "new\nline", "cr\rhere");
    List<UsageEvent> fresh = new ArrayList<>();
    List<UsageEvent> resent = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      fresh.add(event("fresh-" + (99 - i), names.get(i % names.size()) + i, i));
      resent.add(event("again-" + (99 - i), names.get(i % names.size()) + i, i));
    }
    resent.set(50, fresh.get(7)); // stored by the first batch: this one goes the duplicate way
    EventLog log = open();
    assertEquals(100, count(log.append(fresh)));
    boolean[] ok = log.append(resent);
    assertEquals(99, count(ok));
    org.junit.jupiter.api.Assertions.assertFalse(ok[50]);
    List<String> want = new ArrayList<>();
    for (UsageEvent e : fresh) {
      want.add(e.reqId() + " " + e.agentId());
    }
    for (UsageEvent e : resent) {
      if (e != fresh.get(7)) {
        want.add(e.reqId() + " " + e.agentId());
      }
    }
    List<String> stored = new ArrayList<>();
    try (Database db = Database.connect(settings);
        java.sql.Connection c = db.connection();
        java.sql.ResultSet r =
            c.createStatement()
                .executeQuery("SELECT req_id, agent_id FROM usage_events ORDER BY id")) {
      while (r.next()) {
        stored.add(r.getString(1) + " " + r.getString(2));
      }
    }
    assertEquals(want, stored, "ids follow each batch's order; names come back as written");
  }

  @Test
  void aHistoryWithGapsInItsIdsIsReadInRangesAsOneReaderReadsIt(
      @org.junit.jupiter.api.io.TempDir java.nio.file.Path data) throws Exception {
    int saved = PostgresEventLog.segmentEvents;
    PostgresEventLog.segmentEvents = 100;
    try {
      EventLog writer = open();
      int stored = 0;
      for (int b = 0; b < 12; b++) {
        List<UsageEvent> batch = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
          // Every batch after the first resends 30 of the one before: they take ids, leaving gaps.
          int n = i < 30 && b > 0 ? (b - 1) * 100 + 70 + i : b * 100 + i;
          batch.add(event("gap-" + n, "agent-" + (n % 5), n % 3_000));
        }
        stored += count(writer.append(batch));
      }
      long maxId;
      try (Database db = Database.connect(settings);
          java.sql.Connection c = db.connection();
          java.sql.ResultSet r =
              c.createStatement().executeQuery("SELECT max(id) FROM usage_events")) {
        r.next();
        maxId = r.getLong(1);
      }
      org.junit.jupiter.api.Assertions.assertTrue(maxId > stored, "ids with gaps: " + maxId);
      PgSettings oneConnection =
          new PgSettings(settings.url(), settings.user(), null, 1, settings.schema());
      java.nio.file.Path dir = data.resolve("index/postgres");
      try (PostgresEventLog one =
              PostgresEventLog.open(Database.connect(oneConnection), newIndex());
          PostgresEventLog ranges = PostgresEventLog.open(Database.connect(settings), newIndex());
          PostgresEventLog mapped =
              PostgresEventLog.open(Database.connect(settings), newIndex(), dir)) {
        for (PostgresEventLog log : List.of(one, ranges, mapped)) {
          assertEquals(stored, log.index().eventCount());
          org.junit.jupiter.api.Assertions.assertTrue(
              log.index()
                  .containsRequest(
                      dev.burnrate.engine.SegmentBuilder.reqHash("gap-1199"),
                      event("gap-1199", "x", 1199).tsMicros()));
        }
        assertEquals(byAgent(one), byAgent(ranges));
        assertEquals(byAgent(one), byAgent(mapped));
      }
      java.util.Map<String, java.nio.file.attribute.FileTime> files = segmentFiles(dir);
      org.junit.jupiter.api.Assertions.assertTrue(files.size() >= 9, files.toString());
      // The next start takes the mapped segments as they are and answers the same.
      try (PostgresEventLog one =
              PostgresEventLog.open(Database.connect(oneConnection), newIndex());
          PostgresEventLog again =
              PostgresEventLog.open(Database.connect(settings), newIndex(), dir)) {
        assertEquals(stored, again.index().eventCount());
        assertEquals(byAgent(one), byAgent(again));
        assertEquals(files, segmentFiles(dir), "no segment written again");
      }
    } finally {
      PostgresEventLog.segmentEvents = saved;
    }
  }

  private static java.util.Map<String, java.nio.file.attribute.FileTime> segmentFiles(
      java.nio.file.Path dir) throws java.io.IOException {
    java.util.Map<String, java.nio.file.attribute.FileTime> out = new java.util.TreeMap<>();
    try (java.util.stream.Stream<java.nio.file.Path> files = java.nio.file.Files.list(dir)) {
      for (java.nio.file.Path f : files.filter(f -> f.toString().endsWith(".seg")).toList()) {
        out.put(f.getFileName().toString(), java.nio.file.Files.getLastModifiedTime(f));
      }
    }
    return out;
  }
}

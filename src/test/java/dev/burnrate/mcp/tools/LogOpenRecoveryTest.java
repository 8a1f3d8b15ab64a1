package dev.burnrate.mcp.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.burnrate.engine.EventIndex;
import dev.burnrate.engine.Pricer;
import dev.burnrate.store.JsonlEventLog;
import dev.burnrate.usage.CostWeights;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LogOpenRecoveryTest {
  static final Duration RETRY = Duration.ofSeconds(5);
  @TempDir Path dir;
  final AtomicLong nanos = new AtomicLong();

  ToolContext context(ToolContext.Opener<JsonlEventLog> opener) {
    return new ToolContext(
        opener, Clock.fixed(Instant.EPOCH, ZoneOffset.UTC), () -> {}, null, dir, () -> null);
  }

  JsonlEventLog open(Path audit) {
    try {
      return JsonlEventLog.open(
          audit, dir.resolve("index"), new EventIndex(CostWeights.BUILT_IN, Pricer.NONE));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  // When the server's background open of the event log failed once, the failed future was kept
  // and every tool failed until a restart, even after the cause was gone.
  @Test
  void aLogThatFailedToOpenIsOpenedByALaterCallOnceTheCauseIsFixed() throws IOException {
    Path audit = dir.resolve("audit");
    Files.writeString(audit, "a file where the audit directory belongs");
    AtomicInteger attempts = new AtomicInteger();
    ToolContext.Opener<JsonlEventLog> opener =
        new ToolContext.Opener<>(
            () -> {
              attempts.incrementAndGet();
              return open(audit);
            },
            Runnable::run,
            RETRY,
            nanos::get);
    ToolContext ctx = context(opener);

    IllegalStateException first = assertThrows(IllegalStateException.class, ctx::log);
    assertTrue(first.getMessage().contains("could not be opened"), first.getMessage());
    assertTrue(first.getMessage().contains("retry"), first.getMessage());

    Files.delete(audit);
    nanos.addAndGet(RETRY.toNanos() - 1);
    assertThrows(IllegalStateException.class, ctx::log, "no new attempt within the interval");
    assertEquals(1, attempts.get());

    nanos.addAndGet(1);
    try (JsonlEventLog log = (JsonlEventLog) ctx.log()) {
      assertEquals(0, log.index().eventCount());
      assertEquals(2, attempts.get());
      assertSame(log, opener.ready().join());
      assertSame(log, ctx.log(), "an open log is kept");
      assertEquals(2, attempts.get());
    }
  }

  // An OutOfMemoryError while indexing a huge history escaped the open and was never retried.
  @Test
  void anOutOfMemoryErrorDuringTheOpenIsReportedAndRetried() {
    AtomicInteger attempts = new AtomicInteger();
    Path audit = dir.resolve("audit");
    ToolContext.Opener<JsonlEventLog> opener =
        new ToolContext.Opener<>(
            () -> {
              if (attempts.incrementAndGet() == 1) {
                throw new OutOfMemoryError("Java heap space");
              }
              return open(audit);
            },
            Runnable::run,
            RETRY,
            nanos::get);
    ToolContext ctx = context(opener);

    IllegalStateException e = assertThrows(IllegalStateException.class, ctx::log);
    assertTrue(e.getMessage().contains("OutOfMemoryError"), e.getMessage());
    nanos.addAndGet(RETRY.toNanos());
    try (JsonlEventLog log = (JsonlEventLog) ctx.log()) {
      assertEquals(2, attempts.get());
    }
  }
}

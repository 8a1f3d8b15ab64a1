package dev.burnrate.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** A file's read buffer: one per file, reused, grown in powers of two. */
class FileStateTest {
  @Test
  void theBufferIsReusedUntilAReadNeedsMoreThenGrowsToThePowerOfTwoAbove() {
    FileState st = new FileState(Path.of("tool_audit_2026-02-23.jsonl"));
    byte[] first = st.buffer(100);
    assertEquals(16 << 10, first.length, "small reads share a 16 KB buffer");
    assertSame(first, st.buffer(16 << 10), "a read that fits reuses it");
    byte[] grown = st.buffer((600 << 10) + 1);
    assertEquals(1 << 20, grown.length);
    assertSame(grown, st.buffer(100), "and the grown one is kept for the small reads after");
    assertTrue(st.buffer(1 << 20) == grown, "a megabyte exactly fits");
    byte[] burst = st.buffer(FileState.KEPT_AT_MOST + 1);
    assertEquals(FileState.KEPT_AT_MOST + 1, burst.length);
    assertSame(grown, st.buffer(100), "a burst's block-sized array is not kept");
  }
}

package dev.burnrate.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * Short values are kept padded to a word and compared as one masked word: a value must intern to
 * one id wherever its bytes lie (mid-buffer, where a whole word is read, or at the very end, where
 * it is not), and values that differ only in what follows them must not meet.
 */
class InternTest {
  @Test
  void aShortValueHasOneIdWhereverItsBytesLie() {
    SegmentBuilder b = new SegmentBuilder("a", 0, 1);
    byte[] buf = "ws_04\",\"ws_0\",\"ws_04x\",\"ws_04".getBytes(StandardCharsets.UTF_8);
    int mid = b.intern(0, buf, 0, 5);
    int prefix = b.intern(0, buf, 8, 4);
    int longer = b.intern(0, buf, 15, 6);
    int atEnd = b.intern(0, buf, buf.length - 5, 5);
    assertEquals(mid, atEnd, "ws_04 mid-buffer and at its end");
    assertEquals(mid, b.intern(0, "ws_04"), "ws_04 from a string");
    assertNotEquals(mid, prefix);
    assertNotEquals(mid, longer);
    assertNotEquals(prefix, longer);
    for (int i = 0; i < 200; i++) { // past a few rehashes
      b.intern(0, "v" + i);
    }
    assertEquals(mid, b.intern(0, buf, buf.length - 5, 5), "after rehashing");
    assertEquals(prefix, b.intern(0, buf, 8, 4), "after rehashing");
    assertEquals(longer, b.intern(0, "ws_04x"), "after rehashing");
  }
}

package dev.burnrate.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The word-at-a-time compare agrees with the library's, at every offset and length. */
class BytesTest {
  @Test
  void sameAgreesWithArraysEqualsAndEqualBytesHashAlike() {
    Random rnd = new Random(3);
    for (int round = 0; round < 50_000; round++) {
      int len = rnd.nextInt(30);
      byte[] a = new byte[len + rnd.nextInt(9)];
      byte[] b = new byte[len + rnd.nextInt(9)];
      rnd.nextBytes(a);
      int aOff = rnd.nextInt(a.length - len + 1);
      int bOff = rnd.nextInt(b.length - len + 1);
      System.arraycopy(a, aOff, b, bOff, len);
      if (len > 0 && rnd.nextBoolean()) {
        b[bOff + rnd.nextInt(len)] ^= (byte) (1 << rnd.nextInt(8)); // one bit anywhere
      }
      boolean want = Arrays.equals(a, aOff, aOff + len, b, bOff, bOff + len);
      assertEquals(want, Bytes.same(a, aOff, b, bOff, len), "len " + len);
      if (want) {
        assertEquals(Bytes.hash(a, aOff, len), Bytes.hash(b, bOff, len));
      }
    }
  }
}

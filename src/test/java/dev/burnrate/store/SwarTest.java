package dev.burnrate.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** The eight-at-a-time searches agree with a byte-by-byte loop, at every offset and length. */
class SwarTest {
  static final byte[] ALPHABET = {'a', '"', '\\', '\n', 0x1f, 0x20, (byte) 0x80, (byte) 0xe9, 0};

  @Test
  void searchesFindWhatAByteLoopFinds() {
    Random rnd = new Random(5);
    for (int round = 0; round < 20_000; round++) {
      byte[] b = new byte[1 + rnd.nextInt(40)];
      for (int i = 0; i < b.length; i++) {
        // mostly plain bytes, so matches sit anywhere in a word, or nowhere
        b[i] =
            rnd.nextInt(6) == 0
                ? ALPHABET[rnd.nextInt(ALPHABET.length)]
                : (byte) (0x21 + rnd.nextInt(0x5e));
      }
      int from = rnd.nextInt(b.length);
      int to = from + rnd.nextInt(b.length - from + 1);
      assertEquals(naiveIndexOf(b, from, to), Swar.indexOf(b, (byte) '\n', from, to));
      assertEquals(naiveStop(b, from, to), Swar.stringStop(b, from, to));
    }
  }

  static int naiveIndexOf(byte[] b, int from, int to) {
    for (int i = from; i < to; i++) {
      if (b[i] == '\n') {
        return i;
      }
    }
    return -1;
  }

  static int naiveStop(byte[] b, int from, int to) {
    for (int i = from; i < to; i++) {
      if (b[i] == '"' || b[i] == '\\' || (b[i] & 0xff) < 0x20) {
        return i;
      }
    }
    return to;
  }
}

package dev.burnrate.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RollupSidecarsTest {
  @TempDir Path dir;

  @Test
  void aFileWrittenForcedAPieceAtATimeHoldsExactlyItsBytes() throws IOException {
    int every = RollupSidecars.FORCE_EVERY;
    Random random = new Random(7);
    for (int size : new int[] {0, 1, every - 1, every, every + 1, 3 * every + 17}) {
      for (boolean forced : new boolean[] {false, true}) {
        byte[] bytes = new byte[size + 5];
        random.nextBytes(bytes);
        // A buffer that starts past its array's start and stops short of its end, as a slice of
        // a segment's serialized form may.
        ByteBuffer data = ByteBuffer.wrap(bytes, 3, size);
        Path target = dir.resolve(size + "-" + forced + ".seg");
        RollupSidecars.writeAtomically(target, data, forced);
        byte[] expected = java.util.Arrays.copyOfRange(bytes, 3, 3 + size);
        assertArrayEquals(expected, Files.readAllBytes(target), size + " bytes, forced " + forced);
        assertEquals(0, data.remaining(), "every byte written");
      }
    }
    try (Stream<Path> files = Files.list(dir)) {
      assertEquals(12, files.count(), "no temporary file left behind");
    }
  }
}

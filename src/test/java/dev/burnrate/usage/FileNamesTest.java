package dev.burnrate.usage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class FileNamesTest {
  @Test
  void plainNamesAndDottedVersionsKeepTheFileNamesTheyAlwaysHad() {
    assertEquals("media-1", FileNames.of("media-1"));
    assertEquals("_hidden", FileNames.of("_hidden"));
    assertEquals("release-2_1.4.0", FileNames.of("release-2:1.4.0"));
    assertEquals("release-2_2.0.1", FileNames.of("release-2:2.0.1"));
  }

  @Test
  void namesThatDifferOnlyInUnsafeCharactersNeverShareAFileName() {
    // '.hidden' and '_hidden' (and 'a b' and 'a_b') had one file name, so an override or a draft
    // written for one agent was read as the other's.
    Random random = new Random(7);
    String alphabet = "aZ09_-.:~+/\\ \n\u001b\u202eé\uD83D\uDE00\uD800";
    List<String> names =
        new java.util.ArrayList<>(
            List.of(
                ".hidden",
                "_hidden",
                "a b",
                "a_b",
                "a:1",
                "a_1",
                "a:1.0",
                "a_1.0",
                "a:1_2.0",
                "a_1:2.0",
                "a:b:1.0",
                "a~",
                "a_~",
                "",
                ".",
                "_",
                "..",
                "x".repeat(64),
                "x".repeat(65),
                "x".repeat(256),
                "x".repeat(255) + "y",
                "\uD800",
                "\uD801"));
    names.add(FileNames.of(".hidden")); // a plain-looking name equal to an escaped one
    for (int i = 0; i < 20_000; i++) {
      StringBuilder sb = new StringBuilder();
      for (int n = random.nextInt(8); n >= 0; n--) {
        sb.append(alphabet.charAt(random.nextInt(alphabet.length())));
      }
      names.add(sb.toString());
    }
    Map<String, String> seen = new HashMap<>();
    for (String name : names) {
      String file = FileNames.of(name);
      String before = seen.putIfAbsent(file, name);
      assertTrue(
          before == null || before.equals(name),
          "'" + before + "' and '" + name + "' share the file name " + file);
      assertTrue(file.matches("[A-Za-z0-9_.~-]{1,129}") && !file.startsWith("."), file);
    }
  }

  @Test
  void aLongNameKeepsAReadablePrefixAndStaysShort() {
    String file = FileNames.of("agent-" + "x".repeat(250));
    assertEquals(77, file.length(), file);
    assertTrue(file.startsWith("agent-" + "x".repeat(54) + "~"), file);
  }
}

package dev.burnrate.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.burnrate.config.Config;
import dev.burnrate.config.ConfigLoader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InitTest {
  static final Path SHIPPED = Path.of("config");
  @TempDir Path tmp;

  @Test
  void writesTheShippedExamplesAndTheyLoadCleanly() throws Exception {
    Path dir = tmp.resolve("my-config");
    Fixture.Result r = Fixture.runRaw("init", dir.toString());
    assertEquals(0, r.exit(), r.err());
    for (String f : StarterConfig.FILES) {
      assertArrayEquals(
          Files.readAllBytes(SHIPPED.resolve(f)), Files.readAllBytes(dir.resolve(f)), f);
      assertTrue(r.out().contains(f), r.out());
    }
    Config c = ConfigLoader.load(dir);
    assertEquals("dev", c.rbac().defaultPrincipal().orElseThrow());
    assertTrue(r.out().contains("validate-config"), r.out());
  }

  @Test
  void bundlesEveryFileOfTheShippedConfigDirectory() throws IOException {
    try (Stream<Path> s = Files.list(SHIPPED)) {
      assertEquals(s.map(p -> p.getFileName().toString()).sorted().toList(), StarterConfig.FILES);
    }
  }

  @Test
  void refusesToOverwriteWithoutForce() throws Exception {
    Path dir = tmp.resolve("c");
    assertEquals(0, Fixture.runRaw("init", dir.toString()).exit());
    Files.writeString(dir.resolve("budget.yaml"), "# mine\n");
    Files.writeString(dir.resolve("limits.yaml"), "# mine too\n");

    Fixture.Result again = Fixture.runRaw("init", dir.toString());
    assertEquals(2, again.exit());
    assertTrue(
        again.err().contains("already has budget.yaml") && again.err().contains("--force"),
        again.err());
    assertEquals("# mine\n", Files.readString(dir.resolve("budget.yaml")), "nothing overwritten");

    Fixture.Result forced = Fixture.runRaw("init", "--force", dir.toString());
    assertEquals(0, forced.exit(), forced.err());
    assertArrayEquals(
        Files.readAllBytes(SHIPPED.resolve("budget.yaml")),
        Files.readAllBytes(dir.resolve("budget.yaml")));
    assertTrue(
        !Files.exists(dir.resolve("limits.yaml")),
        "the other spelling would clash with limits.yml");
    ConfigLoader.load(dir);
  }

  @Test
  void refusesAFileWhereTheDirectoryShouldBe() throws Exception {
    Path file = Files.writeString(tmp.resolve("taken"), "x");
    Fixture.Result r = Fixture.runRaw("init", file.toString());
    assertEquals(2, r.exit());
    assertTrue(r.err().contains("is not a directory"), r.err());
  }

  @Test
  void looksInDotConfigThenTheUserConfigDirectoryThenUsesTheBuiltInDefaults() throws Exception {
    Path cwd = Files.createDirectories(tmp.resolve("work"));
    Path home = Files.createDirectories(tmp.resolve("home"));
    Path xdg = tmp.resolve("xdg");
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8);
    Map<String, String> noXdg = Map.of();
    Map<String, String> withXdg = Map.of("XDG_CONFIG_HOME", xdg.toString());

    ConfigLookup.resetAnnouncement();
    Path builtIn = ConfigLookup.find(noXdg, cwd, home, e);
    assertTrue(
        err.toString(StandardCharsets.UTF_8).contains("using the built-in defaults"),
        err.toString());
    assertTrue(
        err.toString(StandardCharsets.UTF_8).contains(home.resolve(".config/burnrate").toString()));
    assertEquals("dev", ConfigLoader.load(builtIn).rbac().defaultPrincipal().orElseThrow());
    err.reset();
    ConfigLookup.find(noXdg, cwd, home, e);
    assertEquals("", err.toString(StandardCharsets.UTF_8), "said once per process");

    Path homeConfig = Files.createDirectories(home.resolve(".config/burnrate"));
    assertEquals(homeConfig, ConfigLookup.find(noXdg, cwd, home, e));
    assertEquals(
        homeConfig, ConfigLookup.find(Map.of("XDG_CONFIG_HOME", "relative/ignored"), cwd, home, e));

    Path xdgConfig = Files.createDirectories(xdg.resolve("burnrate"));
    assertEquals(xdgConfig, ConfigLookup.find(withXdg, cwd, home, e));

    Path local = Files.createDirectories(cwd.resolve("config"));
    assertEquals(local, ConfigLookup.find(withXdg, cwd, home, e));
    assertEquals(List.of(local, xdgConfig), ConfigLookup.candidates(withXdg, cwd, home));
    assertEquals("", err.toString(StandardCharsets.UTF_8));
  }
}

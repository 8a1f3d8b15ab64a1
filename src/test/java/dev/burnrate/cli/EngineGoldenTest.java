package dev.burnrate.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Golden outputs of every engine function, through the CLI's JSON (the exact structures the MCP
 * tools return). Each directory under {@code golden/engine/} holds {@code request.json} (the
 * command's arguments) and {@code response.json} (its output). Run with {@code
 * -Dgolden.update=true} to rewrite the responses, then review the diff like code.
 */
class EngineGoldenTest {
  static final Path GOLDEN = Path.of("src/test/resources/golden/engine");
  static final ObjectMapper JSON = new ObjectMapper();

  @TempDir static Path root;
  static Path audit;

  @BeforeAll
  static void generateFixture() throws IOException {
    audit = Fixture.auditDir(root);
  }

  @TestFactory
  Stream<DynamicTest> everyScenarioMatchesItsGolden() throws IOException {
    List<Path> dirs;
    try (Stream<Path> s = Files.list(GOLDEN)) {
      dirs = s.filter(Files::isDirectory).sorted().toList();
    }
    assertFalse(dirs.isEmpty(), "no golden scenarios under " + GOLDEN);
    return dirs.stream().map(dir -> DynamicTest.dynamicTest(dir.getFileName().toString(), () -> check(dir)));
  }

  private void check(Path dir) throws IOException {
    JsonNode request = JSON.readTree(dir.resolve("request.json").toFile());
    List<String> args = new ArrayList<>();
    request.get("args").forEach(a -> args.add(a.asText()));
    Fixture.Result r = Fixture.run(root.resolve("data"), audit, args);
    assertEquals(0, r.exit(), "exit code; stderr: " + r.err());
    Path golden = dir.resolve("response.json");
    if (Boolean.getBoolean("golden.update") || !Files.exists(golden)) {
      Files.writeString(golden, r.out(), StandardCharsets.UTF_8);
    }
    assertEquals(JSON.readTree(golden.toFile()), JSON.readTree(r.out()),
        "output of " + args + " differs from " + golden + " (rerun with -Dgolden.update=true and review the diff)");
  }
}

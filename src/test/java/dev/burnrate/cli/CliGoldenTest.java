package dev.burnrate.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import dev.burnrate.Golden;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every CLI golden case ({@code request.json} with {@code "args"}), run in-process; its standard
 * output is checked byte for byte by {@link Golden}.
 *
 * <p>A case that brings no data of its own reads the engine fixture ({@link Fixture}: three days of
 * demo usage, never written to); one that does lists its {@code config} and {@code audit} files in
 * its request, line by line. Either way each case gets a data directory of its own, so cases do not
 * depend on each other or on their order. {@code "now"} and {@code "exit"} default to {@link
 * Fixture#NOW} and 0.
 */
class CliGoldenTest {
  @TempDir static Path root;
  static Path sharedAudit;

  @BeforeAll
  static void generateFixture() throws IOException {
    sharedAudit = Fixture.auditDir(root.resolve("fixture"));
  }

  @TestFactory
  Stream<DynamicTest> everyCommandAnswersItsGolden() {
    return Golden.FILES.cases().stream()
        .filter(Golden.Case::isCli)
        .map(c -> DynamicTest.dynamicTest(c.toString(), () -> run(c)));
  }

  private void run(Golden.Case c) throws IOException {
    JsonNode request = c.request();
    Path caseRoot =
        Files.createDirectories(root.resolve("cases").resolve(c.tool()).resolve(c.scenario()));
    Path config =
        request.has("config")
            ? write(caseRoot.resolve("config"), request.get("config"))
            : Fixture.CONFIG;
    Path audit =
        request.has("audit") ? write(caseRoot.resolve("audit"), request.get("audit")) : sharedAudit;
    List<String> args = new ArrayList<>();
    request.get("args").forEach(a -> args.add(a.asText()));
    args.addAll(
        List.of(
            "--config",
            config.toString(),
            "--data",
            caseRoot.resolve("data").toString(),
            "--audit-dir",
            audit.toString()));
    if (!args.contains("--now")) {
      args.addAll(List.of("--now", request.path("now").asText(Fixture.NOW.toString())));
    }
    Fixture.Result r = Fixture.runRaw(args.toArray(new String[0]));
    assertEquals(
        request.path("exit").asInt(0), r.exit(), "exit code of " + args + "; stderr: " + r.err());
    Golden.FILES.check(c, r.out());
  }

  /** Writes {@code {"file name": ["line", ...]}} into {@code dir}. */
  private static Path write(Path dir, JsonNode files) throws IOException {
    Files.createDirectories(dir);
    for (Iterator<Map.Entry<String, JsonNode>> it = files.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> file = it.next();
      StringBuilder text = new StringBuilder();
      file.getValue().forEach(line -> text.append(line.asText()).append('\n'));
      Files.writeString(dir.resolve(file.getKey()), text, StandardCharsets.UTF_8);
    }
    return dir;
  }
}

package dev.burnrate.cli;

import dev.burnrate.demo.DemoData;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A deterministic audit directory for engine tests: three days of realistic usage ending at {@link
 * #NOW} (with a cost spike, an error burst and a new tool in the last hour) plus three malformed
 * lines, and the reference cost model.
 */
final class Fixture {
  static final Instant NOW = Instant.parse("2026-02-23T12:00:00Z");
  static final Path CONFIG = Path.of("src/test/resources/engine-fixture/config");

  private Fixture() {}

  static Path auditDir(Path root) throws IOException {
    Path audit = root.resolve("audit");
    DemoData.generate(audit, NOW, 3, 20_000, 7);
    Files.writeString(
        audit.resolve("tool_audit_2026-02-22.jsonl"),
        "this line is not json\n"
            + "{\"ts\":\"2026-02-22T10:00:00\",\"tool\":\"web_search\",\"status\":\"pass\"}\n"
            + "{\"ts\":\"2026-02-22T10:00:00Z\",\"tool\":\"web_search\",\"status\":\"maybe\"}\n",
        StandardCharsets.UTF_8,
        StandardOpenOption.APPEND);
    return audit;
  }

  /** Runs the CLI in-process; returns {exit code, stdout, stderr}. */
  static Result run(Path data, Path audit, List<String> args) {
    List<String> all = new ArrayList<>(args);
    all.addAll(
        List.of(
            "--config",
            CONFIG.toString(),
            "--data",
            data.toString(),
            "--audit-dir",
            audit.toString()));
    if (!args.contains("--now")) {
      all.addAll(List.of("--now", NOW.toString()));
    }
    return runRaw(all.toArray(new String[0]));
  }

  static synchronized Result runRaw(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    PrintStream oldOut = System.out;
    PrintStream oldErr = System.err;
    PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
    PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8);
    System.setOut(o);
    System.setErr(e);
    int rc;
    try {
      rc = Main.run(args, o, e);
    } finally {
      System.setOut(oldOut);
      System.setErr(oldErr);
    }
    return new Result(
        rc, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  record Result(int exit, String out, String err) {}
}

package dev.burnrate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The golden files: one case per directory {@code <tool-or-command>/<scenario>/} holding {@code
 * request.json} (what to run, and any data of its own) and {@code response.json} (the exact answer,
 * byte for byte). A CLI case's request is {@code {"args": [command, ...]}}, an MCP case's {@code
 * {"tool": name, "arguments": {...}}}; the directory is named for the command or tool.
 *
 * <p>Strict by design: a case without its response fails, and so does any answer that differs. Only
 * {@code -Dgolden.update=true} writes responses; review the diff like code.
 */
public final class Golden {
  /** The repository's goldens. */
  public static final Golden FILES = new Golden(Path.of("src/test/resources/golden"));

  private static final ObjectMapper JSON = new ObjectMapper();

  private final Path root;
  private final boolean update;

  public Golden(Path root) {
    this(root, Boolean.getBoolean("golden.update"));
  }

  public Golden(Path root, boolean update) {
    this.root = root;
    this.update = update;
  }

  /** One scenario: its directory and parsed request. */
  public record Case(String tool, String scenario, Path dir, JsonNode request) {
    public boolean isCli() {
      return request.has("args");
    }

    public boolean isMcp() {
      return request.has("tool");
    }

    @Override
    public String toString() {
      return tool + "/" + scenario;
    }
  }

  /** Every case, sorted by tool then scenario; fails on anything that is not a well-formed case. */
  public List<Case> cases() {
    List<Case> all = new ArrayList<>();
    for (Path toolDir : list(root)) {
      if (!Files.isDirectory(toolDir)) {
        fail(toolDir + " is a file; goldens live in <tool-or-command>/<scenario>/ directories");
      }
      all.addAll(cases(toolDir.getFileName().toString()));
    }
    if (all.isEmpty()) {
      fail("no golden cases under " + root.toAbsolutePath());
    }
    return all;
  }

  /** The cases of one tool or command; fails when there are none. */
  public List<Case> cases(String tool) {
    Path toolDir = root.resolve(tool);
    List<Case> out = new ArrayList<>();
    for (Path dir : Files.isDirectory(toolDir) ? list(toolDir) : List.<Path>of()) {
      out.add(read(tool, dir));
    }
    if (out.isEmpty()) {
      fail("no golden cases for " + tool + " under " + toolDir.toAbsolutePath());
    }
    return out;
  }

  private static Case read(String tool, Path dir) {
    if (!Files.isDirectory(dir)) {
      fail(dir + " is a file; a case is a directory with request.json and response.json");
    }
    for (Path p : list(dir)) {
      String name = p.getFileName().toString();
      if (!name.equals("request.json") && !name.equals("response.json")) {
        fail(p + ": a case holds only request.json and response.json");
      }
    }
    Path requestFile = dir.resolve("request.json");
    if (!Files.isRegularFile(requestFile)) {
      fail(dir + " has no request.json");
    }
    JsonNode request;
    try {
      request = JSON.readTree(requestFile.toFile());
    } catch (IOException e) {
      throw new AssertionError(requestFile + " is not JSON: " + e.getMessage(), e);
    }
    String named =
        request.has("args") ? request.path("args").path(0).asText() : request.path("tool").asText();
    if (request.has("args") == request.has("tool")) {
      fail(requestFile + " needs exactly one of \"args\" (a CLI case) or \"tool\" (an MCP case)");
    }
    if (!named.equals(tool)) {
      fail(
          requestFile
              + " runs "
              + named
              + " but lives under "
              + tool
              + "/; move it to "
              + named
              + "/");
    }
    return new Case(tool, dir.getFileName().toString(), dir, request);
  }

  /**
   * Compares {@code actual} with the case's {@code response.json}, byte for byte. Under {@code
   * -Dgolden.update=true} the response is written first; otherwise a missing one fails.
   */
  public void check(Case c, String actual) {
    checkFile(c.dir().resolve("response.json"), actual);
  }

  /** The same rule for a golden that is not a request/response case (a written file, say). */
  public void checkFile(Path golden, String actual) {
    try {
      if (update) {
        Files.createDirectories(golden.getParent());
        Files.writeString(golden, actual, StandardCharsets.UTF_8);
      }
      if (!Files.isRegularFile(golden)) {
        fail(
            golden
                + " is missing; generate it with -Dgolden.update=true and review it. Actual:\n"
                + actual);
      }
      assertEquals(
          Files.readString(golden, StandardCharsets.UTF_8),
          actual,
          golden + " differs (rerun with -Dgolden.update=true and review the diff)");
    } catch (IOException e) {
      throw new UncheckedIOException(golden.toString(), e);
    }
  }

  private static List<Path> list(Path dir) {
    try (Stream<Path> s = Files.list(dir)) {
      return s.sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(dir.toString(), e);
    }
  }
}

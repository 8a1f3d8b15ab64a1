package dev.burnrate.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The policy domain stays pure: the config loader depends on it, never the other way round. */
class PolicyPackageTest {
  private static final Path POLICY = Path.of("src/main/java/dev/burnrate/policy");

  @Test
  void policyImportsOnlyJavaAndTheCostVocabulary() throws IOException {
    List<String> offending;
    List<Path> sources;
    try (Stream<Path> files = Files.list(POLICY)) {
      sources = files.filter(p -> p.toString().endsWith(".java")).toList();
    }
    assertTrue(sources.size() > 5, "expected the policy sources at " + POLICY.toAbsolutePath());
    try (Stream<String> lines =
        sources.stream().flatMap(PolicyPackageTest::lines).filter(l -> l.startsWith("import "))) {
      offending =
          lines
              .filter(l -> !l.matches("import (static )?(java\\.|dev\\.burnrate\\.cost\\.).*"))
              .toList();
    }
    assertEquals(List.of(), offending);
  }

  private static Stream<String> lines(Path p) {
    try {
      return Files.readAllLines(p).stream();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}

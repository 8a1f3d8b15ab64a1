package dev.burnrate.pricing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class PricingPackageDependenciesTest {

  @Test
  void pricingSourcesImportOnlyJavaPackages() throws IOException {
    Path sources = Path.of("src/main/java/dev/burnrate/pricing");
    List<String> offending;
    try (Stream<Path> files = Files.list(sources)) {
      offending = files
          .filter(p -> p.toString().endsWith(".java"))
          .flatMap(p -> {
            try {
              return Files.readAllLines(p).stream()
                  .filter(line -> line.startsWith("import "))
                  .filter(line -> !line.matches("import (static )?java\\..*"))
                  .map(line -> p.getFileName() + ": " + line);
            } catch (IOException e) {
              throw new java.io.UncheckedIOException(e);
            }
          })
          .toList();
    }
    assertEquals(List.of(), offending);
  }
}

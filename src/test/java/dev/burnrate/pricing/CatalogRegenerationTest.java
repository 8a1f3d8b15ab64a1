package dev.burnrate.pricing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code scripts/build_price_catalog.py} against committed input, so it runs on every clone: a
 * six-entry excerpt of the LiteLLM snapshot (chosen to hit each filter and the long-context, batch
 * and priority columns) and the catalog it must make of it. python3 is required; a missing python3
 * or a failing generator fails the build. The full snapshot lives outside the repository ({@code
 * ../shared/data/...}, or {@code -Dburnrate.priceSnapshot=PATH}); only that comparison is skipped
 * when the snapshot is absent.
 */
class CatalogRegenerationTest {
  private static final Path FIXTURE =
      Path.of("src/test/resources/dev/burnrate/pricing/catalog-fixture");
  private static final Path SNAPSHOT =
      Path.of(
          System.getProperty(
              "burnrate.priceSnapshot", "../shared/data/litellm-model-prices-2026-07-24.json"));

  /** Runs the generator on {@code input} into {@code out}; returns what it reported. */
  private static String generate(Path input, Path out) throws IOException, InterruptedException {
    Process process;
    try {
      process =
          new ProcessBuilder(
                  "python3",
                  "scripts/build_price_catalog.py",
                  input.toString(),
                  "--out",
                  out.toString())
              .redirectErrorStream(true)
              .start();
    } catch (IOException e) {
      throw new AssertionError(
          "python3 is needed to test the catalog generator: " + e.getMessage(), e);
    }
    String report = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(process.waitFor(60, TimeUnit.SECONDS), "the generator did not finish in 60 s");
    assertEquals(0, process.exitValue(), "the generator failed: " + report);
    return report.strip();
  }

  @Test
  void theGeneratorKeepsPricedChatModelsAndWritesTheExpectedCatalog(@TempDir Path dir)
      throws IOException, InterruptedException {
    Path out = dir.resolve("litellm-prices.tsv");
    String report = generate(FIXTURE.resolve("litellm-model-prices-2026-07-24-excerpt.json"), out);
    // sample_spec (not a model), github_copilot/gpt-4o (unpriced) and an embedding model are
    // dropped
    assertEquals("3 entries", report);
    assertEquals(
        Files.readString(FIXTURE.resolve("litellm-prices.tsv")),
        Files.readString(out),
        "the generator's output changed; if on purpose, regenerate the expected TSV and the bundled catalog");
  }

  @Test
  void theBundledCatalogHoldsTheFixturesRowsUnchanged() throws IOException {
    Set<String> bundled;
    try (InputStream in = PriceCatalog.class.getResourceAsStream(CatalogFile.BUNDLED)) {
      bundled =
          new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().collect(Collectors.toSet());
    }
    List<String> rows =
        Files.readAllLines(FIXTURE.resolve("litellm-prices.tsv")).stream()
            .filter(l -> !l.startsWith("#") && !l.startsWith("model\t"))
            .toList();
    assertEquals(3, rows.size());
    for (String row : rows) {
      assertTrue(bundled.contains(row), "the bundled catalog lacks or changed: " + row);
    }
  }

  @Test
  void bundledCatalogIsExactlyWhatTheScriptGeneratesFromTheSnapshot(@TempDir Path dir)
      throws IOException, InterruptedException {
    assumeTrue(Files.isReadable(SNAPSHOT), "price snapshot not present at " + SNAPSHOT);
    Path out = dir.resolve("litellm-prices.tsv");
    assertEquals(PriceCatalog.bundled().size() + " entries", generate(SNAPSHOT, out));
    byte[] bundled;
    try (InputStream in = PriceCatalog.class.getResourceAsStream(CatalogFile.BUNDLED)) {
      bundled = in.readAllBytes();
    }
    assertArrayEquals(
        Files.readAllBytes(out),
        bundled,
        "the bundled catalog differs from a regeneration; rerun scripts/build_price_catalog.py");
  }
}

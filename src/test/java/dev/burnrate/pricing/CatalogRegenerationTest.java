package dev.burnrate.pricing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The committed catalog is what the script makes of the snapshot. Needs python3 and the snapshot
 * (default {@code ../shared/data/...}, or {@code -Dburnrate.priceSnapshot=PATH}); skipped without.
 */
class CatalogRegenerationTest {

  private static final Path SNAPSHOT = Path.of(System.getProperty("burnrate.priceSnapshot",
      "../shared/data/litellm-model-prices-2026-07-24.json"));

  @Test
  void bundledCatalogIsExactlyWhatTheScriptGeneratesFromTheSnapshot(@TempDir Path dir)
      throws IOException, InterruptedException {
    assumeTrue(Files.isReadable(SNAPSHOT), "price snapshot not present at " + SNAPSHOT);
    Path out = dir.resolve("litellm-prices.tsv");
    Process process;
    try {
      process = new ProcessBuilder("python3", "scripts/build_price_catalog.py", SNAPSHOT.toString(),
          "--out", out.toString())
          .redirectErrorStream(true)
          .start();
    } catch (IOException e) {
      assumeTrue(false, "python3 is not installed: " + e.getMessage());
      return;
    }
    String report = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assumeTrue(process.waitFor(60, TimeUnit.SECONDS), "generator did not finish");
    assertEquals(0, process.exitValue(), report);
    assertEquals(PriceCatalog.bundled().size() + " entries", report.strip());

    byte[] bundled;
    try (InputStream in = PriceCatalog.class.getResourceAsStream(CatalogFile.BUNDLED)) {
      bundled = in.readAllBytes();
    }
    assertArrayEquals(Files.readAllBytes(out), bundled,
        "the bundled catalog differs from a regeneration; rerun scripts/build_price_catalog.py");
  }
}

package dev.burnrate.mcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Separate burnrate processes gating deploys on one data directory at the same moment. */
class PreflightProcessesIT {
  @TempDir Path root;

  @Test
  void concurrentProcessesAgreeAndRaiseEachAlertExactlyOnce() throws Exception {
    JarFixture f = JarFixture.create(root, 0);
    f.tightMonth();
    ExecutorService pool = Executors.newFixedThreadPool(4);
    List<Future<String[]>> runs = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      Path dir = Files.createDirectories(root.resolve("run-" + i));
      runs.add(
          pool.submit(
              () ->
                  JarFixture.runJar(
                      dir,
                      Map.of(),
                      "preflight",
                      "release-2:3.0",
                      "--estimate",
                      "10",
                      "--config",
                      f.config.toString(),
                      "--data",
                      f.data.toString(),
                      "--now",
                      JarFixture.NOW.toString(),
                      "--format",
                      "json")));
    }
    for (Future<String[]> run : runs) {
      String[] r = run.get();
      assertEquals("1", r[0], "a veto exits 1: " + r[1] + r[2]);
      assertTrue(r[1].contains("\"decision\" : \"veto\""), r[1]);
    }
    pool.shutdown();
    try (Stream<Path> alerts = Files.list(f.data.resolve("cost/alerts"))) {
      assertEquals(
          2,
          alerts.filter(p -> p.toString().endsWith(".json")).count(),
          "notify at 80 % and veto at 95 % once each, across four processes");
    }
    Json.MAPPER.readTree(f.data.resolve("state/preflight-release-2_3.0.json").toFile());
  }
}

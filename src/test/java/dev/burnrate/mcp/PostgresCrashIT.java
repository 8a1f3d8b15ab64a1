package dev.burnrate.mcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.burnrate.store.postgres.PgCluster;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * kill -9 of a process in the middle of moving history into PostgreSQL: every batch it finished is
 * kept, the one it was writing is gone whole, and running the move again completes it with no event
 * counted twice.
 */
class PostgresCrashIT {
  @TempDir Path root;

  @Test
  void anIngestKilledMidwayLosesNoCommittedBatchAndARerunDuplicatesNothing() throws Exception {
    JarFixture f = JarFixture.create(root, 120_000);
    String url = PgCluster.shared().createDatabase();
    Files.writeString(
        f.config.resolve("store.yml"),
        "kind: postgres\nurl: " + url + "\nuser: " + PgCluster.USER + "\n");
    assertEquals(
        "0", JarFixture.runJar(root, Map.of(), "migrate", "--config", f.config.toString())[0]);
    long lines = 0;
    try (Stream<Path> s = Files.list(f.audit)) {
      for (Path p : s.toList()) {
        lines += Files.readAllLines(p).stream().filter(l -> !l.isBlank()).count();
      }
    }
    List<String> ingest =
        List.of(
            "ingest",
            "--config",
            f.config.toString(),
            "--now",
            JarFixture.NOW.toString(),
            f.audit.toString());
    Process p =
        new ProcessBuilder(ServerProcess.jarCommand(ingest))
            .redirectErrorStream(true)
            .redirectOutput(root.resolve("killed.txt").toFile())
            .start();
    long deadline = System.nanoTime() + 60_000_000_000L;
    long before = 0;
    while (before == 0 && p.isAlive() && System.nanoTime() < deadline) {
      Thread.sleep(20);
      before = count(url, "SELECT count(*) FROM burnrate.usage_events");
    }
    p.destroyForcibly(); // SIGKILL: no shutdown hook, no rollback from the client
    p.waitFor();
    long kept = count(url, "SELECT count(*) FROM burnrate.usage_events");
    assertTrue(kept > 0, "some batches were committed before the kill");

    String[] rerun = JarFixture.runJar(root, Map.of(), ingest.toArray(new String[0]));
    assertEquals("0", rerun[0], rerun[2]);
    assertEquals(lines, count(url, "SELECT count(*) FROM burnrate.usage_events"));
    assertEquals(
        lines,
        count(url, "SELECT count(DISTINCT req_id) FROM burnrate.usage_events"),
        "no req_id twice");
    assertTrue(rerun[1].contains("\"duplicates\" : " + kept), rerun[1]);
  }

  private static long count(String url, String sql) throws Exception {
    try (Connection c = DriverManager.getConnection(url, PgCluster.USER, "");
        ResultSet r = c.createStatement().executeQuery(sql)) {
      r.next();
      return r.getLong(1);
    }
  }
}

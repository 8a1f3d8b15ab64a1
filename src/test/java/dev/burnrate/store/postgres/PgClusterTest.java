package dev.burnrate.store.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;

class PgClusterTest {
  @Test
  void aThrowawayClusterAnswersStopsStartsAndLeavesNothingBehind() throws Exception {
    Path dir;
    String url;
    try (PgCluster c = PgCluster.start()) {
      dir = c.dir();
      url = c.createDatabase();
      assertEquals(1, one(url));
      c.stop();
      assertThrows(SQLException.class, () -> one(url));
      c.restart();
      assertEquals(1, one(url));
    }
    assertThrows(SQLException.class, () -> one(url));
    assertFalse(Files.exists(dir), dir + " removed");
  }

  private static int one(String url) throws SQLException {
    try (Connection c = DriverManager.getConnection(url, PgCluster.USER, "");
        ResultSet r = c.createStatement().executeQuery("SELECT 1")) {
      r.next();
      return r.getInt(1);
    }
  }
}

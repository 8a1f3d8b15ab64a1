package dev.burnrate.control;

import dev.burnrate.store.postgres.Database;
import dev.burnrate.store.postgres.PgCluster;
import dev.burnrate.store.postgres.PgSettings;

/**
 * The cross-process gate on one PostgreSQL database: every process is a replica with its own pool
 * and book, so only the ledger's advisory lock keeps check-and-reserve one step.
 */
class PostgresSpendGateProcessesTest extends SpendGateProcessesContract {
  @Override
  String store() throws Exception {
    String url = PgCluster.shared().createDatabase();
    try (Database db = Database.connect(new PgSettings(url, PgCluster.USER, null, 1, "burnrate"))) {
      db.migrate();
    }
    return url;
  }
}

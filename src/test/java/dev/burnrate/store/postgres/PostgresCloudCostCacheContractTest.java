package dev.burnrate.store.postgres;

import dev.burnrate.store.CloudCostCache;
import dev.burnrate.store.CloudCostCacheContract;
import org.junit.jupiter.api.BeforeEach;

/** The cloud cost cache contract on PostgreSQL, each instance its own pool as a replica has. */
class PostgresCloudCostCacheContractTest extends CloudCostCacheContract {
  private PgSettings settings;

  @BeforeEach
  void freshDatabase() throws Exception {
    settings =
        new PgSettings(PgCluster.shared().createDatabase(), PgCluster.USER, null, 4, "burnrate");
    try (Database db = Database.connect(settings)) {
      db.migrate();
    }
  }

  @Override
  protected CloudCostCache openInstance() throws Exception {
    return PostgresCloudCostCache.open(Database.connect(settings));
  }
}

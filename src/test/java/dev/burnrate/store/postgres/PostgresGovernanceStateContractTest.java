package dev.burnrate.store.postgres;

import dev.burnrate.store.GovernanceState;
import dev.burnrate.store.GovernanceStateContract;
import org.junit.jupiter.api.BeforeEach;

/** The governance state contract on PostgreSQL, each instance its own pool as a replica has. */
class PostgresGovernanceStateContractTest extends GovernanceStateContract {
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
  protected GovernanceState openInstance() throws Exception {
    return PostgresGovernanceState.open(Database.connect(settings));
  }
}

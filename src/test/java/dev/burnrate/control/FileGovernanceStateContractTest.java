package dev.burnrate.control;

import dev.burnrate.store.GovernanceState;
import dev.burnrate.store.GovernanceStateContract;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** The governance state contract on files under one data directory. */
class FileGovernanceStateContractTest extends GovernanceStateContract {
  @TempDir Path data;

  @Override
  protected GovernanceState openInstance() {
    return new FileGovernanceState(data);
  }
}

package dev.burnrate.store;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

class JsonlEventLogContractTest extends EventLogContract {
  @TempDir Path dir;

  @Override
  protected EventLog openInstance() throws Exception {
    return JsonlEventLog.open(dir.resolve("audit"), dir.resolve("index"), newIndex());
  }
}

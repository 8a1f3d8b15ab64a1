package dev.burnrate.store;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** The cloud cost cache contract on the file under one data directory. */
class JsonlCloudCostCacheContractTest extends CloudCostCacheContract {
  @TempDir Path data;

  @Override
  protected CloudCostCache openInstance() {
    return CloudCostCache.in(data);
  }
}

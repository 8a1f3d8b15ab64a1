package dev.burnrate.control;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** The cross-process gate on one data directory (the JSONL ledger under its file lock). */
class SpendGateProcessesTest extends SpendGateProcessesContract {
  @TempDir Path data;

  @Override
  String store() {
    return data.toString();
  }
}

package dev.burnrate.store;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

class JsonlReservationLedgerContractTest extends ReservationLedgerContract {
  @TempDir Path data;

  @Override
  protected ReservationLedger openInstance() throws Exception {
    return JsonlReservationLedger.open(data);
  }
}

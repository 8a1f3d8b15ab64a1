package dev.burnrate.store.postgres;

import java.io.IOException;

/**
 * The database could not be used: unreachable, refusing the role, or holding a schema this burnrate
 * does not match. The message is one line that says what to do; the driver's exception, when there
 * is one, is the cause.
 */
public final class StoreUnavailableException extends IOException {
  public StoreUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }

  public StoreUnavailableException(String message) {
    super(message);
  }
}

package dev.burnrate.cloud;

/**
 * A sync or price refresh that could not finish: no credentials, access denied, data unavailable,
 * throttled past every retry, the request cap. The message is one line saying what to do; the cache
 * and the overlays are left as they were.
 */
public final class SyncException extends Exception {
  private static final long serialVersionUID = 1L;

  public SyncException(String message, Throwable cause) {
    super(message, cause);
  }

  public SyncException(String message) {
    super(message);
  }
}

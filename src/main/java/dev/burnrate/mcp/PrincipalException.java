package dev.burnrate.mcp;

/** No principal could be named, or the named one is not in {@code rbac.yml}. Startup stops. */
public final class PrincipalException extends RuntimeException {
  public PrincipalException(String message) {
    super(message);
  }
}

package dev.burnrate.mcp.http;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which principal opened each Streamable HTTP session, so another principal holding the id cannot
 * use it: a session belongs to whoever initialized it. Entries unused for {@code ttl} (longer than
 * the SDK keeps an idle session) are dropped, so the map stays as small as the live sessions.
 */
final class SessionOwners {
  private record Owner(String principal, long lastUsedNanos) {}

  private final Map<String, Owner> owners = new ConcurrentHashMap<>();
  private final long ttlNanos;
  private volatile long lastSweepNanos = System.nanoTime();

  SessionOwners(Duration ttl) {
    this.ttlNanos = ttl.toNanos();
  }

  void own(String session, String principal) {
    owners.put(session, new Owner(principal, System.nanoTime()));
    sweep();
  }

  /** False only when the session is known to belong to another principal. */
  boolean mayUse(String session, String principal) {
    Owner o = owners.get(session);
    if (o == null) {
      return true;
    }
    if (!o.principal().equals(principal)) {
      return false;
    }
    owners.replace(session, o, new Owner(principal, System.nanoTime()));
    return true;
  }

  private void sweep() {
    long now = System.nanoTime();
    if (now - lastSweepNanos < ttlNanos / 4) {
      return;
    }
    lastSweepNanos = now;
    owners.values().removeIf(o -> now - o.lastUsedNanos() > ttlNanos);
  }
}

package dev.burnrate.usage;

import java.util.concurrent.ThreadFactory;

/**
 * Threads for burnrate's background work (index workers, compactions, watches, webhooks): daemons,
 * so none keeps the JVM alive after the command or server is done, each named for what it does, as
 * thread dumps and profiles show them.
 */
public final class DaemonThreads {
  private DaemonThreads() {}

  /** A factory of daemon threads named {@code name}. */
  public static ThreadFactory named(String name) {
    return named(name, Thread.NORM_PRIORITY);
  }

  /** A factory of daemon threads named {@code name}, at {@code priority}. */
  public static ThreadFactory named(String name, int priority) {
    return r -> {
      Thread t = new Thread(r, name);
      t.setDaemon(true);
      t.setPriority(priority);
      return t;
    };
  }
}

package dev.burnrate.cli;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Where the config comes from when {@code --config} is not given, in this order: {@code ./config}
 * if it is a directory (a clone of the repository, or a deployment laid out like one); else the
 * user's config directory, {@code $XDG_CONFIG_HOME/burnrate} or {@code ~/.config/burnrate} (where
 * {@code burnrate init} writes); else the built-in defaults, the same example files {@code init}
 * writes, announced once on stderr.
 */
final class ConfigLookup {
  private static final AtomicBoolean ANNOUNCED = new AtomicBoolean();

  private ConfigLookup() {}

  /**
   * The user's config directory: {@code $XDG_CONFIG_HOME/burnrate}, else {@code
   * ~/.config/burnrate}.
   */
  static Path userDir(Map<String, String> env, Path home) {
    String xdg = env.get("XDG_CONFIG_HOME");
    if (xdg != null && !xdg.isBlank() && Path.of(xdg).isAbsolute()) {
      return Path.of(xdg, "burnrate");
    }
    return home.resolve(".config").resolve("burnrate");
  }

  /** The directories looked in, in order. */
  static List<Path> candidates(Map<String, String> env, Path cwd, Path home) {
    return List.of(cwd.resolve("config"), userDir(env, home));
  }

  /** The config directory to use: the first candidate that exists, else the built-in defaults. */
  static Path find(Map<String, String> env, Path cwd, Path home, PrintStream err) {
    List<Path> candidates = candidates(env, cwd, home);
    for (Path p : candidates) {
      if (Files.isDirectory(p)) {
        return p;
      }
    }
    if (ANNOUNCED.compareAndSet(false, true)) {
      err.println(
          "burnrate: no config directory (looked in ./config and "
              + candidates.get(1)
              + "); using the built-in defaults. Run 'burnrate init' to write them there and edit them.");
    }
    return StarterConfig.directory();
  }

  /** {@link #find} for this process: its working directory, home and environment. */
  static Path find() {
    return find(
        System.getenv(),
        Path.of("").toAbsolutePath(),
        Path.of(System.getProperty("user.home")),
        System.err);
  }

  /** Allows the next fallback to be announced again (tests). */
  static void resetAnnouncement() {
    ANNOUNCED.set(false);
  }
}

package dev.burnrate.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/**
 * The distribution {@code mvn package} builds: {@code bin/burnrate} finds a Java 17+, runs the jar
 * with its CDS archive, and keeps stdout for the program (a JVM warning there would break the stdio
 * protocol).
 */
@DisabledOnOs(OS.WINDOWS)
class LauncherIT {
  static final ObjectMapper JSON = new ObjectMapper();
  @TempDir Path tmp;

  static Path dist() {
    Path d = Path.of(System.getProperty("burnrate.dist", "target/burnrate-dev"));
    assertTrue(
        Files.isRegularFile(d.resolve("bin/burnrate")), d + " has no bin/burnrate; run mvn verify");
    return d;
  }

  record Run(int exit, String stdout, String stderr) {}

  Run run(Path launcher, Map<String, String> env, String... args) throws Exception {
    List<String> cmd = new ArrayList<>(List.of("sh", launcher.toString()));
    cmd.addAll(List.of(args));
    ProcessBuilder pb =
        new ProcessBuilder(cmd)
            .redirectOutput(tmp.resolve("out.txt").toFile())
            .redirectError(tmp.resolve("err.txt").toFile());
    pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
    pb.environment().put("XDG_CACHE_HOME", tmp.resolve("cache").toString());
    pb.environment().putAll(env);
    Process p = pb.start();
    assertTrue(p.waitFor(60, TimeUnit.SECONDS), "launcher did not finish");
    return new Run(
        p.exitValue(),
        Files.readString(tmp.resolve("out.txt")),
        Files.readString(tmp.resolve("err.txt")));
  }

  @Test
  void versionWorksThroughTheLauncher() throws Exception {
    Run r = run(dist().resolve("bin/burnrate"), Map.of(), "--version");
    assertEquals(0, r.exit(), r.stderr());
    assertTrue(r.stdout().matches("burnrate [0-9][^\\n]*\\n"), "stdout: " + r.stdout());
  }

  @Test
  void theBuildMadeACdsArchiveForTheJarWhereItWasBuilt() throws Exception {
    Path jsa = dist().resolve("lib/burnrate.jsa");
    assertTrue(Files.isRegularFile(jsa), "no " + jsa);
    Run r =
        run(
            dist().resolve("bin/burnrate"),
            Map.of("BURNRATE_JAVA_OPTS", "-Xlog:cds=info:stderr"),
            "--version");
    assertEquals(0, r.exit(), r.stderr());
    assertTrue(r.stderr().contains("Mapped dynamic region"), "archive not used: " + r.stderr());
  }

  @Test
  void serialCollectorForAStdioSessionAndIngestNotForAServerOverHttp() throws Exception {
    Map<String, String> gcLog = Map.of("BURNRATE_JAVA_OPTS", "-Xlog:gc:stderr");
    Path launcher = dist().resolve("bin/burnrate");
    // An unknown option ends each run right after the JVM has said which collector it uses.
    Run stdio = run(launcher, gcLog, "serve", "--no-such-option");
    assertTrue(stdio.stderr().contains("Using Serial"), stdio.stderr());
    Run ingest = run(launcher, gcLog, "ingest", "--no-such-option");
    assertTrue(ingest.stderr().contains("Using Serial"), ingest.stderr());
    Run http = run(launcher, gcLog, "serve", "--http", "127.0.0.1:0", "--no-such-option");
    Run other = run(launcher, gcLog, "--version");
    String jvmDefault = collector(other.stderr());
    // On a machine the JVM sees as a server (2+ cores, 2+ GB) its own choice is G1, not serial.
    assertEquals(jvmDefault, collector(http.stderr()), "the JVM's own choice: " + http.stderr());
  }

  @Test
  void quickCompilerAloneForAStdioSessionBothForAServerOverHttp() throws Exception {
    Map<String, String> flags = Map.of("BURNRATE_JAVA_OPTS", "-XX:+PrintFlagsFinal");
    Path launcher = dist().resolve("bin/burnrate");
    Run stdio = run(launcher, flags, "serve", "--no-such-option");
    assertEquals(1, tieredStopAtLevel(stdio.stdout()));
    Run http = run(launcher, flags, "serve", "--http", "127.0.0.1:0", "--no-such-option");
    assertEquals(4, tieredStopAtLevel(http.stdout()));
    Run ingest = run(launcher, flags, "ingest", "--no-such-option");
    assertEquals(4, tieredStopAtLevel(ingest.stdout()));
  }

  /** TieredStopAtLevel as {@code -XX:+PrintFlagsFinal} prints it. */
  private static int tieredStopAtLevel(String flags) {
    java.util.regex.Matcher m =
        java.util.regex.Pattern.compile("\\bTieredStopAtLevel\\s+=\\s+(\\d+)").matcher(flags);
    assertTrue(m.find(), "no TieredStopAtLevel in: " + flags);
    return Integer.parseInt(m.group(1));
  }

  /** The collector a {@code -Xlog:gc} log says the JVM uses ({@code Using G1}: G1). */
  private static String collector(String gcLog) {
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("Using (\\w+)").matcher(gcLog);
    assertTrue(m.find(), "no collector in: " + gcLog);
    return m.group(1);
  }

  @Test
  void launcherStartsServeAndAnswersInitialize() throws Exception {
    Path d = dist();
    ProcessBuilder pb =
        new ProcessBuilder(
                "sh",
                d.resolve("bin/burnrate").toString(),
                "serve",
                "--config",
                d.resolve("config").toString(),
                "--data",
                tmp.resolve("data").toString())
            .redirectError(tmp.resolve("serve-err.txt").toFile());
    pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
    pb.environment().put("XDG_CACHE_HOME", tmp.resolve("cache").toString());
    Process p = pb.start();
    try {
      OutputStream in = p.getOutputStream();
      in.write(
          ("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"protocolVersion\":"
                  + "\"2025-11-25\",\"capabilities\":{},\"clientInfo\":{\"name\":\"it\",\"version\":\"1\"}}}\n")
              .getBytes(StandardCharsets.UTF_8));
      in.flush();
      BufferedReader out =
          new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
      String line = out.readLine();
      JsonNode answer = JSON.readTree(line);
      assertEquals(1, answer.path("id").asInt(), line);
      assertEquals(
          "burnrate", answer.path("result").path("serverInfo").path("name").asText(), line);
      in.close();
      assertTrue(p.waitFor(30, TimeUnit.SECONDS), "serve did not exit when its input ended");
      assertEquals(null, out.readLine(), "nothing else on stdout");
    } finally {
      p.destroyForcibly();
    }
  }

  @Test
  void serveWithoutAConfigUsesTheBuiltInDefaultsAndSaysSoOnce() throws Exception {
    Path work = Files.createDirectories(tmp.resolve("work"));
    ProcessBuilder pb =
        new ProcessBuilder(
                "sh",
                dist().resolve("bin/burnrate").toString(),
                "serve",
                "--data",
                tmp.resolve("data").toString())
            .directory(work.toFile())
            .redirectError(tmp.resolve("serve-err.txt").toFile());
    pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
    pb.environment().put("HOME", tmp.resolve("home").toString());
    pb.environment().remove("XDG_CONFIG_HOME");
    pb.environment().put("BURNRATE_CDS", "0");
    Process p = pb.start();
    try {
      OutputStream in = p.getOutputStream();
      in.write(
          ("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"protocolVersion\":"
                  + "\"2025-11-25\",\"capabilities\":{},\"clientInfo\":{\"name\":\"it\",\"version\":\"1\"}}}\n"
                  + "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}\n"
                  + "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/call\",\"params\":{\"name\":\"get_top_spenders\","
                  + "\"arguments\":{}}}\n")
              .getBytes(StandardCharsets.UTF_8));
      in.close();
      BufferedReader out =
          new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
      assertEquals(1, JSON.readTree(out.readLine()).path("id").asInt());
      JsonNode call = JSON.readTree(out.readLine());
      assertEquals(2, call.path("id").asInt(), call.toString());
      assertEquals(false, call.path("result").path("isError").asBoolean(false), call.toString());
      assertTrue(p.waitFor(30, TimeUnit.SECONDS), "serve did not exit when its input ended");
      String err = Files.readString(tmp.resolve("serve-err.txt"));
      assertEquals(1, err.split("using the built-in defaults", -1).length - 1, err);
    } finally {
      p.destroyForcibly();
    }
  }

  @Test
  void aMovedDistributionKeepsStdoutCleanAndMakesItsOwnArchive() throws Exception {
    Path moved = tmp.resolve("elsewhere");
    copyTree(dist(), moved);
    Path launcher = moved.resolve("bin/burnrate");
    Run first = run(launcher, Map.of(), "--version");
    assertEquals(0, first.exit(), first.stderr());
    assertTrue(first.stdout().matches("burnrate [0-9][^\\n]*\\n"), "stdout: " + first.stdout());
    Path cache = tmp.resolve("cache/burnrate");
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(45);
    while (!hasArchive(cache) && System.nanoTime() < deadline) {
      Thread.sleep(250);
    }
    assertTrue(hasArchive(cache), "no archive made in " + cache);
    Run second = run(launcher, Map.of("BURNRATE_JAVA_OPTS", "-Xlog:cds=info:stderr"), "--version");
    assertTrue(second.stdout().matches("burnrate [0-9][^\\n]*\\n"), "stdout: " + second.stdout());
    assertTrue(
        second.stderr().contains("Mapped dynamic region"), "archive not used: " + second.stderr());
  }

  @Test
  void refusesAJavaOlderThan17WithAMessage() throws Exception {
    Path fakeJdk = tmp.resolve("jdk11");
    Files.createDirectories(fakeJdk.resolve("bin"));
    Path java = fakeJdk.resolve("bin/java");
    Files.writeString(java, "#!/bin/sh\necho should-not-run\n");
    java.toFile().setExecutable(true);
    Files.writeString(fakeJdk.resolve("release"), "JAVA_VERSION=\"11.0.2\"\n");
    Run r =
        run(dist().resolve("bin/burnrate"), Map.of("JAVA_HOME", fakeJdk.toString()), "--version");
    assertEquals(3, r.exit());
    assertEquals("", r.stdout());
    assertTrue(r.stderr().contains("needs Java 17 or newer"), r.stderr());
  }

  @Test
  void theTarballHoldsTheLauncherAndTheJar() throws Exception {
    Path d = dist();
    Path tar = d.resolveSibling(d.getFileName() + "-dist.tar.gz");
    assertTrue(Files.isRegularFile(tar), "no " + tar);
    Process p =
        new ProcessBuilder("tar", "-tzvf", tar.toString()).redirectErrorStream(true).start();
    String listing = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertEquals(0, p.waitFor());
    String name = d.getFileName().toString();
    assertTrue(
        listing
            .lines()
            .anyMatch(l -> l.startsWith("-rwxr-xr-x") && l.endsWith(name + "/bin/burnrate")),
        listing);
    assertTrue(listing.contains(name + "/lib/burnrate.jar"), listing);
    assertTrue(listing.contains(name + "/config/budget.yaml"), listing);
  }

  private static boolean hasArchive(Path cache) throws IOException {
    if (!Files.isDirectory(cache)) {
      return false;
    }
    try (Stream<Path> s = Files.list(cache)) {
      return s.anyMatch(p -> p.toString().endsWith(".jsa.key"));
    }
  }

  private static void copyTree(Path from, Path to) throws IOException {
    try (Stream<Path> s = Files.walk(from)) {
      for (Path p : s.toList()) {
        Path t = to.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(t);
        } else {
          Files.copy(p, t, StandardCopyOption.COPY_ATTRIBUTES);
        }
      }
    }
  }
}

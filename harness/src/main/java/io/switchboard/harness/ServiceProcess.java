package io.switchboard.harness;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * {@code switchboard run} in a JVM of its own, started from this one's class path, so that it can
 * be killed ({@code kill -9}) and started again on the same data directory. Its standard error goes
 * to a log file; it is ready when it prints its HTTP address.
 */
public final class ServiceProcess {

  private static final Duration READY_TIMEOUT = Duration.ofMinutes(2);

  private final Process process;
  private final String httpUrl;
  private final Path log;

  private ServiceProcess(Process process, String httpUrl, Path log) {
    this.process = process;
    this.httpUrl = httpUrl;
    this.log = log;
  }

  /**
   * Starts {@code switchboard run ARGS} and waits until it is ready.
   *
   * @param main the class whose {@code main} is the command line (the app's), started as {@code
   *     main run --no-wallboard ARGS}
   * @param log where its standard error is appended
   * @throws IllegalStateException if it stops or is not ready within two minutes, with the end of
   *     its log
   */
  public static ServiceProcess start(Class<?> main, List<String> runArgs, Path log) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xmx256m");
    if (Runtime.version().feature() >= 24) {
      command.add("--enable-native-access=ALL-UNNAMED");
      command.add("--sun-misc-unsafe-memory-access=allow");
    }
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(main.getName());
    command.add("run");
    // the delivery under faults is what is measured here; the wallboard would share the small heap
    command.add("--no-wallboard");
    command.addAll(runArgs);
    Process process;
    try {
      Files.createDirectories(log.toAbsolutePath().getParent());
      process =
          new ProcessBuilder(command)
              .redirectError(ProcessBuilder.Redirect.appendTo(log.toFile()))
              .start();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start a service process: " + e.getMessage(), e);
    }
    CompletableFuture<String> ready = new CompletableFuture<>();
    Thread reader =
        new Thread(
            () -> {
              try (BufferedReader out =
                  new BufferedReader(
                      new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = out.readLine(); line != null; line = out.readLine()) {
                  if (line.startsWith("HTTP: ")) {
                    ready.complete(line.substring("HTTP: ".length()).strip());
                  }
                }
              } catch (IOException e) {
                // the process ended
              }
              ready.completeExceptionally(new IllegalStateException("the service stopped"));
            },
            "service-stdout");
    reader.setDaemon(true);
    reader.start();
    try {
      return new ServiceProcess(
          process, ready.get(READY_TIMEOUT.toSeconds(), TimeUnit.SECONDS), log);
    } catch (TimeoutException | java.util.concurrent.ExecutionException e) {
      process.destroyForcibly();
      throw new IllegalStateException(
          "the service did not get ready ("
              + (e instanceof TimeoutException ? "timed out" : e.getCause().getMessage())
              + "); the end of its log "
              + log
              + ":\n"
              + tail(log),
          e);
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while starting the service", e);
    }
  }

  public String httpUrl() {
    return httpUrl;
  }

  public long pid() {
    return process.pid();
  }

  public boolean alive() {
    return process.isAlive();
  }

  /** Kills it with SIGKILL, as {@code kill -9} does: no shutdown hook runs. */
  public void kill() {
    process.destroyForcibly();
    await();
  }

  /** Stops it with SIGTERM: it shuts down in order. */
  public void stop() {
    process.destroy();
    await();
  }

  private void await() {
    try {
      if (!process.waitFor(60, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** The last lines of the log. */
  public String logTail() {
    return tail(log);
  }

  private static String tail(Path log) {
    try {
      List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
    } catch (IOException e) {
      return "(no log: " + e.getMessage() + ")";
    }
  }
}

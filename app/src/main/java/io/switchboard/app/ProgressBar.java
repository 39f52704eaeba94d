package io.switchboard.app;

import io.switchboard.sim.traffic.TrafficSimulator;
import java.io.PrintStream;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * A one-line progress bar on standard error, redrawn in place, for a simulation run. It is shown
 * only when standard error is a terminal: a log file or a pipe gets no control characters.
 */
final class ProgressBar implements TrafficSimulator.ProgressListener {

  private static final int WIDTH = 30;

  private final PrintStream err;
  private final String unit;
  private int lastLength;

  ProgressBar(PrintStream err, String unit) {
    this.err = err;
    this.unit = unit;
  }

  /**
   * Whether standard error is a terminal. On Linux the answer is where file descriptor 2 points;
   * elsewhere the JVM's console is asked, which also needs standard input and output to be one.
   */
  static boolean stderrIsTerminal() {
    Path fd = Path.of("/proc/self/fd/2");
    if (Files.isSymbolicLink(fd)) {
      try {
        String target = Files.readSymbolicLink(fd).toString();
        return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty");
      } catch (java.io.IOException | SecurityException e) {
        // fall back to the console
      }
    }
    java.io.Console console = System.console();
    if (console == null) {
      return false;
    }
    // from JDK 22 a console exists even when redirected; isTerminal() tells (not in JDK 17)
    try {
      Method isTerminal = java.io.Console.class.getMethod("isTerminal");
      return (Boolean) isTerminal.invoke(console);
    } catch (ReflectiveOperationException e) {
      return true;
    }
  }

  @Override
  public void progress(TrafficSimulator.Progress p) {
    int filled = (int) Math.round(p.fraction() * WIDTH);
    String line =
        String.format(
            Locale.ROOT,
            "[%s%s] %3.0f%% %,d %s, %,d in progress, virtual %s, %,.0f events/s",
            "#".repeat(filled),
            ".".repeat(WIDTH - filled),
            p.fraction() * 100,
            p.offered(),
            unit,
            p.inProgress(),
            clock(p.virtualSeconds()),
            p.wallSeconds() > 0 ? p.events() / p.wallSeconds() : 0);
    int pad = Math.max(0, lastLength - line.length());
    err.print("\r" + line + " ".repeat(pad));
    err.flush();
    lastLength = line.length();
  }

  /** Clears the bar, so that what follows starts on a clean line. */
  void finish() {
    if (lastLength > 0) {
      err.print("\r" + " ".repeat(lastLength) + "\r");
      err.flush();
      lastLength = 0;
    }
  }

  private static String clock(double seconds) {
    long s = (long) seconds;
    long days = s / 86_400;
    String hms =
        String.format(Locale.ROOT, "%02d:%02d:%02d", (s / 3600) % 24, (s / 60) % 60, s % 60);
    return days > 0 ? days + "d " + hms : hms;
  }
}

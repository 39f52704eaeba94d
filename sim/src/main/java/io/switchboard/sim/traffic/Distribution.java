package io.switchboard.sim.traffic;

import java.util.Locale;
import java.util.SplittableRandom;

/**
 * A distribution of durations, in seconds: handle times, after-call work, patience, IVR time, hold
 * time. Each is written in a configuration as a kind and a mean, e.g. {@code {dist: lognormal,
 * mean: 180, cv: 0.8}} or, on the command line, {@code lognormal:180:0.8}.
 */
public sealed interface Distribution {

  /** A duration drawn from {@code random}, in seconds, never negative. */
  double sample(SplittableRandom random);

  /** The mean, in seconds. */
  double mean();

  /** The squared coefficient of variation (variance over mean squared). */
  double scv();

  /** How the distribution is written on the command line: {@code kind:mean[:parameter]}. */
  String describe();

  /** Exponential with the given mean: the memoryless case of queueing theory. */
  record Exponential(double mean) implements Distribution {
    public Exponential {
      requirePositive("exponential", "mean", mean);
    }

    @Override
    public double sample(SplittableRandom random) {
      // 1 - nextDouble() lies in (0, 1], so the logarithm is finite
      return -mean * StrictMath.log(1.0 - random.nextDouble());
    }

    @Override
    public double scv() {
      return 1;
    }

    @Override
    public String describe() {
      return "exponential:" + number(mean);
    }
  }

  /** Always {@code value}. */
  record Constant(double value) implements Distribution {
    public Constant {
      if (!(value >= 0) || Double.isInfinite(value)) {
        throw new IllegalArgumentException(
            "constant: the value must be a number of seconds, 0 or more, was " + value);
      }
    }

    @Override
    public double sample(SplittableRandom random) {
      return value;
    }

    @Override
    public double mean() {
      return value;
    }

    @Override
    public double scv() {
      return 0;
    }

    @Override
    public String describe() {
      return "constant:" + number(value);
    }
  }

  /**
   * Log-normal with the given mean and coefficient of variation: the usual shape of measured handle
   * times (skewed to the right, never negative).
   */
  record LogNormal(double mean, double cv) implements Distribution {
    public LogNormal {
      requirePositive("lognormal", "mean", mean);
      requirePositive("lognormal", "cv", cv);
    }

    @Override
    public double sample(SplittableRandom random) {
      double sigma2 = StrictMath.log(1 + cv * cv);
      double mu = StrictMath.log(mean) - sigma2 / 2;
      return StrictMath.exp(mu + StrictMath.sqrt(sigma2) * gaussian(random));
    }

    @Override
    public double scv() {
      return cv * cv;
    }

    @Override
    public String describe() {
      return "lognormal:" + number(mean) + ":" + number(cv);
    }
  }

  /** Uniform between {@code min} and {@code max}. */
  record Uniform(double min, double max) implements Distribution {
    public Uniform {
      if (!(min >= 0) || !(max >= min) || Double.isInfinite(max)) {
        throw new IllegalArgumentException(
            "uniform: needs 0 <= min <= max (seconds), was min " + min + ", max " + max);
      }
    }

    @Override
    public double sample(SplittableRandom random) {
      return min + (max - min) * random.nextDouble();
    }

    @Override
    public double mean() {
      return (min + max) / 2;
    }

    @Override
    public double scv() {
      double mean = mean();
      return mean == 0 ? 0 : (max - min) * (max - min) / 12 / (mean * mean);
    }

    @Override
    public String describe() {
      return "uniform:" + number(min) + ":" + number(max);
    }
  }

  /**
   * Reads {@code kind:mean[:parameter]}: {@code exponential:180}, {@code constant:30}, {@code
   * lognormal:180:0.8} (mean and coefficient of variation), {@code uniform:10:50} (min and max).
   *
   * @throws IllegalArgumentException saying what is wrong and what is expected
   */
  static Distribution parse(String text) {
    String[] parts = text.strip().split(":");
    try {
      if (parts.length >= 2) {
        return of(parts[0], Double.parseDouble(parts[1]), parts.length > 2 ? parts[2] : null);
      }
    } catch (NumberFormatException e) {
      // reported below with the expected form
    }
    throw new IllegalArgumentException(
        "'"
            + text
            + "' is not a distribution; write kind:mean, e.g. exponential:180, constant:30,"
            + " lognormal:180:0.8 (mean, coefficient of variation) or uniform:10:50 (min, max)");
  }

  /**
   * The distribution {@code kind} with {@code mean} (for {@code uniform}: the minimum) and an
   * optional second parameter ({@code cv} of lognormal, default 1; {@code max} of uniform).
   *
   * @throws IllegalArgumentException for an unknown kind or a parameter out of range
   */
  static Distribution of(String kind, double mean, String parameter) {
    String name = kind.strip().toLowerCase(Locale.ROOT);
    return switch (name) {
      case "exponential" -> new Exponential(mean);
      case "constant" -> new Constant(mean);
      case "lognormal" ->
          new LogNormal(mean, parameter == null ? 1.0 : Double.parseDouble(parameter));
      case "uniform" -> {
        if (parameter == null) {
          throw new IllegalArgumentException(
              "uniform needs a minimum and a maximum: uniform:10:50");
        }
        yield new Uniform(mean, Double.parseDouble(parameter));
      }
      default ->
          throw new IllegalArgumentException(
              "unknown distribution '"
                  + kind
                  + "'; use exponential, constant, lognormal or uniform");
    };
  }

  private static void requirePositive(String kind, String what, double value) {
    if (!(value > 0) || Double.isInfinite(value)) {
      throw new IllegalArgumentException(
          kind + ": the " + what + " must be a positive number, was " + value);
    }
  }

  /**
   * A standard normal deviate; StrictMath keeps runs identical across JVMs (Box-Muller; one of the
   * pair is dropped to keep streams simple).
   */
  private static double gaussian(SplittableRandom random) {
    double u1 = 1.0 - random.nextDouble();
    double u2 = random.nextDouble();
    return StrictMath.sqrt(-2 * StrictMath.log(u1)) * StrictMath.cos(2 * Math.PI * u2);
  }

  private static String number(double value) {
    return value == Math.rint(value) && Math.abs(value) < 1e15
        ? Long.toString((long) value)
        : Double.toString(value);
  }
}

package io.switchboard.model.request;

/** The engine's clock moves on by {@code duration}; timers that fall due fire. */
public record Advance(java.time.Duration duration) implements Stimulus {
  @Override
  public StepType type() {
    return StepType.Advance;
  }
}

package io.switchboard.model.request;

/** One thing that happens to a tenant's telephony: a client's request or an outside stimulus. */
public sealed interface Step permits Request, Stimulus {

  /** The step's type: its wire name and attributes, and the case that handles it. */
  StepType type();

  /** The step's name as written in a scenario file, e.g. {@code RequestMakeCall}. */
  default String name() {
    return type().wireName();
  }
}

/**
 * Scenarios (docs/scenarios.md): {@link io.switchboard.sim.ScenarioFile files} that script one
 * tenant's telephony, and the {@link io.switchboard.sim.ScenarioRunner runner} that plays them on
 * the engine in process, with a {@link io.switchboard.sim.ScenarioClock clock} that only the script
 * moves.
 */
package io.switchboard.sim;

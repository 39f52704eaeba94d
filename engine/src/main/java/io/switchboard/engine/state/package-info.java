/**
 * One tenant's state, inside the engine: its DNs ({@link io.switchboard.engine.state.Dn}), calls
 * ({@link io.switchboard.engine.state.Call}), parties ({@link io.switchboard.engine.state.Party}),
 * agents ({@link io.switchboard.engine.state.Agent}), timers and counters, and {@link
 * io.switchboard.engine.state.EngineState}, the one writer of them all.
 *
 * <p>The features of the engine (package {@code io.switchboard.engine}) read the state through
 * public accessors that give nothing to write with (collections are read-only views); the fields
 * are this package's alone, so a feature can change the state only through a writer of {@code
 * EngineState}, which checks and counts the change. The types are public for the features' sake: no
 * code outside the engine module has a use for them ({@link io.switchboard.engine.TenantEngine}
 * hands out {@link io.switchboard.engine.TenantView} and {@link
 * io.switchboard.engine.EngineSnapshot} instead).
 */
package io.switchboard.engine.state;

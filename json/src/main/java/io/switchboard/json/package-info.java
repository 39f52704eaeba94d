/**
 * The wire format: {@link io.switchboard.json.EventJson events} as flat JSON objects with the
 * Genesys attribute names verbatim, {@link io.switchboard.json.StepJson steps} (T-Library requests
 * and stimuli) as scenario files and request bodies write them, and the shared {@link
 * io.switchboard.json.Json mappers}. See docs/wire-format.md.
 */
package io.switchboard.json;

/**
 * What the engine takes: T-Library {@link io.switchboard.model.request.Request requests}, named as
 * the Genesys Platform SDK names them, and {@link io.switchboard.model.request.Stimulus stimuli}
 * from the network and the phones. Each is a small immutable record; absent optional attributes are
 * empty {@link java.util.Optional}s or empty {@link io.switchboard.model.KVList}s, never null.
 */
package io.switchboard.model.request;

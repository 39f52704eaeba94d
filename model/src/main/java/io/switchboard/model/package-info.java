/**
 * The vocabulary of Switchboard, free of any framework: the Genesys Voice Microservices event
 * catalog ({@link io.switchboard.model.EventType}, {@link io.switchboard.model.Attribute}), its
 * enumerations, {@link io.switchboard.model.Event}, user data ({@link
 * io.switchboard.model.KVList}), identifiers, and the requests and stimuli the engine takes ({@link
 * io.switchboard.model.request}).
 */
package io.switchboard.model;

/**
 * Real-time contact-center statistics computed from Switchboard's published topics alone (a Kafka
 * Streams application), and the wallboard page that shows them live. {@code docs/wallboard.md}
 * defines every figure and the schema of the {@code voice-stats} topic.
 */
package io.switchboard.wallboard;

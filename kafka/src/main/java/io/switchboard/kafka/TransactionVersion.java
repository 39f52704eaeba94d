package io.switchboard.kafka;

import java.time.Duration;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.FeatureUpdate;
import org.apache.kafka.clients.admin.FinalizedVersionRange;
import org.apache.kafka.clients.admin.UpdateFeaturesOptions;

/**
 * Kafka's transaction protocol version, the cluster-wide feature {@code transaction.version} that
 * the brokers finalize and every transactional producer follows. At 2 (KIP-890, the default of a
 * cluster formatted by Kafka 4.0 or later) each partition's leader adds the partition to a
 * transaction on the first record it gets; at 1 the producer adds a transaction's new partitions
 * itself, in one request. Cluster mode measured both (docs/cluster.md, "Sizing").
 */
public final class TransactionVersion {

  /** The feature's name. */
  public static final String FEATURE = "transaction.version";

  private TransactionVersion() {}

  /**
   * The version the cluster has finalized; empty when the brokers do not say (a cluster older than
   * the feature, or one that did not answer within {@code timeout}).
   */
  public static OptionalInt finalized(Admin admin, Duration timeout) {
    try {
      FinalizedVersionRange range =
          admin
              .describeFeatures()
              .featureMetadata()
              .get(timeout.toMillis(), TimeUnit.MILLISECONDS)
              .finalizedFeatures()
              .get(FEATURE);
      return range == null ? OptionalInt.empty() : OptionalInt.of(range.maxVersionLevel());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return OptionalInt.empty();
    } catch (ExecutionException | TimeoutException e) {
      return OptionalInt.empty();
    }
  }

  /**
   * Finalizes {@code version} on the cluster, up or down, as {@code kafka-features.sh upgrade} or
   * {@code downgrade --feature transaction.version=N} does. The producers follow it from their next
   * transaction.
   *
   * @throws IllegalArgumentException if {@code version} is not 1 or 2
   * @throws IllegalStateException if the cluster refuses it or does not answer within {@code
   *     timeout}, with its reason
   */
  public static void finalize(Admin admin, int version, Duration timeout) {
    if (version < 1 || version > 2) {
      throw new IllegalArgumentException("the transaction version is 1 or 2, was " + version);
    }
    int now = finalized(admin, timeout).orElse(0);
    if (now == version) {
      return;
    }
    FeatureUpdate update =
        new FeatureUpdate(
            (short) version,
            version > now
                ? FeatureUpdate.UpgradeType.UPGRADE
                : FeatureUpdate.UpgradeType.SAFE_DOWNGRADE);
    try {
      admin
          .updateFeatures(
              Map.of(FEATURE, update),
              new UpdateFeaturesOptions().timeoutMs((int) timeout.toMillis()))
          .all()
          .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while setting " + FEATURE, e);
    } catch (ExecutionException | TimeoutException e) {
      Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
      throw new IllegalStateException(
          "Kafka did not set " + FEATURE + " to " + version + ": " + cause.getMessage(), cause);
    }
  }
}

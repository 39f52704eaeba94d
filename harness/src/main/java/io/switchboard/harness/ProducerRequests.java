package io.switchboard.harness;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.lang.management.ManagementFactory;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;

/**
 * How the Kafka producers of this process batched during a run, read from the metrics they register
 * with JMX: the produce requests they sent and the records those held. A broker's cost grows with
 * the requests and batches it takes (each is appended, replicated by the followers' fetches and
 * acknowledged) far more than with the records in them.
 */
final class ProducerRequests {

  private static final MBeanServer SERVER = ManagementFactory.getPlatformMBeanServer();
  private static final ObjectName PRODUCERS = name("kafka.producer:type=producer-metrics,*");

  private final double requestsStart;
  private final double recordsStart;
  private final long wallStart = System.nanoTime();

  private ProducerRequests(double requests, double records) {
    this.requestsStart = requests;
    this.recordsStart = records;
  }

  /** From now on, counting the producers that exist now and those that start later. */
  static ProducerRequests mark() {
    return new ProducerRequests(total("request-total"), total("record-send-total"));
  }

  /**
   * Puts the requests a second and the records a request since the mark into {@code node}; call it
   * before the run's producers close, since a closed producer's metrics are gone.
   */
  void put(ObjectNode node) {
    double requests = total("request-total") - requestsStart;
    double records = total("record-send-total") - recordsStart;
    double seconds = Math.max(1, System.nanoTime() - wallStart) / 1e9;
    node.put("requests_per_second", requests / seconds);
    node.put("records_per_request", records / Math.max(1, requests));
  }

  private static double total(String attribute) {
    double sum = 0;
    for (ObjectName producer : SERVER.queryNames(PRODUCERS, null)) {
      try {
        if (SERVER.getAttribute(producer, attribute) instanceof Number n) {
          sum += n.doubleValue();
        }
      } catch (JMException | RuntimeException gone) {
        // a producer that closed meanwhile: its figures went with it
      }
    }
    return sum;
  }

  private static ObjectName name(String pattern) {
    try {
      return new ObjectName(pattern);
    } catch (JMException e) {
      throw new IllegalArgumentException(pattern, e);
    }
  }
}

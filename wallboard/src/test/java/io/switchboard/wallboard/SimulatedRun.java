package io.switchboard.wallboard;

import io.switchboard.kafka.EventRecords;
import io.switchboard.kafka.TopicNames;
import io.switchboard.model.Event;
import io.switchboard.sim.traffic.SimulationReport;
import io.switchboard.sim.traffic.TrafficConfig;
import io.switchboard.sim.traffic.TrafficSimulator;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * A simulated run, as the records Switchboard publishes for it (topic, key, value, timestamp, and
 * the headers {@code switchboard.seq} and {@code switchboard.event-id}), with the simulator's own
 * report: the ground truth the statistics are checked against.
 */
record SimulatedRun(List<ProducerRecord<String, byte[]>> records, SimulationReport report) {

  static SimulatedRun of(TrafficConfig config) {
    EventRecords builder = new EventRecords(TopicNames.defaults());
    List<ProducerRecord<String, byte[]>> records = new ArrayList<>();
    Map<String, Long> seqs = new HashMap<>();
    long[] position = {0};
    TrafficSimulator simulator =
        TrafficSimulator.standalone(
            config,
            (tenant, events) -> {
              int index = 0;
              for (Event event : events) {
                if (event.type().topic().published()) {
                  ProducerRecord<String, byte[]> plain = builder.record(tenant, event);
                  long seq = seqs.merge(plain.topic() + "/" + plain.key(), 1L, Long::sum);
                  records.add(
                      builder.record(tenant, event, seq, "run1-" + position[0] + "-" + index));
                }
                index++;
              }
              position[0]++;
              return CompletableFuture.completedFuture(null);
            },
            new TrafficSimulator.Options());
    SimulationReport report = simulator.run();
    return new SimulatedRun(List.copyOf(records), report);
  }
}

package io.switchboard.kafka.cluster;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The cluster's members and which of them owns each partition of the step log, as the group
 * coordinator said when last asked ({@link #refresh}, every second).
 */
final class GroupView {

  private static final Logger log = LoggerFactory.getLogger(GroupView.class);

  private final ClusterSettings settings;
  private final Admin admin;
  private volatile Map<Integer, String> owners = Map.of();
  private volatile List<ClusterNode.Member> members = List.of();

  GroupView(ClusterSettings settings, Admin admin) {
    this.settings = settings;
    this.admin = admin;
  }

  /** The instance that owned {@code partition} when last asked, or null. */
  String owner(int partition) {
    return owners.get(partition);
  }

  /** The members, by instance id. */
  List<ClusterNode.Member> members() {
    return members;
  }

  /**
   * Asks the group coordinator again.
   *
   * @param directory where each instance's API is
   * @return why the group could not be described, or empty
   */
  String refresh(InstanceDirectory directory) {
    try {
      ConsumerGroupDescription group =
          admin
              .describeConsumerGroups(List.of(settings.group()))
              .describedGroups()
              .get(settings.group())
              .get(settings.commitTimeout().toMillis(), TimeUnit.MILLISECONDS);
      Map<Integer, String> byPartition = new HashMap<>();
      List<ClusterNode.Member> seen = new ArrayList<>();
      for (MemberDescription m : group.members()) {
        String instance = m.groupInstanceId().orElse(m.consumerId());
        List<Integer> owned =
            m.assignment().topicPartitions().stream()
                .filter(tp -> tp.topic().equals(settings.stepsTopic()))
                .map(TopicPartition::partition)
                .sorted()
                .toList();
        owned.forEach(p -> byPartition.put(p, instance));
        // an instance that joined with no partition yet is listed too
        seen.add(new ClusterNode.Member(instance, directory.http(instance).orElse(""), owned));
      }
      seen.sort(Comparator.comparing(ClusterNode.Member::instance));
      owners = Map.copyOf(byPartition);
      members = List.copyOf(seen);
      return "";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "";
    } catch (Exception e) {
      log.debug("reading the group's assignment", e);
      return "reading the group's assignment: " + e;
    }
  }
}

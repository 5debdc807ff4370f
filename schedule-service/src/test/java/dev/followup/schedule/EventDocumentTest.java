package dev.followup.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import dev.followup.infra.AsyncApiDocument;
import dev.followup.schedule.application.events.FollowUpDueV1;
import dev.followup.schedule.application.events.PlanChangedV1;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The AsyncAPI document partners read names every event the service publishes, and its schema. */
class EventDocumentTest {

  @Test
  void theDocumentListsEveryTopicAndTypeWithASchemaThatExists() {
    AsyncApiDocument document = AsyncApiDocument.fromClasspath("/asyncapi.yaml");

    assertThat(document.version()).isEqualTo("3.0.0");
    assertThat(document.channels())
        .isEqualTo(
            Map.of(
                "follow-ups-due",
                Map.of(FollowUpDueV1.TYPE, "schemas/follow-up-due.v1.json"),
                PlanChangedV1.TOPIC,
                Map.of(
                    PlanChangedV1.SCHEDULED, "schemas/plan-changed.v1.json",
                    PlanChangedV1.RESCHEDULED, "schemas/plan-changed.v1.json",
                    PlanChangedV1.CANCELLED, "schemas/plan-changed.v1.json")));
    document
        .channels()
        .values()
        .forEach(
            messages ->
                messages
                    .values()
                    .forEach(
                        schema ->
                            assertThat(getClass().getResource("/" + schema))
                                .as(schema)
                                .isNotNull()));
  }
}

package dev.followup.notification.incoming;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.followup.notification.domain.Channel;
import dev.followup.notification.domain.FollowUpDue;
import dev.followup.notification.domain.StepAction;
import dev.followup.notification.domain.StepKind;
import org.junit.jupiter.api.Test;

class FollowUpDueReaderTest {

  private final FollowUpDueReader reader =
      new FollowUpDueReader(new ObjectMapper().registerModule(new JavaTimeModule()));

  static String due(String kind, String extra, String recipient) {
    return """
        {
          "stepId": "0b0e6f5e-4c1a-4d39-8f7e-6d3c8b3f1a10",
          "kind": "%s",
          "channel": "PUSH",
          "rule": "some-rule",
          "dueAt": "2026-11-24T20:30:00Z",
          "windowEnd": "2026-11-25T23:00:00Z",
          "interviewId": "9a3d5c1e-2b4f-4e6a-8c7d-1f2e3d4c5b6a",
          "company": "Acme Corp",
          "role": "Backend engineer",
          "candidate": {"id": "cand-1", "name": "Sam Rivera", "email": "sam@example.com",
                        "timeZone": "Europe/Paris"}
          %s
          %s
        }
        """
        .formatted(kind, extra, recipient == null ? "" : ", \"recipient\": " + recipient);
  }

  @Test
  void aKeepSearchingNudgeHasNoRecipient() {
    FollowUpDue due = reader.read(due("KEEP_SEARCHING", "", null));
    assertThat(due.kind()).isEqualTo(StepKind.KEEP_SEARCHING);
    assertThat(due.recipient()).isNull();
    assertThat(due.channel()).isEqualTo(Channel.PUSH);
    assertThat(due.effectiveAction()).isEqualTo(StepAction.NONE);
  }

  @Test
  void readsTheOptionalFieldsOfACheckIn() {
    FollowUpDue due =
        reader.read(
            due(
                "CHECK_IN",
                """
                , "action": "CALL", "sequence": 2, "tenantId": "acme-jobs",
                "opportunityId": "opp-7", "unknownField": {"ignored": true}
                """,
                """
                {"name": "Jo Park", "title": "Recruiter", "phone": "+14155550100",
                 "timeZone": "America/Los_Angeles", "mailingAddress": "1 Main St"}
                """));
    assertThat(due.action()).isEqualTo(StepAction.CALL);
    assertThat(due.sequence()).isEqualTo(2);
    assertThat(due.tenantId()).isEqualTo("acme-jobs");
    assertThat(due.opportunityId()).isEqualTo("opp-7");
    assertThat(due.recipient().name()).isEqualTo("Jo Park");
    assertThat(due.recipient().email()).isNull();
    assertThat(due.recipient().phone()).isEqualTo("+14155550100");
    assertThat(due.recipient().topicList()).isEmpty();
  }

  @Test
  void aRecipientMustHaveAName() {
    assertThatThrownBy(() -> reader.read(due("CHECK_IN", "", "{\"email\": \"jo@acme.example\"}")))
        .isInstanceOf(UnreadableEventException.class)
        .hasMessageContaining("recipient.name");
  }

  @Test
  void topicsMustBeAList() {
    assertThatThrownBy(
            () ->
                reader.read(due("THANK_YOU_EMAIL", "", "{\"name\": \"Dana\", \"topics\": \"x\"}")))
        .isInstanceOf(UnreadableEventException.class)
        .hasMessageContaining("topics");
  }

  @Test
  void anUnknownKindOrActionBreaksTheContract() {
    assertThatThrownBy(() -> reader.read(due("SEND_FLOWERS", "", null)))
        .isInstanceOf(UnreadableEventException.class);
    assertThatThrownBy(() -> reader.read(due("CHECK_IN", ", \"action\": \"FAX\"", null)))
        .isInstanceOf(UnreadableEventException.class);
  }

  @Test
  void theCandidateIsRequired() {
    String data = due("KEEP_SEARCHING", "", null).replace("\"email\": \"sam@example.com\",", "");
    assertThatThrownBy(() -> reader.read(data))
        .isInstanceOf(UnreadableEventException.class)
        .hasMessageContaining("candidate.email");
  }
}

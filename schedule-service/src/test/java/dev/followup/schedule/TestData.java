package dev.followup.schedule;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

/** Events as the interview-service would publish them. */
public final class TestData {

  static final String COMPLETED = "dev.followup.interview.completed.v1";

  private TestData() {}

  /**
   * An offset zone in which {@code instant} falls at {@code localHour}, so that tests get the
   * same-day rule whatever the time of day they run at.
   */
  static ZoneOffset zoneWhereLocalHourIs(Instant instant, int localHour) {
    int utcHour = instant.atZone(ZoneOffset.UTC).getHour();
    int offset = Math.floorMod(localHour - utcHour + 12, 24) - 12;
    return ZoneOffset.ofHours(offset);
  }

  /**
   * An interview of the test tenant's candidate that ended three hours ago at 11:00 local time: its
   * thank-yous are due now. The candidate lives in the same zone, where it is 14:00 now: a fixed
   * zone would put the reminders in the candidate's quiet hours at some times of day.
   */
  public static String interviewCompletedJson(
      String interviewId, String candidateId, String... topics) {
    Instant ended = Instant.now().minus(3, ChronoUnit.HOURS).truncatedTo(ChronoUnit.MINUTES);
    ZoneOffset zone = zoneWhereLocalHourIs(ended, 11);
    return """
        {
          "tenantId": "%s",
          "interviewId": "%s",
          "candidate": {"id": "%s", "name": "Sam Rivera", "email": "sam@example.com",
                        "timeZone": "%s"},
          "company": "Acme Corp",
          "role": "Backend engineer",
          "endedAt": "%s",
          "timeZone": "%s",
          "interviewers": [
            {"id": "%s", "name": "Dana Lee", "email": "dana@acme.example", "topics": ["%s"]},
            {"id": "%s", "name": "Ari Cohen", "email": "ari@acme.example", "topics": ["%s"]}
          ],
          "completedAt": "%s"
        }
        """
        .formatted(
            Tokens.TENANT,
            interviewId,
            candidateId,
            zone.getId(),
            ended.atOffset(zone),
            zone.getId(),
            UUID.randomUUID(),
            topics.length > 0 ? topics[0] : "the billing migration",
            UUID.randomUUID(),
            topics.length > 1 ? topics[1] : "on-call culture",
            Instant.now());
  }
}

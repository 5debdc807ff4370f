package dev.followup.interview.application;

import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.List;

/** What the candidate records about an interview, already validated. */
public record NewInterview(
    CandidateDetails candidate,
    String company,
    String role,
    LocalDateTime endsAt,
    ZoneId timeZone,
    List<InterviewerDetails> interviewers) {

  public record CandidateDetails(String id, String name, String email, ZoneId timeZone) {}

  public record InterviewerDetails(String name, String email, List<String> topics) {}
}

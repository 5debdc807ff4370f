package dev.followup.interview.domain.review;

import java.util.List;
import java.util.UUID;

/** Something to fix in the drafts, and where: {@code draft} is the draft's index in the request. */
public sealed interface Finding {

  int draft();

  UUID interviewerId();

  /** Two drafts read the same or nearly (names set aside): each interviewer deserves their own. */
  record SameText(
      int draft, UUID interviewerId, int otherDraft, UUID otherInterviewerId, double similarity)
      implements Finding {}

  /** The draft names none of the topics discussed with its recipient. */
  record NoTopicNamed(int draft, UUID interviewerId, List<String> topics) implements Finding {}

  /** A word not in the dictionary, where it starts in the draft, and what may have been meant. */
  record Misspelling(
      int draft, UUID interviewerId, String word, int offset, List<String> suggestions)
      implements Finding {}
}

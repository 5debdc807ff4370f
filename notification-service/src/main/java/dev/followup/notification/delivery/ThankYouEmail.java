package dev.followup.notification.delivery;

import dev.followup.notification.domain.FollowUpDue;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import java.util.List;

/**
 * The reminder to send a thank-you today, with a drafted note for one interviewer. Rendered from
 * the templates in {@code templates/ThankYouEmail/}, in an HTML and a plain-text version.
 */
public final class ThankYouEmail {

  private ThankYouEmail() {}

  @CheckedTemplate
  static class Templates {
    static native TemplateInstance html(Draft draft);

    static native TemplateInstance text(Draft draft);
  }

  /**
   * What the templates show.
   *
   * @param topics the topics discussed with the interviewer as one phrase, empty if none is known
   */
  public record Draft(
      String candidateName,
      String interviewerName,
      String interviewerEmail,
      String company,
      String role,
      String topics) {

    public boolean hasTopics() {
      return !topics.isEmpty();
    }
  }

  /** A rendered email. */
  record Content(String subject, String html, String text) {}

  static Content render(FollowUpDue due) {
    FollowUpDue.Recipient interviewer = due.recipient();
    Draft draft =
        new Draft(
            due.candidate().name(),
            interviewer.name(),
            interviewer.email(),
            due.company(),
            due.role(),
            phrase(interviewer.topics()));
    return new Content(
        "Send your thank-you to " + interviewer.name() + " today",
        Templates.html(draft).render(),
        Templates.text(draft).render());
  }

  /** "a", "a and b", "a, b and c". */
  static String phrase(List<String> topics) {
    List<String> named =
        topics == null
            ? List.of()
            : topics.stream().filter(t -> t != null && !t.isBlank()).map(String::strip).toList();
    return switch (named.size()) {
      case 0 -> "";
      case 1 -> named.get(0);
      default ->
          String.join(", ", named.subList(0, named.size() - 1))
              + " and "
              + named.get(named.size() - 1);
    };
  }
}

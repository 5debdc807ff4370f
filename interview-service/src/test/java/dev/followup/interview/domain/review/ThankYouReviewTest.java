package dev.followup.interview.domain.review;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The thank-you check as plain Java, with the real English dictionary. */
class ThankYouReviewTest {

  private static final EnglishSpelling ENGLISH = EnglishSpelling.load();
  private static final UUID DANA = UUID.randomUUID();
  private static final UUID ARI = UUID.randomUUID();
  private static final List<ThankYouReview.Recipient> RECIPIENTS =
      List.of(
          new ThankYouReview.Recipient(DANA, "Dana Lee", List.of("the billing migration")),
          new ThankYouReview.Recipient(ARI, "Ari Cohen", List.of("on-call culture", "Kafka")));
  private static final List<String> PROPER_NOUNS = List.of("Acme Corp", "Sam Rivera");

  private final ThankYouReview review = new ThankYouReview(ENGLISH, ThankYouReview.Policy.DEFAULT);

  private List<Finding> check(String toDana, String toAri) {
    return review.review(
        List.of(new ThankYouReview.Draft(DANA, toDana), new ThankYouReview.Draft(ARI, toAri)),
        RECIPIENTS,
        PROPER_NOUNS);
  }

  @Test
  void twoPersonalCorrectNotesHaveNoFindings() {
    assertThat(
            check(
                "Dear Dana, thank you for walking me through the billing migration at Acme Corp."
                    + " I'd love to help move those invoices onto the new platform. Best, Sam",
                "Hi Ari, thanks for the candid talk about on-call culture and how your team’s"
                    + " rotations keep weekends quiet. It made me even keener to join. Sam"
                    + " Rivera"))
        .isEmpty();
  }

  @Test
  void theSameNoteWithOnlyTheNameChangedIsFound() {
    String note =
        "Dear %s, thank you for taking the time to meet me today. I enjoyed our conversation"
            + " about Kafka, the billing migration and on-call culture, and I look forward to"
            + " hearing from you.";
    List<Finding> findings = check(note.formatted("Dana"), note.formatted("Ari"));

    assertThat(findings).containsExactly(new Finding.SameText(0, DANA, 1, ARI, 1.0));
  }

  @Test
  void nearlyTheSameNoteIsFoundButDifferentNotesAreNot() {
    String note =
        "Dear %s, thank you for taking the time to meet me today. I really enjoyed our"
            + " conversation about %s and I am excited about the role. I look forward to hearing"
            + " from you soon. Best regards, Sam";
    List<Finding> nearly =
        check(note.formatted("Dana", "the billing migration"), note.formatted("Ari", "Kafka"));
    assertThat(nearly).hasSize(1).first().isInstanceOf(Finding.SameText.class);
    assertThat(((Finding.SameText) nearly.get(0)).similarity()).isBetween(0.6, 0.99);

    List<Finding> different =
        check(
            note.formatted("Dana", "the billing migration"),
            "Ari, our chat about Kafka and on-call culture stayed with me all evening. Thanks!");
    assertThat(different).noneMatch(Finding.SameText.class::isInstance);
  }

  @Test
  void aNoteNamingNoneOfTheRecipientsTopicsIsFound() {
    List<Finding> findings =
        check(
            "Dear Dana, thank you for meeting me today. It was great to learn about Acme Corp.",
            "Ari, thanks for explaining how your on-call rotations work.");

    assertThat(findings)
        .containsExactly(new Finding.NoTopicNamed(0, DANA, List.of("the billing migration")));
  }

  @Test
  void topicsMatchIgnoringCaseStopWordsAndPlurals() {
    assertThat(
            check(
                "Dana, I keep thinking about BILLING migrations.",
                "Ari, thanks for the call about the culture of your team."))
        .isEmpty();
  }

  @Test
  void misspellingsGiveTheWordItsOffsetAndSuggestions() {
    String toDana = "Dear Dana, thank you for the intresting talk about the billing migration.";
    List<Finding> findings =
        check(toDana, "Ari, I appreciated hearing about Kafka and your recieved wisdom.");

    assertThat(findings).hasSize(2);
    Finding.Misspelling first = (Finding.Misspelling) findings.get(0);
    assertThat(first.draft()).isZero();
    assertThat(first.interviewerId()).isEqualTo(DANA);
    assertThat(first.word()).isEqualTo("intresting");
    assertThat(first.offset()).isEqualTo(toDana.indexOf("intresting"));
    assertThat(first.suggestions()).contains("interesting").hasSizeLessThanOrEqualTo(5);
    Finding.Misspelling second = (Finding.Misspelling) findings.get(1);
    assertThat(second.draft()).isOne();
    assertThat(second.word()).isEqualTo("recieved");
    assertThat(second.suggestions()).contains("received");
  }

  @Test
  void namesOfPeopleTheCompanyAndTopicsAreNeverFlagged() {
    List<Finding> findings =
        review.review(
            List.of(
                new ThankYouReview.Draft(
                    DANA,
                    "Dear Ms Lee, thanks for the Zorblax deep dive at Qwertify. Regards, Ngozi"
                        + " Okonkwo")),
            List.of(
                new ThankYouReview.Recipient(DANA, "Dana Lee", List.of("the Zorblax pipeline"))),
            List.of("Qwertify", "Ngozi Okonkwo"));

    assertThat(findings).isEmpty();
  }

  @Test
  void contractionsPossessivesAcronymsAndAddressesAreNotMisspellings() {
    assertThat(
            ENGLISH.isCorrect("don't") && ENGLISH.isCorrect("I'm") && ENGLISH.isCorrect("Thanks"))
        .isTrue();
    assertThat(
            check(
                "Dana, I'm glad we didn't skip the billing migration's SLA and the API. You can"
                    + " reach me at sam.rivera@example.com or https://samrivera.example/cv.",
                "Ari, Kafka on-call culture sounds healthy. I wouldn't change a thing."))
        .isEmpty();
  }

  @Test
  void capitalisedWordsAreCheckedToo() {
    assertThat(ENGLISH.isCorrect("Grateful")).isTrue();
    assertThat(ENGLISH.isCorrect("Gratefull")).isFalse();
  }
}

package dev.followup.interview.domain.review;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Checks the thank-you notes a candidate drafted after an interview, one per interviewer, for the
 * three faults the playbook warns about: the same note sent to two interviewers, a note that does
 * not name what was discussed with its recipient, and typos.
 *
 * <ul>
 *   <li><b>Same text</b>: the Jaccard similarity of the two drafts' word shingles (sequences of
 *       {@code shingleSize} words, lower case, punctuation dropped), with every interviewer's name
 *       replaced by one placeholder so that "Dear Dana" and "Dear Ari" do not make two notes
 *       different. At or above {@code similarityThreshold} the pair is reported.
 *   <li><b>No topic named</b>: a topic is named when at least half (rounded up) of its telling
 *       words (stop words left out) appear in the draft, case and plural endings ignored. A
 *       recipient with no recorded topics is not checked.
 *   <li><b>Spelling</b>: every word is looked up in the dictionary, except the names of the people,
 *       the company, the role and the topics, which a dictionary cannot know, single letters and
 *       acronyms in capitals.
 * </ul>
 */
public final class ThankYouReview {

  /** How strict the review is. */
  public record Policy(double similarityThreshold, int shingleSize, int maxSuggestions) {
    public Policy {
      if (similarityThreshold <= 0 || similarityThreshold > 1) {
        throw new IllegalArgumentException("The similarity threshold must be in (0, 1]");
      }
      if (shingleSize < 1 || maxSuggestions < 0) {
        throw new IllegalArgumentException("Shingles of one word at least; suggestions >= 0");
      }
    }

    public static final Policy DEFAULT = new Policy(0.6, 3, 5);
  }

  /** An interviewer of the interview: who a draft may be addressed to. */
  public record Recipient(UUID id, String name, List<String> topics) {}

  /** A note the candidate drafted for one interviewer. */
  public record Draft(UUID interviewerId, String text) {}

  private static final String NAME = "\u0000name";
  private static final int LONGEST_ACRONYM = 6;

  private final SpellChecker spelling;
  private final Policy policy;

  public ThankYouReview(SpellChecker spelling, Policy policy) {
    this.spelling = spelling;
    this.policy = policy;
  }

  /**
   * Reviews the drafts.
   *
   * @param drafts the notes, each addressed to one of the recipients
   * @param recipients the interviewers of the interview
   * @param properNouns other names the notes may use (the company, the role, the candidate)
   * @return the findings, by draft, in the order: same text (reported once per pair, on the first
   *     of the two), topics, spelling
   */
  public List<Finding> review(
      List<Draft> drafts, List<Recipient> recipients, Collection<String> properNouns) {
    Map<UUID, Recipient> byId =
        recipients.stream().collect(Collectors.toMap(Recipient::id, Function.identity()));
    Set<String> nameWords = new HashSet<>();
    recipients.forEach(r -> nameWords.addAll(Words.lower(r.name())));
    Set<String> known = new HashSet<>(nameWords);
    properNouns.forEach(noun -> known.addAll(Words.lower(noun)));
    recipients.forEach(r -> r.topics().forEach(topic -> known.addAll(Words.lower(topic))));

    List<Set<String>> shingles = drafts.stream().map(d -> shingles(d.text(), nameWords)).toList();
    List<Finding> findings = new ArrayList<>();
    for (int i = 0; i < drafts.size(); i++) {
      Draft draft = drafts.get(i);
      for (int j = i + 1; j < drafts.size(); j++) {
        double similarity = jaccard(shingles.get(i), shingles.get(j));
        if (similarity >= policy.similarityThreshold()) {
          findings.add(
              new Finding.SameText(
                  i,
                  draft.interviewerId(),
                  j,
                  drafts.get(j).interviewerId(),
                  Math.round(similarity * 100) / 100.0));
        }
      }
      Recipient recipient = byId.get(draft.interviewerId());
      if (recipient == null) {
        throw new IllegalArgumentException("Draft " + i + " is not addressed to an interviewer");
      }
      if (!recipient.topics().isEmpty() && !namesATopic(draft.text(), recipient.topics())) {
        findings.add(new Finding.NoTopicNamed(i, draft.interviewerId(), recipient.topics()));
      }
      findings.addAll(misspellings(i, draft, known));
    }
    return findings;
  }

  /** The text's shingles, names replaced by one placeholder. */
  private Set<String> shingles(String text, Set<String> nameWords) {
    List<String> words =
        Words.lower(text).stream().map(w -> nameWords.contains(w) ? NAME : w).toList();
    Set<String> shingles = new LinkedHashSet<>();
    int size = Math.min(policy.shingleSize(), Math.max(words.size(), 1));
    for (int start = 0; start + size <= words.size(); start++) {
      shingles.add(String.join(" ", words.subList(start, start + size)));
    }
    return shingles;
  }

  private static double jaccard(Set<String> a, Set<String> b) {
    if (a.isEmpty() && b.isEmpty()) {
      return 0;
    }
    Set<String> union = new HashSet<>(a);
    union.addAll(b);
    long common = a.stream().filter(b::contains).count();
    return (double) common / union.size();
  }

  private static boolean namesATopic(String text, List<String> topics) {
    Set<String> said = new HashSet<>();
    Words.lower(text).forEach(w -> said.add(Words.stem(w)));
    for (String topic : topics) {
      List<String> telling =
          Words.lower(topic).stream().filter(w -> !Words.STOP_WORDS.contains(w)).toList();
      if (telling.isEmpty()) {
        telling = Words.lower(topic);
      }
      long named = telling.stream().map(Words::stem).filter(said::contains).count();
      if (!telling.isEmpty() && named >= (telling.size() + 1) / 2) {
        return true;
      }
    }
    return false;
  }

  private List<Finding> misspellings(int index, Draft draft, Set<String> known) {
    List<Finding> found = new ArrayList<>();
    for (Words.Word word : Words.of(draft.text())) {
      String text = word.text();
      String lower = word.lower();
      if (text.length() < 2
          || known.contains(lower)
          || known.contains(Words.stem(lower))
          || isAcronym(text)
          || spelling.isCorrect(text)
          || (lower.endsWith("'s") && spelling.isCorrect(text.substring(0, text.length() - 2)))) {
        continue;
      }
      found.add(
          new Finding.Misspelling(
              index,
              draft.interviewerId(),
              text,
              word.offset(),
              spelling.suggestions(text, policy.maxSuggestions())));
    }
    return found;
  }

  private static boolean isAcronym(String word) {
    return word.length() <= LONGEST_ACRONYM && word.equals(word.toUpperCase(Locale.ROOT));
  }
}

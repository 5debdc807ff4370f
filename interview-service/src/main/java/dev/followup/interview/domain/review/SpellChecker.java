package dev.followup.interview.domain.review;

import java.util.List;

/** Tells whether a word is spelled right, and what it might have been meant to be. */
public interface SpellChecker {

  /** Whether the word, as written in running text (capitalised or not), is spelled right. */
  boolean isCorrect(String word);

  /** Likely intended words, best first, at most {@code max}. */
  List<String> suggestions(String word, int max);
}

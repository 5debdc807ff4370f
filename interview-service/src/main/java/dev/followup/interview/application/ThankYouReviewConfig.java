package dev.followup.interview.application;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** How strict the check of thank-you drafts is. */
@ConfigMapping(prefix = "thank-you-review")
public interface ThankYouReviewConfig {

  /** Jaccard similarity of word shingles from which two drafts count as the same note. */
  @WithDefault("0.6")
  double similarityThreshold();

  /** Words per shingle when comparing drafts. */
  @WithDefault("3")
  int shingleSize();

  /** Most spelling suggestions per misspelled word. */
  @WithDefault("5")
  int maxSuggestions();
}

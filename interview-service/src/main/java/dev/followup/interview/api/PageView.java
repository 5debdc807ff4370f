package dev.followup.interview.api;

import dev.followup.interview.application.PageOf;
import java.util.List;
import java.util.function.Function;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** One page of a list. */
@Schema(name = "Page", description = "One page of a list; pages count from 0")
public record PageView<T>(
    List<T> items,
    @Schema(examples = "0") int page,
    @Schema(examples = "20") int size,
    @Schema(description = "How many items match, over all pages", examples = "42") long total) {

  static <E, T> PageView<T> of(PageOf<E> page, Function<E, T> view) {
    return new PageView<>(
        page.items().stream().map(view).toList(), page.page(), page.size(), page.total());
  }
}

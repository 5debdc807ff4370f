package dev.followup.interview.application;

import io.quarkus.hibernate.orm.panache.PanacheQuery;
import io.quarkus.panache.common.Page;
import java.util.HashMap;
import java.util.Map;
import java.util.StringJoiner;

/** Builds an owner-scoped query with optional filters, and pages its result. */
final class Queries {

  private final StringJoiner where = new StringJoiner(" and ");
  private final Map<String, Object> parameters = new HashMap<>();

  private Queries() {}

  /** Every query starts from the owner: nothing of another candidate or tenant is ever read. */
  static Queries ownedBy(Owner owner) {
    Queries query = new Queries();
    query.where.add("tenantId = :tenantId and candidateId = :candidateId");
    query.parameters.put("tenantId", owner.tenantId());
    query.parameters.put("candidateId", owner.candidateId());
    return query;
  }

  /** Adds {@code condition} (which names {@code :name}) when {@code value} is not null. */
  Queries with(String condition, String name, Object value) {
    if (value != null) {
      where.add(condition);
      parameters.put(name, value);
    }
    return this;
  }

  String where() {
    return where.toString();
  }

  Map<String, Object> parameters() {
    return parameters;
  }

  static <T> PageOf<T> page(PanacheQuery<T> query, int page, int size) {
    long total = query.count();
    return new PageOf<>(query.page(Page.of(page, size)).list(), page, size, total);
  }
}

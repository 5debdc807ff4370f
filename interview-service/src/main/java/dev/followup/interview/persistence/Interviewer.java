package dev.followup.interview.persistence;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import java.util.List;
import java.util.UUID;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/** A person the candidate met at an interview: the business card and what was discussed. */
@Entity
public class Interviewer extends PanacheEntityBase {

  @Id public UUID id;

  @ManyToOne(optional = false)
  @JoinColumn(name = "interview_id")
  public Interview interview;

  /** Order in which the candidate listed the interviewers. */
  @Column(nullable = false)
  public int position;

  @Column(nullable = false)
  public String name;

  @Column(nullable = false)
  public String email;

  @JdbcTypeCode(SqlTypes.ARRAY)
  @Column(nullable = false, columnDefinition = "text[]")
  public List<String> topics;
}

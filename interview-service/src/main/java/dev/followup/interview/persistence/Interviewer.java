package dev.followup.interview.persistence;

import dev.followup.interview.domain.ContactChannel;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
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

  public String title;

  @Column(nullable = false)
  public String email;

  public String phone;

  @Column(name = "mailing_address")
  public String mailingAddress;

  /** IANA zone id of the interviewer, when it differs from the place of the interview. */
  @Column(name = "time_zone")
  public String timeZone;

  @Enumerated(EnumType.STRING)
  @Column(name = "preferred_channel")
  public ContactChannel preferredChannel;

  @JdbcTypeCode(SqlTypes.ARRAY)
  @Column(nullable = false, columnDefinition = "text[]")
  public List<String> topics;
}

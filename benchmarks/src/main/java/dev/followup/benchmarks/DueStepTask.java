package dev.followup.benchmarks;

import com.github.kagkarlsson.scheduler.task.TaskInstance;
import com.github.kagkarlsson.scheduler.task.helper.OneTimeTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import java.util.function.Consumer;

/** The db-scheduler side: one one-time task per follow-up step, and its table. */
final class DueStepTask {

  static final String NAME = "follow-up-due";

  /** db-scheduler's table for PostgreSQL, as its documentation gives it. */
  static final String TABLE_DDL =
      """
      create table if not exists scheduled_tasks (
          task_name            text                     not null,
          task_instance        text                     not null,
          task_data            bytea,
          execution_time       timestamp with time zone not null,
          picked               boolean                  not null,
          picked_by            text,
          last_success         timestamp with time zone,
          last_failure         timestamp with time zone,
          consecutive_failures int,
          last_heartbeat       timestamp with time zone,
          version              bigint                   not null,
          priority             smallint,
          primary key (task_name, task_instance)
      );
      create index if not exists execution_time_idx on scheduled_tasks (execution_time);
      create index if not exists last_heartbeat_idx on scheduled_tasks (last_heartbeat);
      create index if not exists priority_execution_time_idx
          on scheduled_tasks (priority desc, execution_time asc);
      """;

  private DueStepTask() {}

  /** The task, running {@code handler} for each due instance; completed when it returns. */
  static OneTimeTask<DueStep> create(Consumer<TaskInstance<DueStep>> handler) {
    return Tasks.oneTime(NAME, DueStep.class)
        .execute((instance, context) -> handler.accept(instance));
  }
}

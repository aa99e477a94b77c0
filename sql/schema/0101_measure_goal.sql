-- 0101: performance goals set by quality managers in the dashboard. measures.catalog.goal_rate
-- is the goal a measure ships with; every change a quality manager makes is appended here
-- (never updated in place), so the goal in force is the latest row of a measure group and the
-- table is its own history. Readers fall back to the catalog's goal_rate when a group has no
-- row. Each change is also written to meta.audit_log (action 'edit', object 'measure_goal').
create sequence measures.goal_history_seq start 1;

create table measures.goal_history (
    goal_id        bigint primary key default nextval('measures.goal_history_seq'),
    measure        varchar not null,      -- CMS122
    group_index    integer not null,      -- 0-based position in Measure.group
    goal_rate      double not null,       -- target performance rate, 0..1
    previous_rate  double,                -- the goal it replaced (null: none)
    set_by         varchar not null,      -- account name
    set_at         timestamp not null     -- UTC
);

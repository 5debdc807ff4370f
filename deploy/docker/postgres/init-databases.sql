-- Run once by the postgres image on an empty data directory (/docker-entrypoint-initdb.d):
-- one database per service, each owned by its own role. Local passwords only.
CREATE ROLE interviews LOGIN PASSWORD 'interviews';
CREATE DATABASE interviews OWNER interviews;

CREATE ROLE schedules LOGIN PASSWORD 'schedules';
CREATE DATABASE schedules OWNER schedules;

CREATE ROLE notifications LOGIN PASSWORD 'notifications';
CREATE DATABASE notifications OWNER notifications;

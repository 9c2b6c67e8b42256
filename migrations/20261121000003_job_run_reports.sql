-- What a scheduled job run did (e.g. what a full reindex repaired).
ALTER TABLE job_runs ADD COLUMN report TEXT;

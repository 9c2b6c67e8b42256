-- Retries of scheduled job runs. A run belongs to the replica that claimed
-- it until `leased_until` (renewed while it runs); a run left unfinished
-- past its lease (the replica crashed) or finished with an error is claimed
-- again by any replica, up to a limit of attempts.
ALTER TABLE job_runs ADD COLUMN attempts INTEGER NOT NULL DEFAULT 1;
ALTER TABLE job_runs ADD COLUMN leased_until TIMESTAMPTZ;

-- Usage events: every field of the audit JSONL format, one row per agent tool call or LLM call.
-- id is assigned in commit order (writers hold an advisory lock while inserting), so replicas
-- follow new rows with "id > last seen".
CREATE TABLE usage_events (
  id                 bigserial PRIMARY KEY,
  ts                 timestamptz NOT NULL,
  req_id             text,
  workspace_id       text,
  user_id            text,
  agent_id           text,
  tool               text NOT NULL,
  action             text,
  status             text NOT NULL CHECK (status IN ('pass', 'failed', 'error', 'denied')),
  duration_ms        bigint NOT NULL CHECK (duration_ms >= 0),
  in_size            bigint NOT NULL,
  out_size           bigint NOT NULL,
  input_hash         text,
  graph_run_id       text,
  graph_node         text,
  job_id             text,
  model              text,
  input_tokens       bigint,
  output_tokens      bigint,
  cache_read_tokens  bigint,
  cache_write_tokens bigint,
  cost_usd           numeric CHECK (cost_usd >= 0),
  complexity_score   double precision,
  team               text,
  env                text,
  recorded_at        timestamptz NOT NULL DEFAULT now()
);

-- Idempotency: a resent req_id is skipped. Events without one (null or empty) are never deduplicated.
CREATE UNIQUE INDEX usage_events_req_id ON usage_events (req_id) WHERE req_id <> '';

CREATE INDEX usage_events_ts ON usage_events (ts);

-- Governance state every replica shares, made exactly-once by the database rather than by files.
--
-- Alerts: one row per (month, scope, name, threshold), the primary key. A replica raises an alert
-- by inserting its row with ON CONFLICT DO NOTHING; the one insert that adds the row wins and does
-- what the alert asks (freeze, webhooks), every other replica skips it. numeric compares by value,
-- so 80 and 80.0 are the same threshold. body is the alert as JSON, as the winner posted it.
CREATE TABLE alerts (
  month         text NOT NULL CHECK (month ~ '^[0-9]{4}-[0-9]{2}$'),
  scope         text NOT NULL CHECK (scope IN ('total', 'agent', 'team')),
  name          text NOT NULL,
  threshold_pct numeric NOT NULL CHECK (threshold_pct > 0),
  id            text NOT NULL,
  body          text NOT NULL,
  raised_at     timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (month, scope, name, threshold_pct)
);

-- Freezes: a month is frozen from the first row naming it. Set by the replica that raised a
-- freeze-and-escalate alert; several such alerts (the fleet's, an agent's) each add their row.
CREATE TABLE freezes (
  month    text NOT NULL CHECK (month ~ '^[0-9]{4}-[0-9]{2}$'),
  alert_id text NOT NULL,
  body     text NOT NULL,
  set_at   timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (month, alert_id)
);

-- Overrides: append-only, the newest row per agent is in force (a revoke is a row too), so the
-- servers' role needs no UPDATE or DELETE and the history of who lifted what stays readable.
CREATE TABLE overrides (
  seq        bigserial PRIMARY KEY,
  agent      text NOT NULL CHECK (length(agent) BETWEEN 1 AND 256),
  reason     text CHECK (length(reason) >= 1),
  approver   text CHECK (length(approver) >= 1),
  expires_at timestamptz,
  revoked    boolean NOT NULL DEFAULT false,
  written_at timestamptz NOT NULL DEFAULT now(),
  CHECK (revoked OR (reason IS NOT NULL AND approver IS NOT NULL AND expires_at IS NOT NULL)),
  CHECK (NOT revoked OR (reason IS NULL AND approver IS NULL AND expires_at IS NULL))
);

CREATE INDEX overrides_agent ON overrides (agent, seq);

-- Preflight decisions: every decision of every replica, the answer as JSON; the newest per target
-- is what a deployer reads back.
CREATE TABLE preflight_decisions (
  seq         bigserial PRIMARY KEY,
  target      text NOT NULL,
  decided_at  timestamptz NOT NULL,
  body        text NOT NULL,
  recorded_at timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX preflight_decisions_target ON preflight_decisions (target, seq);

-- Webhook deliveries: one row per attempt, whatever came of it, from every replica. url is shown
-- without credentials, query string or secret-looking path segments, as the log file shows it.
CREATE TABLE webhook_deliveries (
  seq         bigserial PRIMARY KEY,
  at          timestamptz NOT NULL,
  alert_id    text NOT NULL,
  webhook     text NOT NULL,
  url         text NOT NULL,
  attempt     integer NOT NULL CHECK (attempt >= 1),
  http_status integer,
  outcome     text NOT NULL
              CHECK (outcome IN ('delivered', 'retrying', 'gave_up', 'interrupted', 'abandoned')),
  error       text
);

CREATE INDEX webhook_deliveries_alert ON webhook_deliveries (alert_id, seq);

-- The cloud cost cache (AWS Cost Explorer): each sync appends a generation holding the days it
-- fetched, under a transaction-scoped advisory lock, so generations commit in sync order. A day's
-- current content is its newest generation: its row of cloud_cost_days and the rows of
-- cloud_cost_rows from that same sync, in ord order. fetched_at is kept as the ISO-8601 text
-- written, and usd as the exact decimal AWS sent, so reading back gives the very rows synced.
CREATE TABLE cloud_cost_syncs (
  sync      bigserial PRIMARY KEY,
  synced_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE cloud_cost_days (
  sync       bigint NOT NULL,
  day        date NOT NULL,
  metric     text NOT NULL,
  agent_tag  text NOT NULL,
  fetched_at text NOT NULL,
  estimated  boolean NOT NULL,
  PRIMARY KEY (day, sync)
);

CREATE TABLE cloud_cost_rows (
  sync    bigint NOT NULL,
  day     date NOT NULL,
  ord     integer NOT NULL,
  agent   text NOT NULL,
  service text NOT NULL,
  usd     numeric NOT NULL,
  PRIMARY KEY (day, sync, ord)
);

-- Governance state every replica shares, made exactly-once by the database rather than by files.
--
-- Alerts: one row per (month, scope, name, threshold), the primary key. A replica raises an alert
-- by inserting its row with ON CONFLICT DO NOTHING; the one insert that adds the row wins and does
-- what the alert asks (freeze, webhooks), every other replica skips it. numeric compares by value,
-- so 80 and 80.0 are the same threshold. alert is the JSON the winner posted, kept as written.
CREATE TABLE alerts (
  month         text NOT NULL CHECK (month ~ '^[0-9]{4}-[0-9]{2}$'),
  scope         text NOT NULL CHECK (scope IN ('total', 'agent', 'team')),
  name          text NOT NULL,
  threshold_pct numeric NOT NULL CHECK (threshold_pct > 0),
  id            text NOT NULL,
  alert         text NOT NULL,
  raised_at     timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (month, scope, name, threshold_pct)
);

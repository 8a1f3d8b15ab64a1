-- Spend reservations: the append-only ledger of reserve, settle and release entries. Every replica
-- replays it in seq order into its in-memory book. Writers hold a transaction-scoped advisory lock
-- from before they read until they commit, so seq is assigned and made visible in commit order and
-- "seq > last seen" never skips a row.
--
-- Exact: money is numeric nano-dollars' worth of dollars (scale 9, every long fits), and an instant
-- is a timestamptz (microseconds) plus the nanoseconds past its microsecond, so replaying gives back
-- the very entry written.
CREATE TABLE reservation_ledger (
  seq         bigserial PRIMARY KEY,
  op          text NOT NULL CHECK (op IN ('reserve', 'settle', 'release')),
  id          text NOT NULL CHECK (length(id) BETWEEN 1 AND 256),
  req_id      text CHECK (length(req_id) BETWEEN 1 AND 256),
  agent_id    text CHECK (length(agent_id) BETWEEN 1 AND 256),
  run_id      text CHECK (length(run_id) BETWEEN 1 AND 256),
  usd         numeric(19, 9) CHECK (usd >= 0),
  at          timestamptz NOT NULL,
  at_ns       smallint NOT NULL CHECK (at_ns BETWEEN 0 AND 999),
  expires_at  timestamptz,
  expires_ns  smallint CHECK (expires_ns BETWEEN 0 AND 999),
  recorded_at timestamptz NOT NULL DEFAULT now(),
  -- reserve: who, for which request, how much until when; settle: the actual; release: nothing more.
  CHECK (op <> 'reserve' OR (req_id IS NOT NULL AND agent_id IS NOT NULL AND usd IS NOT NULL
                             AND expires_at IS NOT NULL AND expires_ns IS NOT NULL)),
  CHECK (op <> 'settle' OR usd IS NOT NULL)
);
